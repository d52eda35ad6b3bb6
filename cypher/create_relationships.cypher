// Create one batch of relationships between nodes found by id with no MERGE: the floor that
// bench/bench_neo4j_load.py measures a load against (never used to load a review).
UNWIND $rows AS row
MATCH (a:__From__ {id: row.source})
MATCH (b:__To__ {id: row.target})
CREATE (a)-[r:__REL__]->(b)
SET r = row.props
