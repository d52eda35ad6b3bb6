// The names of the constraints' and indexes' indexes ptgraph created in Neo4j, so that a load
// creates only the missing ones instead of one schema transaction per label each time.
SHOW INDEXES YIELD name
WHERE name STARTS WITH 'ptgraph_'
RETURN name
