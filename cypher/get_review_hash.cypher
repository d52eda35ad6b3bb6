// The content hash of a loaded review (null for one loaded before hashes existed; no row if absent).
MATCH (r:Review {id: $id})
RETURN r.contentHash AS hash
