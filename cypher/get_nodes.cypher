// Every node of a review (or of all reviews) with its label and properties.
MATCH (n)
WHERE $review IS NULL OR n.reviewId = $review
RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props
