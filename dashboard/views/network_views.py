"""What the network page draws: a readable, bounded view of a causal graph.

The whole graph of a review is a hairball (RECO: 71 concepts, 350 links; a large review
thousands), so the page opens on the *key concepts*: per kind, the concepts most PTs share
and most evidence backs, with the links among them, spaced so labels stay readable without
zooming. The other views are a concept's *neighbourhood* (its k-step causes to the left,
effects to the right), the *whole graph* (capped at :data:`MAX_CONCEPTS`, the best-backed
first) and two collapsed views: one node per *programme theory* (linked when they share
concepts) or per *concept kind*. Every view sends the browser at most
:data:`MAX_ELEMENTS` elements, so nothing freezes whatever the size of the review.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from dashboard import style
from dashboard.views.derived import derived
from dashboard.views.elements import concept_name, edge_id, graph_elements, node_kind
from dashboard.views.theory_layout import column_positions
from graph.analytics.layout import layered_positions
from graph.naming import counted, shorten, theory_names
from graph.schema import CONCEPT_KINDS

__all__ = [
    "OVERVIEW",
    "FOCUS",
    "WHOLE",
    "THEORIES",
    "KINDS",
    "VIEWS",
    "MAX_ELEMENTS",
    "MAX_CONCEPTS",
    "OVERVIEW_ROWS",
    "NetworkView",
    "concept_weights",
    "ranked_concepts",
    "overview_view",
    "neighbourhood_view",
    "whole_view",
    "theories_view",
    "kinds_view",
    "labelled",
]

OVERVIEW, FOCUS, WHOLE, THEORIES, KINDS = "overview", "focus", "all", "theories", "kinds"
VIEWS = (OVERVIEW, FOCUS, WHOLE, THEORIES, KINDS)
MAX_ELEMENTS = 2000  # nodes + links sent to the browser, whatever the review's size
MAX_CONCEPTS = 400  # the whole-graph view's cap; the best-backed concepts are kept
OVERVIEW_ROWS = 6  # concepts per kind column in the overview: all fit at 1400×900 with 14 px labels
OVERVIEW_LINKS_PER_CONCEPT = 2  # the overview draws the best-backed links only: about two per concept
NEIGHBOURS_PER_RING = 7  # concepts per distance column of a neighbourhood
LABEL_CHARS = 44  # longer names are shortened on the graph; the full name shows on hover
# Spacing of the readable views (model px): a wrapped label (≤ 3 lines of 14 px, 150 px wide)
# fits between its neighbours, so labels never overlap.
COLUMN_GAP, ROW_GAP = 190.0, 92.0
THEORY_RADIUS_STEP = 26.0
PARTNERS_PER_THEORY = 3


@dataclass
class NetworkView:
    """Elements for cytoscape, their layout, and a status line saying what is (and is not) shown."""

    elements: list[dict] = field(default_factory=list)
    status: str = ""
    layout: dict = field(default_factory=lambda: {"name": "preset", "fit": True, "padding": 30})


def concept_weights(G: nx.MultiDiGraph) -> dict[str, tuple[int, int, int]]:
    """How central each concept is: the PTs its links come from, their evidence items, its links
    (a link to itself counts twice, once in and once out), from one pass over the links.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", theories=["pt1"], evidence=["e1"])
    0
    >>> G.add_edge("c", "b", theories=["pt2"], evidence=[])
    0
    >>> concept_weights(G)
    {'a': (1, 1, 1), 'b': (2, 1, 2), 'c': (1, 0, 1)}
    """
    theories: dict[str, set[str]] = {n: set() for n in G}
    evidence: dict[str, set[str]] = {n: set() for n in G}
    links = dict.fromkeys(G, 0)
    for a, b, d in G.edges(data=True):
        for n in (a, b) if a != b else (a,):
            theories[n].update(d.get("theories") or [])
            evidence[n].update(d.get("evidence") or [])
            links[n] += 1 if a != b else 2
    return {n: (len(theories[n]), len(evidence[n]), links[n]) for n in G}


def ranked_concepts(G: nx.MultiDiGraph) -> list[str]:
    """Concepts, most central first by :func:`concept_weights` (ties by name, so the order never
    changes between calls); kept with ``G`` (:mod:`dashboard.views.derived`).

    >>> G = nx.MultiDiGraph()
    >>> G.add_edges_from([("a", "b"), ("c", "b")])
    [0, 0]
    >>> ranked_concepts(G)
    ['b', 'a', 'c']
    """
    return derived(G, "ranked_concepts", lambda: _ranked(G))


def _ranked(G: nx.MultiDiGraph) -> list[str]:
    weights = concept_weights(G)
    return sorted(G, key=lambda n: (*(-w for w in weights[n]), concept_name(G, n).casefold(), n))


def labelled(elements: list[dict]) -> list[dict]:
    """Nodes with a shortened ``label`` and their ``full`` name (shown on hover)."""
    out = []
    for el in elements:
        data = el["data"]
        if "source" not in data and "label" in data:
            full = data.get("full") or data["label"]
            data = {**data, "full": full, "label": shorten(full, LABEL_CHARS)}
        out.append({**el, "data": data})
    return out


def _sub(G: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    return nx.MultiDiGraph(G.subgraph(nodes))


def _bounded_links(G: nx.MultiDiGraph, limit: int) -> nx.MultiDiGraph:
    """``G`` with at most ``limit`` links: the best-backed are kept."""
    if G.number_of_edges() <= limit:
        return G
    edges = sorted(
        G.edges(keys=True, data=True), key=lambda e: (-len(e[3].get("evidence") or []), e[0], e[1], str(e[2]))
    )
    kept = nx.MultiDiGraph()
    kept.add_nodes_from(G.nodes(data=True))
    kept.add_edges_from((a, b, k, d) for a, b, k, d in edges[:limit])
    return kept


def _strongest_links(G: nx.MultiDiGraph, limit: int) -> nx.MultiDiGraph:
    """``G`` with its ``limit`` best-backed links, plus each concept's best link if it would have none."""

    def strength(e: tuple) -> tuple:
        a, b, k, d = e
        return (-len(d.get("evidence") or []), -len(d.get("theories") or []), str(a), str(b), str(k))

    edges = sorted(G.edges(keys=True, data=True), key=strength)
    kept = edges[:limit]
    linked = {n for a, b, _, _ in kept for n in (a, b)}
    for e in edges[limit:]:
        if e[0] not in linked or e[1] not in linked:
            kept.append(e)
            linked.update(e[:2])
    sub = nx.MultiDiGraph()
    sub.add_nodes_from(G.nodes(data=True))
    sub.add_edges_from(kept)
    return sub


