// One page (start nodes with internal ids $lo..$hi) of a type's relationships whose ends are
// both outside review $review, with their end labels, end ids and every property.
MATCH (a)-[r:__REL__]->(b)
WHERE ID(a) >= $lo AND ID(a) < $hi
  AND coalesce(a.reviewId, '') <> $review AND coalesce(b.reviewId, '') <> $review
RETURN labels(a)[0] AS fromLabel, a.id AS source, labels(b)[0] AS toLabel, b.id AS target,
       properties(r) AS props
