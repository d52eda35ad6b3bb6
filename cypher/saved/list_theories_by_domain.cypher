// Programme theories by framework component (e.g. SELFIE): for every component whose name contains
// $domain (any case; "" for all), the PTs mapped to it, with whether the report counts the
// component as evidenced or as a white area.
// @param domain: ""
MATCH (d:FrameworkComponent)
WHERE toLower(d.name) CONTAINS toLower($domain)
OPTIONAL MATCH (t:ProgrammeTheory)-[:IN_DOMAIN]->(d)
WITH d, t
ORDER BY t.number
RETURN d.name AS domain, d.evidenced AS evidenced, d.whiteArea AS whiteArea,
       count(t) AS theoryCount, collect(t.shortTitle) AS theories
ORDER BY theoryCount DESC, domain
