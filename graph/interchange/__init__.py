"""The graph out to the tools people present and analyse with (``ptgraph export``).

One module per format family, each reading the store through catalog statements:
:mod:`~graph.interchange.graphs` (what is drawn), :mod:`~graph.interchange.graphml`
(GraphML, GEXF), :mod:`~graph.interchange.cytoscape` (Cytoscape.js JSON),
:mod:`~graph.interchange.kumu`, :mod:`~graph.interchange.mermaid`,
:mod:`~graph.interchange.cypher_script`, :mod:`~graph.interchange.neo4j_admin` (import CSVs
and the Browser's GRASS style) and :mod:`~graph.interchange.table` (the CMOC extraction
table that ``ptgraph import`` reads back). docs/interchange.md says what each is for.
"""
