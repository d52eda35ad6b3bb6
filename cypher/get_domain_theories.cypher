// Every framework component (SELFIE, CFIR, the review's own...) of a review (or of all
// reviews) with its framework and the programme theories mapped to it; components no PT
// maps to are listed too, with an empty list.
MATCH (d:FrameworkComponent)
WHERE $review IS NULL OR d.reviewId = $review
OPTIONAL MATCH (t:ProgrammeTheory)-[:IN_DOMAIN]->(d)
RETURN d.id AS id, d.name AS name, d.framework AS framework, d.frameworkName AS frameworkName,
       d.whiteArea AS whiteArea, collect(t.id) AS theories
ORDER BY name
