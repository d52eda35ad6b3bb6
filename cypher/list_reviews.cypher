// Every review in the database with its name and citation.
MATCH (r:Review)
RETURN r.id AS id, r.name AS name, r.citation AS citation
ORDER BY id
