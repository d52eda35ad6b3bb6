// Create or update the Review node that every item of a package belongs to.
MERGE (r:Review {id: $id})
SET r += $props
