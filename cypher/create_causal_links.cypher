// Create one batch of LEADS_TO links (a load's staging graph); each row names its polarity.
UNWIND $rows AS row
MATCH (a:__From__ {id: row.source})
MATCH (b:__To__ {id: row.target})
CREATE (a)-[r:LEADS_TO {polarity: row.polarity}]->(b)
SET r += row.props
