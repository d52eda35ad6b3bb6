// What a load left, as the kill benchmark compares it: node counts by label, and one review's content hash.
MATCH (n)
WITH labels(n)[0] AS label, count(n) AS n
ORDER BY label
WITH collect([label, n]) AS counts
OPTIONAL MATCH (r:Review {id: $review})
RETURN r.contentHash AS hash, counts
