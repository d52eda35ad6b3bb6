"""The graphs an export draws: every stored node and relationship, or the causal concept network.

Nodes are keyed by their ptgraph id and carry ``label`` (the text to show: the name),
``type`` (the node label, e.g. ``Context``) and every stored property; edges carry ``type``
(the relationship type) and every stored property. ``theory`` narrows either graph to one
programme theory: its CMOCs, their concepts and evidence (with the evidence's sites and
references, notes about any of them, the PT's framework components, formal theories, lineage
and spanning contexts), and only the causal links that theory states.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.analytics.network import causal_graph
from graph.interchange.source import ExportError, one_review
from graph.schema import ID_SEPARATOR, Label, Rel, global_id
from graph.stores.store import Runner

__all__ = ["Scope", "full_graph", "concept_graph", "resolve_scope", "node_kind"]

_NEIGHBOURS_OF_THEORY = (Rel.HAS_CMOC, Rel.IN_DOMAIN, Rel.INFORMED_BY, Rel.REFINES, Rel.SPANS)
_NEIGHBOURS_OF_EVIDENCE = (Rel.FROM_SITE, Rel.CITES)


@dataclass(frozen=True)
class Scope:
    """What to export: one review (or every review) and optionally one PT (a database id)."""

    review: str | None = None
    theory: str | None = None


def resolve_scope(store: Runner, review: str | None, theory: str | None) -> Scope:
    """The scope a user asked for, with a PT given by its package id (``pt5``) made a database id."""
    if theory is None:
        return Scope(one_review(store, review) if review else None, None)
    if ID_SEPARATOR not in theory:
        theory = global_id(one_review(store, review), theory)
    known = {row["id"] for row in store.run("list_theories", {"review": review})}
    if theory not in known:
        from graph.validation import did_you_mean

        raise ExportError(f"no programme theory '{theory}' in the store{did_you_mean(theory, sorted(known))}")
    return Scope(theory.split(ID_SEPARATOR, 1)[0], theory)


def node_kind(data: dict) -> str:
    """The drawing kind of a node: a concept's kind, else its node label in lower case.

    >>> node_kind({"type": "Mechanism", "kind": "resource"}), node_kind({"type": "CMOC"})
    ('resource', 'cmoc')
    """
    return str(data.get("kind") or data.get("type", "")).lower()


def full_graph(store: Runner, scope: Scope) -> nx.MultiDiGraph:
    """Every node and relationship of the scope, each with all its stored properties."""
    G = nx.MultiDiGraph()
    for row in store.run("get_nodes", {"review": scope.review}):
        props = {k: v for k, v in row["props"].items() if k != "id"}
        G.add_node(row["id"], label=str(props.get("name") or row["id"]), type=row["label"], **props)
    for row in store.run("get_relationships", {"review": scope.review}):
        G.add_edge(row["source"], row["target"], key=_edge_key(row), type=row["type"], **row["props"])
    return _theory_part(G, scope.theory) if scope.theory else G


def _edge_key(row: dict) -> str:
    polarity = row["props"].get("polarity")
    return f"{row['type']}:{polarity}" if row["type"] == Rel.LEADS_TO else str(row["type"])


def _theory_part(G: nx.MultiDiGraph, theory: str) -> nx.MultiDiGraph:
    keep = {theory}
    for _, other, data in G.out_edges(theory, data=True):
        if data["type"] in _NEIGHBOURS_OF_THEORY:
            keep.add(other)
    keep |= {a for a, _, data in G.in_edges(theory, data=True) if data["type"] in _NEIGHBOURS_OF_THEORY}
    cmocs = [n for n in keep if G.nodes[n]["type"] == Label.CMOC]
    for cmoc in cmocs:
        keep |= set(G.successors(cmoc))
        evidence = [e for e in G.predecessors(cmoc) if G.nodes[e]["type"] == Label.EVIDENCE]
        keep |= set(evidence)
        for item in evidence:
            keep |= {o for _, o, d in G.out_edges(item, data=True) if d["type"] in _NEIGHBOURS_OF_EVIDENCE}
    keep |= {n for n in G if G.nodes[n]["type"] == Label.NOTE and set(G.successors(n)) & keep}
    part = G.subgraph(keep).copy()
    drop = [
        (a, b, k)
        for a, b, k, d in part.edges(keys=True, data=True)
        if d["type"] == Rel.LEADS_TO and theory not in d.get("theories", [])
    ]
    part.remove_edges_from(drop)
    return part


def concept_graph(store: Runner, scope: Scope) -> nx.MultiDiGraph:
    """The causal network: concepts and their LEADS_TO links, each with its PTs, CMOCs and evidence.

    Concepts that two loaded reviews share (``sameAs``) are one node, as in the explorer.
    """
    causal = causal_graph(store, scope.review)
    G = nx.MultiDiGraph()
    for node, data in causal.nodes(data=True):
        attrs = {k: v for k, v in data.items() if k != "label"}
        G.add_node(node, label=str(data.get("name") or node), type=data.get("label", ""), **attrs)
    for a, b, key, data in causal.edges(keys=True, data=True):
        if scope.theory and scope.theory not in data.get("theories", []):
            continue
        evidence = sorted(data.get("evidence", []))
        G.add_edge(
            a,
            b,
            key=str(key),
            type=str(Rel.LEADS_TO),
            evidenceCount=len(evidence),
            **{**data, "evidence": evidence},
        )
    if scope.theory:
        G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])
    return G
