"""The store interface and its two stores: embedded FalkorDB (default) and Neo4j."""
