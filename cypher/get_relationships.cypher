// Every relationship of a review (or of all reviews) with its type and properties.
MATCH (a)-[r]->(b)
WHERE $review IS NULL OR a.reviewId = $review
RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props
