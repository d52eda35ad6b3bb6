// Benchmark floor: create one batch of LEADS_TO links with plain CREATE (no MERGE), for
// comparing the load with (bench/suite/loading.py).
UNWIND $rows AS row
MATCH (a:__From__ {id: row.source})
MATCH (b:__To__ {id: row.target})
CREATE (a)-[r:LEADS_TO {polarity: row.polarity}]->(b)
SET r += row.props
