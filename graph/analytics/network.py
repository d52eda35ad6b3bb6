"""The stored graph as networkx graphs, for analytics and notebooks."""

from __future__ import annotations

import networkx as nx

from graph.concepts.across import merge_across_reviews
from graph.stores.store import Runner

__all__ = ["to_networkx", "causal_graph", "causal_graph_from_rows"]


def to_networkx(store: Runner, review: str | None = None) -> nx.MultiDiGraph:
    """Every node and relationship (of one review, or all) as a MultiDiGraph.

    Nodes are keyed by id and carry ``label`` plus their properties; edges carry
    ``type`` (the relationship type) and their properties.
    """
    graph = nx.MultiDiGraph()
    for row in store.run("get_nodes", {"review": review}):
        graph.add_node(row["id"], label=row["label"], **row["props"])
    for row in store.run("get_relationships", {"review": review}):
        graph.add_edge(row["source"], row["target"], type=row["type"], **row["props"])
    return graph


def causal_graph(store: Runner, review: str | None = None) -> nx.MultiDiGraph:
    """Concepts and their LEADS_TO links, each link with its PTs, CMOCs and evidence ids."""
    concepts = store.run("get_concepts", {"review": review})
    links = store.run("get_causal_links", {"review": review})
    return merge_across_reviews(causal_graph_from_rows(concepts, links))


def causal_graph_from_rows(concepts: list[dict], links: list[dict]) -> nx.MultiDiGraph:
    """Build the causal graph from query rows (see ``get_concepts``/``get_causal_links``).

    >>> G = causal_graph_from_rows(
    ...     [{"id": "a", "label": "Context", "name": "Leadership"},
    ...      {"id": "b", "label": "Outcome", "name": "Engagement"}],
    ...     [{"source": "a", "target": "b", "polarity": "positive", "theories": ["pt6"],
    ...       "cmocs": ["c1"], "evidence": ["e1", "e2"]}])
    >>> G.edges["a", "b", "positive"]["evidence"]
    ['e1', 'e2']
    """
    graph = nx.MultiDiGraph()
    for row in concepts:
        graph.add_node(row["id"], **{k: v for k, v in row.items() if k != "id" and v is not None})
    for row in links:
        attrs = {k: v for k, v in row.items() if k not in ("source", "target")}
        attrs.setdefault("evidence", [])
        graph.add_edge(row["source"], row["target"], key=row["polarity"], **attrs)
    return graph
