// Make ids unique per label in Neo4j (also creates the index behind it).
CREATE CONSTRAINT ptgraph___Label___id IF NOT EXISTS
FOR (n:__Label__) REQUIRE n.id IS UNIQUE
