// Create one batch of relationships of one type between nodes found by id (a load's staging graph).
UNWIND $rows AS row
MATCH (a:__From__ {id: row.source})
MATCH (b:__To__ {id: row.target})
CREATE (a)-[r:__REL__]->(b)
SET r += row.props
