// For each programme theory (of one review and stage, or all), how many distinct evidence
// items of each source type (literature, staff, service_user, carer) support its CMOCs.
MATCH (t:ProgrammeTheory)-[:HAS_CMOC]->(:CMOC)<-[:SUPPORTS]-(e:Evidence)
WHERE ($review IS NULL OR t.reviewId = $review) AND ($stage IS NULL OR t.stage = $stage)
RETURN t.id AS theory, e.sourceType AS sourceType, count(DISTINCT e) AS evidence
ORDER BY theory, sourceType
