// Every programme theory of a review (or of all reviews) with its number and short title.
MATCH (t:ProgrammeTheory)
WHERE $review IS NULL OR t.reviewId = $review
RETURN t.id AS id, t.reviewId AS review, t.number AS number, t.name AS name,
       t.shortTitle AS shortTitle
ORDER BY review, number, id
