// The CMOCs that use one concept, with the role and wording it has in each and the PT
// each CMOC belongs to.
MATCH (c:CMOC)-[r:HAS_CONTEXT|HAS_MECHANISM|HAS_RESOURCE|HAS_RESPONSE|HAS_OUTCOME]->(n)
WHERE n.id = $concept
OPTIONAL MATCH (t:ProgrammeTheory)-[:HAS_CMOC]->(c)
RETURN c.id AS cmoc, c.name AS cmocName, c.polarity AS polarity, type(r) AS role,
       r.wording AS wording, r.absent AS absent, t.id AS theory, t.shortTitle AS theoryTitle,
       t.number AS theoryNumber
ORDER BY cmoc
