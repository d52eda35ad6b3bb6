// Every framework component (e.g. a SELFIE domain, a CFIR domain) of a review (or of all
// reviews): its framework, level, whether the review found evidence for it and whether it
// marks it as a white area.
MATCH (d:FrameworkComponent)
WHERE $review IS NULL OR d.reviewId = $review
RETURN d.id AS id, d.reviewId AS review, d.name AS name, d.framework AS framework,
       d.frameworkName AS frameworkName, d.level AS level, d.evidenced AS evidenced,
       d.whiteArea AS whiteArea
ORDER BY review, id
