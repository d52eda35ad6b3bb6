"""Plain functions turning the causal graph and pathways into cytoscape elements and table rows."""

from __future__ import annotations

from dataclasses import asdict

import networkx as nx

from dashboard.views.derived import derived
from graph.analytics.pathways import Hop, Pathway
from graph.naming import theory_names
from graph.schema import local_id

__all__ = ["node_kind", "edge_id", "split_edge_id", "filter_graph", "graph_elements", "search_matches",
           "mark", "concept_name", "chain_rows", "chain_elements", "pathway_to_dict", "pathway_from_dict"]

EDGE_SEP = "|"


def node_kind(attrs: dict) -> str:
    """context, resource, response or outcome (the concept's kind, else its label)."""
    return str(attrs.get("kind") or attrs.get("label", "")).lower()


def edge_id(source: str, target: str, polarity: str) -> str:
    return EDGE_SEP.join((source, target, polarity))


def split_edge_id(eid: str) -> tuple[str, str, str]:
    source, target, polarity = eid.split(EDGE_SEP)
    return source, target, polarity


def concept_name(G: nx.MultiDiGraph, node: str) -> str:
    return str(G.nodes[node].get("name") or local_id(node)) if node in G else local_id(node)


def filter_graph(G: nx.MultiDiGraph, *, theory: str | None = None, kinds: list[str] | None = None,
                 include_negative: bool = True, theories: set[str] | None = None,
                 evidence: set[str] | None = None, include_theory_only: bool = True) -> nx.MultiDiGraph:
    """The part of ``G`` a user asked for.

    ``theory`` keeps only links from that PT; ``theories`` only links from any of those PTs
    (e.g. the PTs of a SELFIE component); ``evidence`` only links backed by at least one of
    those evidence items (e.g. the quotes of one source type). Each of these keeps just the
    concepts its links join. ``kinds`` keeps only concepts of those kinds;
    ``include_negative`` False drops disconfirming links, ``include_theory_only`` False the
    links no evidence item backs. The result is shared (see :mod:`dashboard.views.derived`): never
    change it.
    """
    key = ("filter_graph", theory, None if kinds is None else tuple(kinds), include_negative,
           None if theories is None else frozenset(theories),
           None if evidence is None else frozenset(evidence), include_theory_only)
    return derived(G, key, lambda: _filtered(G, theory, kinds, include_negative, theories, evidence,
                                             include_theory_only))


def _filtered(G: nx.MultiDiGraph, theory: str | None, kinds: list[str] | None, include_negative: bool,
              theories: set[str] | None, evidence: set[str] | None,
              include_theory_only: bool) -> nx.MultiDiGraph:
    def wanted(d: dict) -> bool:
        return ((include_negative or d.get("polarity", "positive") == "positive")
                and (include_theory_only or not (d.get("theoryOnly") or not d.get("evidence")))
                and (not theory or theory in (d.get("theories") or []))
                and (theories is None or bool(theories.intersection(d.get("theories") or [])))
                and (evidence is None or bool(evidence.intersection(d.get("evidence") or []))))

    # the edges with their data from one pass: looking each kept edge up again in G's views cost
    # most of this function at 34k links
    keep_edges = [edge for edge in G.edges(keys=True, data=True) if wanted(edge[3])]
    by_links = theory or theories is not None or evidence is not None
    nodes = {n for a, b, _, _ in keep_edges for n in (a, b)} if by_links else set(G)
    if kinds is not None:
        nodes = {n for n in nodes if node_kind(G.nodes[n]) in kinds}
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, d) for n, d in G.nodes(data=True) if n in nodes)
    sub.add_edges_from(edge for edge in keep_edges if edge[0] in nodes and edge[1] in nodes)
    return sub


