// Create one batch of nodes of one label with plain CREATE (no MERGE, no lookup): a load's
// write (FalkorDB's staging graph, Neo4j's one transaction) and the benchmarks' floor.
UNWIND $rows AS row
CREATE (n:__Label__ {id: row.id})
SET n += row.props
