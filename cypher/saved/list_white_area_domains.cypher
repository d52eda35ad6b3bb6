// Framework components (e.g. SELFIE's) the report marks as white areas (limited data), with the PTs
// mapped to them, if any: where the evidence base is thin.
// @param whiteArea: true
MATCH (d:FrameworkComponent)
WHERE d.whiteArea = $whiteArea
OPTIONAL MATCH (t:ProgrammeTheory)-[:IN_DOMAIN]->(d)
RETURN d.name AS domain, d.level AS level, d.description AS description,
       collect(t.shortTitle) AS theories
ORDER BY domain