def same_column(elements: list[dict]) -> list[dict]:
    """Links between two concepts placed one above the other get class ``same-column`` (drawn curved)."""
    x = {e["data"]["id"]: e["position"]["x"] for e in elements if "position" in e}
    out = []
    for e in elements:
        d = e["data"]
        if "source" in d and d["source"] in x and x[d["source"]] == x.get(d["target"]):
            e = {**e, "classes": f"{e.get('classes', '')} same-column".strip()}
        out.append(e)
    return out


def _columns_elements(sub: nx.MultiDiGraph) -> list[dict]:
    concepts = {n: dict(sub.nodes[n]) for n in sub}
    links = [(a, b) for a, b in sub.edges()]
    positions = column_positions(concepts, links, column_gap=COLUMN_GAP, row_gap=ROW_GAP)
    return same_column(labelled(graph_elements(sub, positions)))


def _of(shown: int, total: int, noun: str) -> str:
    """ "3 of 40 concepts", or "1 concept" when all are shown (``noun`` singular)."""
    return f"{shown} of {counted(total, noun)}" if shown != total else counted(total, noun)


def overview_view(G: nx.MultiDiGraph, extra: Iterable[str] = (), rows: int = OVERVIEW_ROWS) -> NetworkView:
    """The key concepts: per kind, the ``rows`` most central, plus ``extra`` (e.g. search matches)."""
    wanted = [n for n in dict.fromkeys(extra) if n in G]
    by_kind: dict[str, list[str]] = {}
    for n in wanted + ranked_concepts(G):
        column = by_kind.setdefault(node_kind(G.nodes[n]), [])
        if n not in column and len(column) < rows:
            column.append(n)
    shown = _sub(G, [n for column in by_kind.values() for n in column])
    sub = _strongest_links(shown, OVERVIEW_LINKS_PER_CONCEPT * shown.number_of_nodes())
    status = (
        f"{_of(sub.number_of_nodes(), G.number_of_nodes(), 'concept')}, "
        f"{_of(sub.number_of_edges(), G.number_of_edges(), 'link')} · key concepts: those most PTs "
        "share, with their best-backed links"
    )
    return NetworkView(_columns_elements(sub), status)


