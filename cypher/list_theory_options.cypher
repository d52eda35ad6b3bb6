// Every programme theory of a review (or of all reviews) with its stage, for the theory picker
// (which lists refined PTs first, then initial and draft ones).
MATCH (t:ProgrammeTheory)
WHERE $review IS NULL OR t.reviewId = $review
RETURN t.id AS id, t.reviewId AS review, t.stage AS stage, t.number AS number, t.name AS name,
       t.shortTitle AS shortTitle
ORDER BY review, number, id
