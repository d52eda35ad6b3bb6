// Index a label's reviewId so that one review can be replaced quickly (embedded store).
CREATE INDEX FOR (n:__Label__) ON (n.reviewId)
