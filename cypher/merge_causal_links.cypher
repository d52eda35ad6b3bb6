// Create one batch of LEADS_TO links; positive and negative links between the
// same two concepts are kept apart.
UNWIND $rows AS row
MATCH (a:__From__ {id: row.source})
MATCH (b:__To__ {id: row.target})
MERGE (a)-[r:LEADS_TO {polarity: row.polarity}]->(b)
SET r += row.props
