// Check the graph answers; the embedded server creates an empty graph on first query.
RETURN 1 AS ok
