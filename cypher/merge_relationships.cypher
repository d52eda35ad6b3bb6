// Create one batch of relationships of one type between nodes found by id.
UNWIND $rows AS row
MATCH (a:__From__ {id: row.source})
MATCH (b:__To__ {id: row.target})
MERGE (a)-[r:__REL__]->(b)
SET r += row.props
