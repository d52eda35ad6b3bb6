// How much evidence each case study site contributes, by source type (staff, service users,
// carers), with literature findings (no site) as their own row: where does the evidence come from?
MATCH (e:Evidence)
OPTIONAL MATCH (e)-[:FROM_SITE]->(s:CaseSite)
RETURN s.name AS site, e.sourceType AS sourceType, count(e) AS evidence
ORDER BY site, sourceType
