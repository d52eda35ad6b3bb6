// Every context, mechanism and outcome concept with its label and properties.
MATCH (n)
WHERE (n:Context OR n:Mechanism OR n:Outcome) AND ($review IS NULL OR n.reviewId = $review)
RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, n.kind AS kind, n.level AS level,
       n.definition AS definition
ORDER BY name
