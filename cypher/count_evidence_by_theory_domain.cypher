// For each programme theory (of one review and stage, or all) and each framework component
// it is mapped to (IN_DOMAIN), how many distinct evidence items support the theory's CMOCs.
MATCH (t:ProgrammeTheory)-[:IN_DOMAIN]->(d:FrameworkComponent)
WHERE ($review IS NULL OR t.reviewId = $review) AND ($stage IS NULL OR t.stage = $stage)
OPTIONAL MATCH (t)-[:HAS_CMOC]->(:CMOC)<-[:SUPPORTS]-(e:Evidence)
RETURN t.id AS theory, d.id AS domain, count(DISTINCT e) AS evidence
ORDER BY theory, domain
