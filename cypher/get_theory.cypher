// One programme theory with its stage, number, titles and statement, for the theory view.
MATCH (t:ProgrammeTheory)
WHERE t.id = $theory
RETURN t.id AS id, t.reviewId AS review, t.stage AS stage, t.number AS number, t.name AS name,
       t.shortTitle AS shortTitle, t.statement AS statement
