// Benchmark floor: create one batch of relationships of one type between nodes found by id,
// with plain CREATE (no MERGE) (bench/suite/loading.py, bench/bench_neo4j_load.py).
UNWIND $rows AS row
MATCH (a:__From__ {id: row.source})
MATCH (b:__To__ {id: row.target})
CREATE (a)-[r:__REL__]->(b)
SET r += row.props
