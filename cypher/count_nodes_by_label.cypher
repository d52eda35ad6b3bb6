// How many nodes of each label, in one review or in all of them.
MATCH (n)
WHERE $review IS NULL OR n.reviewId = $review
RETURN labels(n)[0] AS label, count(n) AS count
ORDER BY label
