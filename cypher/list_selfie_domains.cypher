// Every SELFIE domain of a review (or of all reviews): its level, whether the review
// found evidence for it and whether the review marks it as a white area.
MATCH (d:SelfieDomain)
WHERE $review IS NULL OR d.reviewId = $review
RETURN d.id AS id, d.reviewId AS review, d.name AS name, d.level AS level,
       d.evidenced AS evidenced, d.whiteArea AS whiteArea
ORDER BY review, id
