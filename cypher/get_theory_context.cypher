// What frames one programme theory: its SELFIE domains (IN_DOMAIN), the formal theories it
// is informed by (INFORMED_BY) and the overarching contexts that span it (SPANS).
MATCH (t:ProgrammeTheory)-[:IN_DOMAIN]->(d:FrameworkComponent)
WHERE t.id = $theory
RETURN 'domain' AS kind, d.id AS id, d.name AS name, d.description AS description
UNION ALL
MATCH (t:ProgrammeTheory)-[:INFORMED_BY]->(f:FormalTheory)
WHERE t.id = $theory
RETURN 'formal_theory' AS kind, f.id AS id, f.name AS name, f.description AS description
UNION ALL
MATCH (o:Context)-[:SPANS]->(t:ProgrammeTheory)
WHERE t.id = $theory
RETURN 'overarching_context' AS kind, o.id AS id, o.name AS name, o.definition AS description
