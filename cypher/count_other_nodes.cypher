// The nodes outside review $review, which a load of that review copies into its staging graph:
// how many, and the largest internal id among them (the end of the copy's id pages).
MATCH (n)
WHERE coalesce(n.reviewId, '') <> $review
RETURN count(n) AS nodes, max(ID(n)) AS max
