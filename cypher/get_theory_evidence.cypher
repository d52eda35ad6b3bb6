// Every evidence item supporting one programme theory's CMOCs, with its source type,
// attribution (speaker, role, site; cited references) and the CMOCs it supports.
MATCH (t:ProgrammeTheory)-[:HAS_CMOC]->(c:CMOC)<-[:SUPPORTS]-(e:Evidence)
WHERE t.id = $theory
OPTIONAL MATCH (e)-[:FROM_SITE]->(s:CaseSite)
OPTIONAL MATCH (e)-[:CITES]->(ref:Reference)
RETURN e.id AS id, 'SUPPORTS' AS relation, e.kind AS kind, e.sourceType AS sourceType, e.text AS text,
       e.speaker AS speaker, e.role AS role, s.name AS site, e.section AS section,
       e.paragraph AS paragraph, collect(DISTINCT c.id) AS cmocs, collect(DISTINCT ref.citation) AS citations
ORDER BY id
