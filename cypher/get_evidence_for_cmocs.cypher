// Evidence that supports or challenges the given CMOCs, with its attribution, where in the
// source it stands (section, paragraph, page), the curators' note on it and any notes (e.g.
// inconsistencies) about it.
MATCH (e:Evidence)-[rel:SUPPORTS|CHALLENGES]->(c:CMOC)
WHERE c.id IN $cmocs
OPTIONAL MATCH (e)-[:FROM_SITE]->(s:CaseSite)
OPTIONAL MATCH (e)-[:CITES]->(ref:Reference)
OPTIONAL MATCH (n:Note)-[:ABOUT]->(e)
RETURN e.id AS id, type(rel) AS relation, c.id AS cmoc, e.kind AS kind, e.text AS text,
       e.speaker AS speaker, e.role AS role, e.sourceType AS sourceType, s.name AS site,
       e.section AS section, e.paragraph AS paragraph, e.page AS page, e.note AS note,
       collect(DISTINCT ref.citation) AS citations, collect(DISTINCT n.text) AS notes
ORDER BY id
