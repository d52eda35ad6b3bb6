// Create one batch of LEADS_TO links with plain CREATE, each row naming its polarity (positive
// and negative links between two concepts stay apart): a load's write and the benchmarks' floor.
UNWIND $rows AS row
MATCH (a:__From__ {id: row.source})
MATCH (b:__To__ {id: row.target})
CREATE (a)-[r:LEADS_TO {polarity: row.polarity}]->(b)
SET r += row.props
