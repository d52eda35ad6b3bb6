"""Concepts that two reviews share: their nodes become one in the causal projection.

A cross-review merge is stored as ``sameAs`` on a concept node of one review, naming a
concept of another review by its database id (``<review>:<concept>``). It comes from that
review's ``concept_links.csv``, so it survives reloading either review; the databases
never hold a relationship between two reviews' nodes that a reload would cut.
"""

from __future__ import annotations

import networkx as nx

__all__ = ["merge_across_reviews"]

_LISTS = ("theories", "cmocs", "evidence")


def merge_across_reviews(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Fold every concept into the one it is ``sameAs`` (when both are in ``G``), in place.

    The node kept is the smallest id of each group; it lists the others in ``mergedFrom``.
    Links that meet are joined, their PTs, CMOCs and evidence united.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a:trust", name="Trust", sameAs=["b:trust-in-staff"]); G.add_node("b:trust-in-staff")
    >>> G.add_node("a:care", name="Care"); G.add_node("b:use", name="Use")
    >>> _ = G.add_edge("a:care", "a:trust", key="positive", polarity="positive", theories=["a:pt1"],
    ...                cmocs=["a:c1"], evidence=["a:e1"])
    >>> _ = G.add_edge("b:trust-in-staff", "b:use", key="positive", polarity="positive",
    ...                theories=["b:pt1"], cmocs=["b:c9"], evidence=["b:e4"])
    >>> merged = merge_across_reviews(G)
    >>> sorted(merged.edges()), merged.nodes["a:trust"]["mergedFrom"]
    ([('a:care', 'a:trust'), ('a:trust', 'b:use')], ['b:trust-in-staff'])
    """
    groups = nx.utils.UnionFind()
    linked = False
    for node, same in list(G.nodes(data="sameAs")):
        for other in same or []:
            if other in G and other != node:
                groups.union(node, other)
                linked = True
    if not linked:
        return G
    for group in groups.to_sets():
        keep, *others = sorted(group)
        for other in others:
            _fold(G, keep, other)
        G.nodes[keep]["mergedFrom"] = sorted({*G.nodes[keep].get("mergedFrom", []), *others})
    return G


def _fold(G: nx.MultiDiGraph, keep: str, other: str) -> None:
    edges = [*G.in_edges(other, keys=True, data=True), *G.out_edges(other, keys=True, data=True)]
    moved = [(keep if a == other else a, keep if b == other else b, k, d) for a, b, k, d in edges]
    G.remove_node(other)
    for a, b, key, data in moved:
        if a == b:
            continue
        if G.has_edge(a, b, key):
            here = G.edges[a, b, key]
            for name in _LISTS:
                here[name] = sorted({*here.get(name, []), *data.get(name, [])})
        else:
            G.add_edge(a, b, key=key, **data)
