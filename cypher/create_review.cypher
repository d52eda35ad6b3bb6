// Create the Review node that every item of a package belongs to (after its old content is gone).
CREATE (r:Review {id: $id})
SET r += $props
