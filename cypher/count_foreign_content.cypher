// Nodes a copy of the graph could not carry over: no id, several labels, or a label outside
// the schema ($labels), and relationships of a type outside the schema ($types).
OPTIONAL MATCH (n)
WHERE n.id IS NULL OR size(labels(n)) <> 1 OR NOT labels(n)[0] IN $labels
WITH count(n) AS nodes
OPTIONAL MATCH ()-[r]->()
WHERE NOT type(r) IN $types
RETURN nodes, count(r) AS relationships
