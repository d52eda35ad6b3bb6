// The source types (literature, staff, service_user, carer, or a review's own) the evidence of a
// review (or of all reviews) uses, in the order the evidence ids first use them: one row per
// type instead of one per evidence item (tens of thousands in a large review).
MATCH (e:Evidence)
WHERE ($review IS NULL OR e.reviewId = $review) AND e.sourceType IS NOT NULL
WITH e.sourceType AS sourceType, min(e.id) AS firstUse
RETURN sourceType
ORDER BY firstUse
