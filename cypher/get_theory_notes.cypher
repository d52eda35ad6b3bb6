// The notes (rigour, inconsistency, curation) about one programme theory or about any of
// its CMOCs, with their section/paragraph and what each is about.
MATCH (t:ProgrammeTheory)
WHERE t.id = $theory
OPTIONAL MATCH (t)-[:HAS_CMOC]->(c:CMOC)
WITH t, [t.id] + collect(c.id) AS targets
MATCH (n:Note)-[:ABOUT]->(x)
WHERE x.id IN targets AND x.reviewId = t.reviewId
RETURN n.id AS id, n.kind AS kind, n.text AS text, n.section AS section, n.paragraph AS paragraph,
       collect(DISTINCT x.id) AS about
ORDER BY id
