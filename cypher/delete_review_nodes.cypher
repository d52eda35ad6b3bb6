// Remove every node of one label that belongs to a review, with its relationships.
MATCH (n:__Label__ {reviewId: $review})
DETACH DELETE n
