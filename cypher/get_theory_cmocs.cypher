// The CMOCs of one programme theory, one row per element: the concept, its role, and the
// PT's own wording for it (a CMOC with no elements gives one row with a null concept).
MATCH (t:ProgrammeTheory)-[:HAS_CMOC]->(c:CMOC)
WHERE t.id = $theory
OPTIONAL MATCH (c)-[r:HAS_CONTEXT|HAS_MECHANISM|HAS_RESOURCE|HAS_RESPONSE|HAS_OUTCOME]->(n)
RETURN c.id AS cmoc, c.name AS name, c.polarity AS polarity, c.source AS source, c.section AS section,
       c.paragraph AS paragraph, c.text AS text, c.theoryOnly AS theoryOnly, c.missing AS missing,
       c.missingReason AS missingReason, type(r) AS role, n.id AS concept, n.name AS conceptName,
       n.kind AS kind, n.level AS conceptLevel, r.level AS level, r.wording AS wording, r.absent AS absent
ORDER BY cmoc, role, concept
