// Concepts (contexts, mechanisms, outcomes) used by at least $minTheories programme theories:
// where the theories meet, so chains can cross from one PT into another.
// @param minTheories: 3
MATCH (t:ProgrammeTheory)-[:HAS_CMOC]->(:CMOC)-[:HAS_CONTEXT|HAS_MECHANISM|HAS_RESOURCE|HAS_RESPONSE|HAS_OUTCOME]->(n)
WITH n, t
ORDER BY t.number
WITH n, collect(DISTINCT coalesce(t.shortTitle, t.name)) AS theories
WHERE size(theories) >= $minTheories
RETURN n.name AS concept, n.kind AS kind, size(theories) AS theoryCount, theories
ORDER BY theoryCount DESC, concept
