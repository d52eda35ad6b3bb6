// Benchmark floor: create one batch of relationships of one type between nodes found by id,
// with plain CREATE (no MERGE), for comparing the load with (bench/suite/loading.py).
UNWIND $rows AS row
MATCH (a:__From__ {id: row.source})
MATCH (b:__To__ {id: row.target})
CREATE (a)-[r:__REL__]->(b)
SET r += row.props
