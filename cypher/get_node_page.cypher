// One page (internal ids $lo..$hi) of a label's nodes outside review $review, with every property.
MATCH (n:__Label__)
WHERE ID(n) >= $lo AND ID(n) < $hi AND coalesce(n.reviewId, '') <> $review
RETURN n.id AS id, properties(n) AS props
