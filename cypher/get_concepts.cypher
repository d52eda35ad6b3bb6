// Every context, mechanism and outcome concept with its label and properties, and the
// concepts of other reviews it is the same idea as (sameAs: cross-review merges).
MATCH (n)
WHERE (n:Context OR n:Mechanism OR n:Outcome) AND ($review IS NULL OR n.reviewId = $review)
RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, n.kind AS kind, n.level AS level,
       n.definition AS definition, n.sameAs AS sameAs
ORDER BY name
