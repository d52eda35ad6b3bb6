// Create one batch of relationships of one type between nodes found by id, with plain CREATE:
// a load's write (rows made unique first) and the benchmarks' floor.
UNWIND $rows AS row
MATCH (a:__From__ {id: row.source})
MATCH (b:__To__ {id: row.target})
CREATE (a)-[r:__REL__]->(b)
SET r += row.props
