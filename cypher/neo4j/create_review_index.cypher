// Index a label's reviewId in Neo4j so that one review can be replaced quickly.
CREATE INDEX ptgraph___Label___review IF NOT EXISTS
FOR (n:__Label__) ON (n.reviewId)
