// Disconfirming CMOCs (polarity $polarity) with their PT and every evidence item that supports
// or challenges them, verbatim, with speaker, role and case study site.
// @param polarity: "negative"
MATCH (t:ProgrammeTheory)-[:HAS_CMOC]->(c:CMOC)
WHERE c.polarity = $polarity
OPTIONAL MATCH (e:Evidence)-[rel:SUPPORTS|CHALLENGES]->(c)
OPTIONAL MATCH (e)-[:FROM_SITE]->(s:CaseSite)
RETURN coalesce(t.shortTitle, t.name) AS theory, c.name AS cmoc, type(rel) AS relation, e.text AS evidence,
       e.speaker AS speaker, e.role AS role, s.name AS site
ORDER BY theory, cmoc, speaker
