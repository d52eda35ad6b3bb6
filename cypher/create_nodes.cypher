// Create one batch of nodes of one label with no MERGE: the floor that bench/bench_neo4j_load.py
// measures a load against (never used to load a review).
UNWIND $rows AS row
CREATE (n:__Label__)
SET n = row.props, n.id = row.id
