// The credit an exported figure gives its data: each review's (or one review's) name,
// citation, licence and source link.
MATCH (r:Review)
WHERE $review IS NULL OR r.id = $review
RETURN r.id AS id, r.name AS name, r.citation AS citation, r.license AS license, r.source AS source
ORDER BY id
