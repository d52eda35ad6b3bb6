// The source type (literature, staff, service_user, carer) of every evidence item of a
// review (or of all reviews).
MATCH (e:Evidence)
WHERE $review IS NULL OR e.reviewId = $review
RETURN e.id AS id, e.sourceType AS sourceType
ORDER BY id
