// Take a review's write lock in Neo4j: write its Review node (made if absent), so another load or
// delete of that review waits until this transaction ends, then reads what it committed.
MERGE (r:Review {id: $id})
SET r.reviewId = $id