def graph_elements(G: nx.MultiDiGraph, positions: dict | None = None) -> list[dict]:
    """Cytoscape elements: one node per concept, one edge per LEADS_TO link (polarity as class).

    With ``positions`` (``{node: (x, y)}``, e.g. from :func:`graph.analytics.layout.layered_positions`)
    every node carries its place, for cytoscape's ``preset`` layout.
    """
    elements = []
    for node, attrs in G.nodes(data=True):
        kind = node_kind(attrs)
        element: dict = {"data": {"id": node, "label": concept_name(G, node), "kind": kind}, "classes": kind}
        if positions and node in positions:
            x, y = positions[node]
            element["position"] = {"x": x, "y": y}
        elements.append(element)
    for a, b, key, attrs in G.edges(keys=True, data=True):
        polarity = str(attrs.get("polarity", key))
        unbacked = attrs.get("theoryOnly") or not attrs.get("evidence")
        classes = [polarity] + (["theory-only"] if unbacked else [])
        elements.append({"data": {"id": edge_id(a, b, polarity), "source": a, "target": b,
                                  "polarity": polarity,
                                  "theories": [t["short"]
                                               for t in theory_names(attrs.get("theories") or [])]},
                         "classes": " ".join(classes)})
    return elements


def search_matches(G: nx.MultiDiGraph, text: str | None) -> list[str]:
    """Concept ids whose name or id contains ``text`` (ignoring case); none for blank text."""
    needle = (text or "").strip().casefold()
    if not needle:
        return []
    return sorted(n for n, d in G.nodes(data=True)
                  if needle in str(d.get("name", "")).casefold() or needle in local_id(n).casefold())


def mark(elements: list[dict], ids: set[str] | list[str], cls: str, *,
         dim_others: bool = False) -> list[dict]:
    """Copies of ``elements`` with class ``cls`` on those whose id is in ``ids`` (others dimmed if asked)."""
    wanted = set(ids)
    marked = []
    for el in elements:
        classes = el.get("classes", "").split()
        if el["data"]["id"] in wanted:
            classes.append(cls)
        elif dim_others and wanted:
            classes.append("dimmed")
        marked.append({**el, "classes": " ".join(classes)})
    return marked


def chain_rows(G: nx.MultiDiGraph, pathways: list[Pathway], index: dict | None = None) -> list[dict]:
    """One summary row per ranked chain: its concepts, hops, PTs (in numeric order) and evidence counts."""
    return [{
        "rank": i + 1,
        "chain": " → ".join(concept_name(G, n) for n in p.nodes),
        "hops": len(p.hops),
        "theories": ", ".join(t["short"] for t in theory_names(p.theories, index)),
        "min_evidence": p.min_evidence,
        "total_evidence": p.total_evidence,
        "one_source": bool(p.common_evidence),
        "negative": any("negative" in h.polarity for h in p.hops),
    } for i, p in enumerate(pathways)]


def chain_elements(G: nx.MultiDiGraph, pathways: list[Pathway], selected: int | None) -> list[dict]:
    """Elements of every found chain together, with the selected chain highlighted and the rest dimmed."""
    nodes = {n for p in pathways for n in p.nodes}
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, G.nodes[n]) for n in G if n in nodes)
    for p in pathways:
        for h in p.hops:
            for pol in h.polarity.split("/"):
                if G.has_edge(h.source, h.target, pol):
                    sub.add_edge(h.source, h.target, pol, **G.edges[h.source, h.target, pol])
    elements = graph_elements(sub)
    if selected is None or not 0 <= selected < len(pathways):
        return elements
    chosen = pathways[selected]
    ids = set(chosen.nodes) | {edge_id(h.source, h.target, pol) for h in chosen.hops
                               for pol in h.polarity.split("/")}
    return mark(elements, ids, "highlight", dim_others=True)


def pathway_to_dict(p: Pathway) -> dict:
    return asdict(p)


def pathway_from_dict(d: dict) -> Pathway:
    hops = tuple(Hop(h["source"], h["target"], h["polarity"], tuple(h["theories"]), tuple(h["cmocs"]),
                     tuple(h["evidence"])) for h in d["hops"])
    return Pathway(tuple(d["nodes"]), hops)
