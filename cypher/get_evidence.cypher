// Every evidence item with its attribution and the CMOCs it supports or challenges.
MATCH (e:Evidence)
WHERE $review IS NULL OR e.reviewId = $review
OPTIONAL MATCH (e)-[:FROM_SITE]->(s:CaseSite)
OPTIONAL MATCH (e)-[rel:SUPPORTS|CHALLENGES]->(c:CMOC)
RETURN e.id AS id, e.kind AS kind, e.sourceType AS sourceType, e.text AS text,
       e.speaker AS speaker, e.role AS role, s.id AS site, s.name AS siteName,
       collect(DISTINCT [type(rel), c.id]) AS links
ORDER BY id
