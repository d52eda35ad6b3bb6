// The largest internal node id, to page through a graph by id range.
MATCH (n)
RETURN max(ID(n)) AS max
