// Create one batch of nodes of one label in a graph being built (a load's staging graph).
UNWIND $rows AS row
CREATE (n:__Label__ {id: row.id})
SET n += row.props
