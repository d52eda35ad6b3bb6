// How many nodes and relationships the database holds (used to notice changes).
MATCH (n)
OPTIONAL MATCH (n)-[r]->()
RETURN count(DISTINCT n) AS nodes, count(r) AS relationships
