// Evidence that supports or challenges the given CMOCs, with its attribution.
MATCH (e:Evidence)-[rel:SUPPORTS|CHALLENGES]->(c:CMOC)
WHERE c.id IN $cmocs
OPTIONAL MATCH (e)-[:FROM_SITE]->(s:CaseSite)
OPTIONAL MATCH (e)-[:CITES]->(ref:Reference)
RETURN e.id AS id, type(rel) AS relation, c.id AS cmoc, e.kind AS kind, e.text AS text,
       e.speaker AS speaker, e.role AS role, e.sourceType AS sourceType, s.name AS site,
       e.section AS section, e.paragraph AS paragraph, collect(ref.citation) AS citations
ORDER BY id
