"""The export formats by name, with what each is for: all ``ptgraph export --help`` needs.

Kept apart from :mod:`graph.interchange.exporter` (which imports networkx, openpyxl and the
analytics) so that listing the formats costs no import; the exporter pairs each name with
its writer and refuses a name that is not here.

>>> list(FORMATS)[:3]
['graphml', 'gexf', 'cytoscape']
"""

from __future__ import annotations

__all__ = ["FORMATS"]

FORMATS: dict[str, str] = {
    "graphml": "GraphML for Gephi, yEd, Cytoscape desktop and networkx (default --graph full)",
    "gexf": "GEXF for Gephi, with the explorer's colours (default --graph full)",
    "cytoscape": "Cytoscape.js JSON with the explorer's styles and layout (default causal)",
    "kumu": "a Kumu workbook: Elements and Connections sheets (default --graph causal)",
    "mermaid": "a Mermaid flowchart of one PT (--theory) or one pathway (--from/--to)",
    "cypher": "a Cypher script that recreates the review(s) in any Neo4j",
    "neo4j-admin": "a folder of CSVs for neo4j-admin database import, with import.sh",
    "grass": "a Neo4j Browser style (GRASS) with the explorer's colours",
    "table": "the CMOC extraction table (.xlsx, or .csv and its companion files)",
}
