// Create or update one batch of nodes of one label, keyed on their stable id.
UNWIND $rows AS row
MERGE (n:__Label__ {id: row.id})
SET n += row.props
