"""Causal chains between concepts, ranked by length and evidence."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import networkx as nx

from graph.errors import NodeNotFound

__all__ = ["Hop", "Pathway", "match_concepts", "find_pathways", "MAX_CANDIDATES"]

MAX_CANDIDATES = 20_000


@dataclass(frozen=True)
class Hop:
    source: str
    target: str
    polarity: str
    theories: tuple[str, ...]
    cmocs: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Pathway:
    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]

    @property
    def theories(self) -> tuple[str, ...]:
        return tuple(sorted({t for hop in self.hops for t in hop.theories}))

    @property
    def min_evidence(self) -> int:
        return min(len(hop.evidence) for hop in self.hops)

    @property
    def total_evidence(self) -> int:
        return len({e for hop in self.hops for e in hop.evidence})

    @property
    def common_evidence(self) -> tuple[str, ...]:
        """Evidence items that back every hop of the chain."""
        shared = set(self.hops[0].evidence)
        for hop in self.hops[1:]:
            shared &= set(hop.evidence)
        return tuple(sorted(shared))

    def rank_key(self) -> tuple[int, int, int, int]:
        return (len(self.hops), -bool(self.common_evidence), -self.min_evidence, -self.total_evidence)


def match_concepts(G: nx.MultiDiGraph, text: str) -> list[str]:
    """Concept ids whose name (or id) contains ``text``, ignoring case.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("r:lead", name="Committed leadership")
    >>> match_concepts(G, "LEADER")
    ['r:lead']
    >>> match_concepts(G, "budget")
    Traceback (most recent call last):
    ...
    graph.errors.NodeNotFound: no concept matches 'budget'
    """
    needle = text.strip().casefold()
    found = sorted(n for n, d in G.nodes(data=True)
                   if needle in str(d.get("name", "")).casefold() or needle in str(n).casefold())
    if not found:
        raise NodeNotFound(f"no concept matches {text!r}")
    return found


def find_pathways(
    G: nx.MultiDiGraph, source: str, target: str, *, max_hops: int = 4,
    include_negative: bool = False, limit: int | None = 20,
) -> list[Pathway]:
    """Ranked causal chains from concepts matching ``source`` to concepts matching ``target``.

    Shorter chains come first, then chains one evidence item backs throughout, then
    chains whose weakest hop has more evidence.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("lead", name="Leadership"); G.add_node("legit", name="Legitimisation")
    >>> G.add_node("eng", name="Engagement")
    >>> G.add_edge("lead", "legit", key="positive", polarity="positive", theories=["pt6"],
    ...            cmocs=["c1"], evidence=["q1"])
    'positive'
    >>> G.add_edge("legit", "eng", key="positive", polarity="positive", theories=["pt11"],
    ...            cmocs=["c2"], evidence=["q2", "q3"])
    'positive'
    >>> [p.nodes for p in find_pathways(G, "leader", "engage")]
    [('lead', 'legit', 'eng')]
    """
    sources, targets = match_concepts(G, source), set(match_concepts(G, target))
    allowed = _allowed_edges(G, include_negative)
    simple = nx.DiGraph()
    simple.add_nodes_from(G)
    simple.add_edges_from(allowed)
    found: list[Pathway] = []
    for start in sources:
        ends = targets - {start}
        if not ends:
            continue
        paths = nx.all_simple_paths(simple, start, ends, cutoff=max_hops)
        found += (_pathway(p, allowed) for p in islice(paths, MAX_CANDIDATES))
    found.sort(key=lambda p: (p.rank_key(), p.nodes))
    return found[:limit] if limit else found


def _allowed_edges(G: nx.MultiDiGraph, include_negative: bool) -> dict[tuple[str, str], list[dict]]:
    allowed: dict[tuple[str, str], list[dict]] = {}
    for a, b, data in G.edges(data=True):
        if include_negative or data.get("polarity", "positive") == "positive":
            allowed.setdefault((a, b), []).append(data)
    return allowed


def _pathway(nodes: list[str], allowed: dict[tuple[str, str], list[dict]]) -> Pathway:
    hops = []
    for a, b in zip(nodes, nodes[1:], strict=False):
        links = allowed[(a, b)]
        hops.append(Hop(
            a, b, "/".join(sorted({str(d.get("polarity", "positive")) for d in links})),
            tuple(sorted({t for d in links for t in d.get("theories", [])})),
            tuple(sorted({c for d in links for c in d.get("cmocs", [])})),
            tuple(sorted({e for d in links for e in d.get("evidence", [])})),
        ))
    return Pathway(tuple(nodes), tuple(hops))
