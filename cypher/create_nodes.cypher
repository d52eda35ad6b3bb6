// Benchmark floor: create one batch of nodes of one label with plain CREATE (no MERGE, no
// lookup), the least work a load of the same rows can do (bench/suite/loading.py,
// bench/bench_neo4j_load.py); never used to load a review.
UNWIND $rows AS row
CREATE (n:__Label__ {id: row.id})
SET n += row.props
