// How many relationships of each type, in one review or in all of them.
MATCH (a)-[r]->()
WHERE $review IS NULL OR a.reviewId = $review
RETURN type(r) AS type, count(r) AS count
ORDER BY type
