// The abbreviations each review's package defines ('TERM: meaning' strings), for the
// explorer's glossary.
MATCH (r:Review)
WHERE $review IS NULL OR r.id = $review
RETURN r.id AS review, r.name AS name, r.abbreviations AS abbreviations
ORDER BY review
