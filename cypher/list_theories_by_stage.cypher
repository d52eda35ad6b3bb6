// Programme theories of a review (or of all reviews) at one stage (or at every stage),
// with their number, stage and titles: the rows of the evidence gap map.
MATCH (t:ProgrammeTheory)
WHERE ($review IS NULL OR t.reviewId = $review) AND ($stage IS NULL OR t.stage = $stage)
RETURN t.id AS id, t.reviewId AS review, t.number AS number, t.stage AS stage, t.name AS name,
       t.shortTitle AS shortTitle
ORDER BY review, id