def _rings(G: nx.MultiDiGraph, focus: str, depth: int) -> dict[str, int]:
    """Each concept within ``depth`` links of ``focus``: negative distance for causes, positive effects."""
    causes = nx.single_source_shortest_path_length(G.reverse(copy=False), focus, cutoff=depth)
    effects = nx.single_source_shortest_path_length(G, focus, cutoff=depth)
    rings = {n: -d for n, d in causes.items()}
    for n, d in effects.items():
        if n not in rings or d < -rings[n]:
            rings[n] = d
    rings[focus] = 0
    return rings


def neighbourhood_view(
    G: nx.MultiDiGraph, focus: str | None, depth: int = 1, per_ring: int = NEIGHBOURS_PER_RING
) -> NetworkView:
    """``focus`` in the middle, its causes up to ``depth`` links on the left, its effects on the right."""
    if not focus or focus not in G:
        return NetworkView([], "Pick a concept to see its causes and effects.")
    rings = _rings(G, focus, depth)
    ranked = {n: i for i, n in enumerate(ranked_concepts(_sub(G, rings)))}
    columns: dict[int, list[str]] = {}
    for n in sorted(rings, key=lambda n: ranked[n]):
        column = columns.setdefault(rings[n], [])
        if len(column) < per_ring:
            column.append(n)
    kept = [n for column in columns.values() for n in column]
    sub = _bounded_links(_sub(G, kept), MAX_ELEMENTS)
    positions = {}
    for ring, column in columns.items():
        middle = (len(column) - 1) / 2
        for i, n in enumerate(sorted(column, key=lambda n: concept_name(G, n).casefold())):
            positions[n] = (ring * COLUMN_GAP, (i - middle) * ROW_GAP)
    elements = same_column(labelled(graph_elements(sub, positions)))
    for el in elements:
        if el["data"]["id"] == focus:
            el["classes"] += " focus"
    status = (
        f"{_of(len(kept), len(rings), 'concept')}, {counted(sub.number_of_edges(), 'link')} · "
        f"Neighbourhood of “{concept_name(G, focus)}”: causes and effects up to {counted(depth, 'link')} away"
    )
    if len(kept) < len(rings):
        status += f" (the {per_ring} most central per step)"
    return NetworkView(elements, status)


def whole_view(G: nx.MultiDiGraph, extra: Iterable[str] = (), cap: int = MAX_CONCEPTS) -> NetworkView:
    """Every concept and link in causal layers, or the ``cap`` most central when there are more."""
    nodes = list(G)
    if len(nodes) > cap:
        wanted = [n for n in dict.fromkeys(extra) if n in G]
        nodes = list(dict.fromkeys(wanted + ranked_concepts(G)))[:cap]
    sub = _bounded_links(_sub(G, nodes), MAX_ELEMENTS - len(nodes))
    status = (
        f"{_of(sub.number_of_nodes(), G.number_of_nodes(), 'concept')}, "
        f"{_of(sub.number_of_edges(), G.number_of_edges(), 'link')} · whole graph"
    )
    if sub.number_of_nodes() < G.number_of_nodes():
        status += " (the most central; narrow by PT or component to see the rest)"
    return NetworkView(labelled(graph_elements(sub, layered_positions(sub))), status)


