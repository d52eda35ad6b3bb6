// The given CMOCs with their names and the programme theory each belongs to, so the
// explorer can name them in words (ids stay available on hover).
MATCH (c:CMOC)
WHERE c.id IN $cmocs
OPTIONAL MATCH (t:ProgrammeTheory)-[:HAS_CMOC]->(c)
RETURN c.id AS id, c.name AS name, t.id AS theory
ORDER BY id
