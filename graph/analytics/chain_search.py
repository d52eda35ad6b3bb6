"""Best-first search for causal chains, bounded in work.

Chains come out cheapest first by the ranking cost of :mod:`graph.analytics.pathways` (one per
hop, more for a hop without evidence and for a chain no single source states whole), so
stopping early still returns the best chains, not merely the first enumerated. Two things keep
the work small: a backward breadth-first pass from the targets gives every concept its distance
to the nearest target, so a branch that cannot reach one within the hops left is never walked;
and at most ``max_steps`` links are examined, however large the graph.

An index of each graph's allowed links is kept while the graph lives (graphs from the
projection cache are shared and read-only); a graph that gains or loses nodes is indexed
again, one whose links are edited in place should be copied first (``G.copy()``).
"""

from __future__ import annotations

import heapq
import threading
import weakref
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import count
from typing import Any

import networkx as nx

__all__ = ["LinkIndex", "link_index", "concept_names", "best_first", "HOP_COST", "UNEVIDENCED_COST",
           "PIECED_COST"]

HOP_COST = 1  # every hop
UNEVIDENCED_COST = 3  # more for a hop no evidence item backs
PIECED_COST = 1  # once, when no single evidence item backs every hop

_NO_HOP_YET: frozenset[str] | None = None


@dataclass
class LinkIndex:
    """The links a search may walk, merged per (source, target) over polarities."""

    successors: dict[str, list[str]] = field(default_factory=dict)
    predecessors: dict[str, list[str]] = field(default_factory=dict)
    links: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    evidence: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)


@dataclass
class _Entry:
    fingerprint: int
    names: list[tuple[str, str, str]] | None = None
    indexes: dict[bool, LinkIndex] = field(default_factory=dict)


_entries: weakref.WeakKeyDictionary[nx.MultiDiGraph, _Entry] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _entry(G: nx.MultiDiGraph) -> _Entry:
    fingerprint = G.number_of_nodes()  # counting a multigraph's edges walks all of them
    with _lock:
        entry = _entries.get(G)
        if entry is None or entry.fingerprint != fingerprint:
            entry = _entries[G] = _Entry(fingerprint)
        return entry


def concept_names(G: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    """``(id, casefolded name, casefolded id)`` of every node, kept per graph."""
    entry = _entry(G)
    if entry.names is None:
        entry.names = sorted((str(n), str(d.get("name", "")).casefold(), str(n).casefold())
                             for n, d in G.nodes(data=True))
    return entry.names


def link_index(G: nx.MultiDiGraph, include_negative: bool) -> LinkIndex:
    """The allowed links of ``G`` (positive only unless ``include_negative``), kept per graph."""
    entry = _entry(G)
    index = entry.indexes.get(include_negative)
    if index is None:
        index = entry.indexes[include_negative] = _build(G, include_negative)
    return index


def _build(G: nx.MultiDiGraph, include_negative: bool) -> LinkIndex:
    index = LinkIndex()
    for a, b, data in G.edges(data=True):
        if include_negative or data.get("polarity", "positive") == "positive":
            index.links.setdefault((a, b), []).append(data)
    for (a, b), datas in index.links.items():
        index.successors.setdefault(a, []).append(b)
        index.predecessors.setdefault(b, []).append(a)
        index.evidence[(a, b)] = frozenset(e for d in datas for e in d.get("evidence") or ())
    return index


def _distances(index: LinkIndex, targets: Iterable[str], max_hops: int) -> dict[str, int]:
    """Hops from each concept to its nearest target, for concepts at most ``max_hops`` away."""
    dist = dict.fromkeys(targets, 0)
    queue = deque(dist)
    while queue:
        node = queue.popleft()
        here = dist[node]
        if here == max_hops:
            continue
        for before in index.predecessors.get(node, ()):
            if before not in dist:
                dist[before] = here + 1
                queue.append(before)
    return dist


def best_first(index: LinkIndex, sources: list[str], targets: set[str], max_hops: int,
               limit: int | None, max_steps: int) -> list[tuple[str, ...]]:
    """Chains (node tuples) from ``sources`` to ``targets``, cheapest first.

    Every chain as cheap as the ``limit``-th is returned (so ties can be ranked by evidence),
    unless ``max_steps`` links have been examined first.

    >>> index = LinkIndex()
    >>> for a, b, ev in [("s", "m", {"q1"}), ("m", "t", {"q1"}), ("s", "t", set())]:
    ...     index.successors.setdefault(a, []).append(b)
    ...     index.predecessors.setdefault(b, []).append(a)
    ...     index.evidence[(a, b)] = frozenset(ev)
    >>> best_first(index, ["s"], {"t"}, 4, None, 1000)
    [('s', 'm', 't'), ('s', 't')]
    """
    dist = _distances(index, targets, max_hops)
    tie = count()
    # (estimated cost, hops still needed, tie, chain, evidence shared by every hop, cost so far):
    # among equally cheap chains the one nearest a target goes first, so chains complete early
    frontier: list[tuple[int, int, int, tuple[str, ...], frozenset[str] | None, int]] = []
    for start in sources:
        if start in dist:
            frontier.append((dist[start], dist[start], next(tie), (start,), _NO_HOP_YET, 0))
    heapq.heapify(frontier)
    found: list[tuple[str, ...]] = []
    enough_at: int | None = None  # the cost of the limit-th chain found
    steps = 0
    while frontier and steps < max_steps:
        estimate, _, _, path, common, cost = heapq.heappop(frontier)
        if enough_at is not None and estimate > enough_at:
            break
        last = path[-1]
        if len(path) > 1 and last in targets:
            found.append(path)
            if limit and len(found) == limit:
                enough_at = estimate
        hops_left = max_hops - len(path) + 1
        if hops_left == 0:
            continue
        for after in index.successors.get(last, ()):
            steps += 1
            to_target = dist.get(after)
            if to_target is None or to_target >= hops_left or after in path:
                continue
            evidence = index.evidence[(last, after)]
            shared = evidence if common is None else common & evidence
            step_cost = cost + HOP_COST + (0 if evidence else UNEVIDENCED_COST)
            guess = step_cost + (0 if shared else PIECED_COST) + to_target
            heapq.heappush(frontier, (guess, to_target, next(tie), (*path, after), shared, step_cost))
    return found
