"""Causal chains between concepts, ranked by their evidence and length.

A chain stitched from different theories or sources through a shared concept is a hypothesis,
not a finding, so every :class:`Pathway` says how it is backed (:attr:`Pathway.support`): one
source states it end to end, several sources each back a part, or some hop has no evidence.

Ranking is by a cost: one per hop, three more for every hop without evidence, and one more when
no single evidence item backs every hop; ties go to the chain whose weakest hop has more
evidence, then to more evidence in all. So a chain with an unevidenced hop never outranks a
fully evidenced one less than four hops longer, and a chain one source states whole outranks a
pieced-together one of the same length. The search is best-first by that cost and bounded in
work (:data:`MAX_CANDIDATES` links examined), so a hub with millions of paths still answers
quickly with the best-ranked chains.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.analytics.chain_search import (
    HOP_COST,
    PIECED_COST,
    UNEVIDENCED_COST,
    LinkIndex,
    best_first,
    concept_names,
    link_index,
)
from graph.errors import NodeNotFound

__all__ = ["Hop", "Pathway", "match_concepts", "find_pathways", "MAX_CANDIDATES", "SUPPORT_WHOLE",
           "SUPPORT_PARTS", "SUPPORT_GAP"]

MAX_CANDIDATES = 200_000  # links examined by one search, at most
SUPPORT_WHOLE = "one source states it end to end"
SUPPORT_PARTS = "several sources each back a part"
SUPPORT_GAP = "some hop has no evidence"


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
    """A chain of concepts and the hops between them.

    >>> def hop(a, b, *evidence): return Hop(a, b, "positive", ("pt1",), ("c1",), evidence)
    >>> whole = Pathway(("a", "b", "c"), (hop("a", "b", "q1"), hop("b", "c", "q1", "q2")))
    >>> whole.support, whole.cost
    ('one source states it end to end', 2)
    >>> parts = Pathway(("a", "b", "c"), (hop("a", "b", "q1"), hop("b", "c", "q2")))
    >>> parts.support, parts.cost
    ('several sources each back a part', 3)
    >>> gap = Pathway(("a", "c"), (hop("a", "c"),))
    >>> gap.support, gap.unevidenced_hops, gap.cost
    ('some hop has no evidence', (1,), 5)
    >>> sorted([gap, parts, whole], key=Pathway.rank_key) == [whole, parts, gap]
    True
    """

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

    @property
    def unevidenced_hops(self) -> tuple[int, ...]:
        """Positions (1-based) of the hops no evidence item backs."""
        return tuple(i for i, hop in enumerate(self.hops, 1) if not hop.evidence)

    @property
    def support(self) -> str:
        """How the evidence backs the chain, in plain words (one of the ``SUPPORT_*`` phrases)."""
        if self.unevidenced_hops:
            return SUPPORT_GAP
        return SUPPORT_WHOLE if self.common_evidence else SUPPORT_PARTS

    @property
    def cost(self) -> int:
        """The ranking cost: lower ranks first (see the module's description)."""
        unevidenced = len(self.unevidenced_hops)
        return (HOP_COST * len(self.hops) + UNEVIDENCED_COST * unevidenced
                + (0 if self.common_evidence else PIECED_COST))

    def rank_key(self) -> tuple[int, int, int]:
        return (self.cost, -self.min_evidence, -self.total_evidence)


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
    found = [n for n, name, folded_id in concept_names(G) if needle in name or needle in folded_id]
    if not found:
        raise NodeNotFound(f"no concept matches {text!r}")
    return found


def find_pathways(
    G: nx.MultiDiGraph, source: str, target: str, *, max_hops: int = 4,
    include_negative: bool = False, limit: int | None = 20, max_candidates: int = MAX_CANDIDATES,
) -> list[Pathway]:
    """Ranked causal chains from concepts matching ``source`` to concepts matching ``target``.

    The best-ranked ``limit`` chains (all, when ``limit`` is None) of at most ``max_hops``
    hops; the search examines at most ``max_candidates`` links.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("lead", name="Leadership"); G.add_node("legit", name="Legitimisation")
    >>> G.add_node("eng", name="Engagement")
    >>> G.add_edge("lead", "legit", key="positive", polarity="positive", theories=["pt6"],
    ...            cmocs=["c1"], evidence=["q1"])
    'positive'
    >>> G.add_edge("legit", "eng", key="positive", polarity="positive", theories=["pt11"],
    ...            cmocs=["c2"], evidence=["q2", "q3"])
    'positive'
    >>> G.add_edge("lead", "eng", key="positive", polarity="positive", theories=["pt2"],
    ...            cmocs=["c3"], evidence=[])
    'positive'
    >>> for p in find_pathways(G, "leader", "engage"):
    ...     print(" → ".join(p.nodes), "|", p.support)
    lead → legit → eng | several sources each back a part
    lead → eng | some hop has no evidence
    """
    sources, targets = match_concepts(G, source), set(match_concepts(G, target))
    index = link_index(G, include_negative)
    found = [_pathway(nodes, index) for nodes in best_first(index, sources, targets, max_hops, limit,
                                                             max_candidates)]
    found.sort(key=lambda p: (p.rank_key(), p.nodes))
    return found[:limit] if limit else found


def _pathway(nodes: tuple[str, ...], index: LinkIndex) -> Pathway:
    hops = []
    for a, b in zip(nodes, nodes[1:], strict=False):
        links = index.links[(a, b)]
        hops.append(Hop(
            a, b, "/".join(sorted({str(d.get("polarity", "positive")) for d in links})),
            tuple(sorted({t for d in links for t in d.get("theories") or ()})),
            tuple(sorted({c for d in links for c in d.get("cmocs") or ()})),
            tuple(sorted(index.evidence[(a, b)])),
        ))
    return Pathway(tuple(nodes), tuple(hops))
