"""ptgraph's domain: realist programme theories as a causal graph.

This package holds the schema, the domain models and their validation, the store
interface with its embedded (FalkorDB) and Neo4j implementations, and analytics on
networkx. It never imports dash.
"""