def _theory_concepts(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    concepts: dict[str, set[str]] = {}
    for a, b, d in G.edges(data=True):
        for t in d.get("theories") or []:
            concepts.setdefault(t, set()).update((a, b))
    return concepts


def theories_view(
    G: nx.MultiDiGraph, index: Mapping[str, Mapping] | None = None, limit: int = 60
) -> NetworkView:
    """One node per PT (in numeric order, round a circle), linked when they share concepts."""
    concepts = _theory_concepts(G)
    named = theory_names(concepts, index)[:limit]
    radius = max(160.0, THEORY_RADIUS_STEP * len(named))
    elements: list[dict] = []
    for i, t in enumerate(named):
        angle = 2 * math.pi * i / max(len(named), 1) - math.pi / 2
        elements.append(
            {
                "data": {
                    "id": t["id"],
                    "label": shorten(t["short"], 16),
                    "full": t["label"],
                    "kind": "theory",
                    "concepts": len(concepts[t["id"]]),
                },
                "position": {"x": radius * math.cos(angle), "y": radius * math.sin(angle)},
                "classes": "theory",
            }
        )
    shared = {
        (a["id"], b["id"]): len(concepts[a["id"]] & concepts[b["id"]])
        for i, a in enumerate(named)
        for b in named[i + 1 :]
    }
    kept: set[tuple[str, str]] = set()
    for t in named:  # each PT keeps the partners it shares most with, so the circle stays readable
        mine = sorted(((n, pair) for pair, n in shared.items() if t["id"] in pair and n), reverse=True)
        kept.update(pair for _, pair in mine[:PARTNERS_PER_THEORY])
    by_id = {t["id"]: t for t in named}
    links = 0
    for a_id, b_id in sorted(kept, key=lambda pair: -shared[pair])[: MAX_ELEMENTS - len(elements)]:
        n, a, b = shared[(a_id, b_id)], by_id[a_id], by_id[b_id]
        links += 1
        elements.append(
            {
                "data": {
                    "id": edge_id(a_id, b_id, "shared"),
                    "source": a_id,
                    "target": b_id,
                    "label": str(n),
                    "weight": n,
                    "full": f"{a['short']} and {b['short']} share {n} concepts",
                },
                "classes": "shared",
            }
        )
    status = (
        f"{_of(len(named), len(concepts), 'PT')}, {counted(links, 'pair')} · Programme theories, "
        f"each linked to the {PARTNERS_PER_THEORY} it shares most concepts with "
        "(the number on a line is how many)"
    )
    return NetworkView(elements, status)


def kinds_view(G: nx.MultiDiGraph) -> NetworkView:
    """One node per concept kind; a line per kind-to-kind flow, its number of links and polarity."""
    counts = Counter(node_kind(d) for _, d in G.nodes(data=True))
    flows = Counter(
        (node_kind(G.nodes[a]), node_kind(G.nodes[b]), str(d.get("polarity", "positive")))
        for a, b, d in G.edges(data=True)
    )
    elements: list[dict] = []
    for i, kind in enumerate(CONCEPT_KINDS):
        label = f"{style.KIND_STYLE[kind]['label']} ({counts.get(kind, 0)})"
        elements.append(
            {
                "data": {"id": f"kind:{kind}", "label": label, "full": label, "kind": kind},
                "position": {"x": i * COLUMN_GAP * 1.2, "y": 0.0},
                "classes": kind,
            }
        )
    for (a, b, polarity), n in sorted(flows.items()):
        if a in CONCEPT_KINDS and b in CONCEPT_KINDS:
            text = f"{n} {'disconfirming ' if polarity == 'negative' else ''}link{'s' if n != 1 else ''}"
            elements.append(
                {
                    "data": {
                        "id": edge_id(f"kind:{a}", f"kind:{b}", polarity),
                        "source": f"kind:{a}",
                        "target": f"kind:{b}",
                        "label": str(n),
                        "full": text,
                        "polarity": polarity,
                        "weight": n,
                    },
                    "classes": f"{polarity} flow",
                }
            )
    return NetworkView(
        elements,
        f"{counted(G.number_of_nodes(), 'concept')}, {counted(G.number_of_edges(), 'link')} · "
        "Concept kinds: links counted from kind to kind",
    )
