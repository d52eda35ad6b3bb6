// Every evidence item supporting one programme theory's CMOCs, with its source type,
// attribution (speaker, role, site; cited references), where in the source it stands, the
// curators' note on it, any notes about it, and the CMOCs it supports.
MATCH (t:ProgrammeTheory)-[:HAS_CMOC]->(c:CMOC)<-[:SUPPORTS]-(e:Evidence)
WHERE t.id = $theory
OPTIONAL MATCH (e)-[:FROM_SITE]->(s:CaseSite)
OPTIONAL MATCH (e)-[:CITES]->(ref:Reference)
OPTIONAL MATCH (n:Note)-[:ABOUT]->(e)
RETURN e.id AS id, 'SUPPORTS' AS relation, e.kind AS kind, e.sourceType AS sourceType, e.text AS text,
       e.speaker AS speaker, e.role AS role, s.name AS site, e.section AS section,
       e.paragraph AS paragraph, e.page AS page, e.note AS note, collect(DISTINCT c.id) AS cmocs,
       collect(DISTINCT ref.citation) AS citations, collect(DISTINCT n.text) AS notes
ORDER BY id
