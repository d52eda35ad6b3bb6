"""A causal graph's flows as a plotly Sankey: context → resource → response → outcome.

Nodes stand in columns grouped by concept kind. A concept can play another role in some CMOC than
its kind (a response used as an outcome), so links also run within a kind: such a kind takes
several columns by how far down a same-kind chain a concept sits. A link's width is the
number of evidence items behind it (at least 1, so theory-only links still show). What a
left-to-right Sankey cannot draw is left out and counted in the title: links running against
the kind order (a response leading to a resource), and links that would close a cycle.

Plotly sizes nodes from its own column assignment (longest path from a source), so a link
that skips a column (context → outcome) passes through invisible nodes in the columns it
crosses, and a concept nothing flows into gets an invisible feed: then plotly's columns are
exactly ours and every column fits the figure.
"""

from __future__ import annotations

import textwrap

import networkx as nx
import plotly.graph_objects as go

from dashboard import style
from dashboard.views.elements import concept_name, node_kind
from graph.naming import counted, theory_names

__all__ = ["flow_figure", "forward_links", "acyclic_links", "layers", "node_columns", "link_value",
           "KIND_ORDER", "LEFT", "RIGHT", "THROUGH_PREFIX"]

KIND_ORDER = style.KIND_ORDER
# Columns are spread evenly between these; plotly ignores a node position of exactly 0.
LEFT, RIGHT = 0.01, 0.99
THROUGH_PREFIX = "~through"  # id prefix of the invisible pass-through nodes
THROUGH_LABEL = ""  # pass-through nodes show no name
LABEL_WIDTH = 20  # characters per line of a concept's label
NODE_PAD, ROW_HEIGHT, THROUGH_HEIGHT, MIN_HEIGHT = 8, 30, 12, 420
MARGIN = {"l": 10, "r": 10, "t": 40, "b": 10}

Link = tuple[str, str, dict]


def link_value(attrs: dict) -> int:
    """The evidence items behind a link, at least 1."""
    return max(1, len(attrs.get("evidence") or []))


def _kind(G: nx.MultiDiGraph, node: str) -> str:
    kind = node_kind(G.nodes[node])
    kind = "resource" if kind == "mechanism" else kind  # an undivided mechanism stands where a resource does
    return kind if kind in KIND_ORDER else KIND_ORDER[0]


def forward_links(G: nx.MultiDiGraph) -> tuple[list[Link], int]:
    """The links that follow context → resource → response → outcome (or stay within one kind).

    Also returns how many links run against that order and so cannot be drawn left to right.
    """
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    links: list[Link] = []
    for a, b, attrs in G.edges(data=True):
        if order[_kind(G, a)] <= order[_kind(G, b)]:
            links.append((a, b, attrs))
    return links, G.number_of_edges() - len(links)


def acyclic_links(links: list[Link]) -> tuple[list[Link], int]:
    """The ``links`` that form no cycle, and how many were dropped to get there.

    Links are taken strongest first (most evidence), so when a cycle must be broken the
    weakest link in it goes.
    """
    ordered = sorted(links, key=lambda e: (-link_value(e[2]), e[0], e[1], str(e[2].get("polarity"))))
    dag = nx.DiGraph()
    kept: list[Link] = []
    for a, b, attrs in ordered:
        if a == b or (a in dag and b in dag and nx.has_path(dag, b, a)):
            continue
        dag.add_edge(a, b)
        kept.append((a, b, attrs))
    return kept, len(links) - len(kept)


def layers(G: nx.MultiDiGraph, links: list[Link]) -> tuple[dict[str, int], dict[int, float]]:
    """Each linked concept's column and each column's x (columns evenly spaced).

    Kinds take consecutive columns in order, one per level of same-kind chains (a kind with no
    concept keeps one column, so kinds stay where a reader expects them). ``links`` must be
    acyclic and follow the kind order, so every link goes to a later column.
    """
    nodes = list(dict.fromkeys(n for a, b, _ in links for n in (a, b)))
    ranks: dict[str, int] = {}
    offset = 0
    for kind in KIND_ORDER:
        same = nx.DiGraph()
        same.add_nodes_from(n for n in nodes if _kind(G, n) == kind)
        same.add_edges_from((a, b) for a, b, _ in links if a in same and b in same)
        depth: dict[str, int] = {}
        for n in nx.topological_sort(same):
            depth[n] = max((depth[p] + 1 for p in same.predecessors(n)), default=0)
        levels = max(depth.values(), default=0) + 1
        ranks.update({n: offset + d for n, d in depth.items()})
        offset += levels
    return ranks, {c: LEFT + (RIGHT - LEFT) * c / max(offset - 1, 1) for c in range(offset)}


def node_columns(G: nx.MultiDiGraph, links: list[Link]) -> dict[str, float]:
    """Each linked concept's horizontal place (0–1)."""
    ranks, column_x = layers(G, links)
    return {n: column_x[r] for n, r in ranks.items()}


def _link_note(G: nx.MultiDiGraph, a: str, b: str, attrs: dict) -> str:
    count = len(attrs.get("evidence") or [])
    theories = ", ".join(t["short"] for t in theory_names(attrs.get("theories") or [])) or "—"
    polarity = "disconfirming" if attrs.get("polarity") == "negative" else "positive"
    return (f"{concept_name(G, a)} → {concept_name(G, b)}<br>{polarity} · {count} evidence "
            f"item{'s' if count != 1 else ''} · PTs: {theories}")


def _segments(G: nx.MultiDiGraph, links: list[Link],
              ranks: dict[str, int]) -> tuple[dict[str, int], list[dict]]:
    """Every node (real and pass-through) with its column, and the one-column segments to draw.

    Pass-through nodes belong to a link's target (one per target and column), so flows into
    the same concept share them and the figure stays small.
    """
    placed = dict(ranks)
    segments: list[dict] = []

    def through(b: str, rank: int) -> str:
        node = f"{THROUGH_PREFIX}:{b}:{rank}"
        placed[node] = rank
        return node

    def chain(a: str, b: str, value: int, colour: str, note: str) -> None:
        stops = [a, *(through(b, k) for k in range(placed[a] + 1, placed[b])), b]
        segments.extend({"source": s, "target": t, "value": value, "colour": colour, "note": note}
                        for s, t in zip(stops, stops[1:], strict=False))

    for a, b, attrs in links:
        colour = style.SANKEY_NEGATIVE if attrs.get("polarity") == "negative" else style.SANKEY_POSITIVE
        chain(a, b, link_value(attrs), colour, _link_note(G, a, b, attrs))
    fed = {s["target"] for s in segments}
    for n, rank in ranks.items():
        if rank and n not in fed:
            outflow = sum(s["value"] for s in segments if s["source"] == n)
            chain(through(n, 0), n, outflow, style.SANKEY_HIDDEN, "")
    return placed, segments


def _rows(placed: dict[str, int], segments: list[dict], gap: float, G: nx.MultiDiGraph) -> dict[str, float]:
    """Node centres (0–1) stacking each column top-down by value, ``gap`` apart, in feeder order."""
    into: dict[str, int] = {}
    out: dict[str, int] = {}
    feeders: dict[str, list[str]] = {}
    for s in segments:
        out[s["source"]] = out.get(s["source"], 0) + s["value"]
        into[s["target"]] = into.get(s["target"], 0) + s["value"]
        feeders.setdefault(s["target"], []).append(s["source"])
    value = {n: max(into.get(n, 0), out.get(n, 0), 1) for n in placed}
    rows: dict[str, float] = {}
    for rank in sorted(set(placed.values())):
        members = [n for n in placed if placed[n] == rank]

        def key(n: str) -> tuple[float, str]:
            above = [rows[f] for f in feeders.get(n, []) if f in rows]
            return (sum(above) / len(above) if above else 0.0), concept_name(G, n).casefold() if n in G else n

        members.sort(key=key)
        total, stacked, room = sum(value[n] for n in members), 0, 1 - gap * (len(members) - 1)
        for i, n in enumerate(members):
            rows[n] = min(0.999, max(0.001, gap * i + room * (stacked + value[n] / 2) / total))
            stacked += value[n]
    return rows


def _wrapped(name: str) -> str:
    """A concept name broken over lines, so labels of neighbouring columns do not run into each other."""
    return "<br>".join(textwrap.wrap(name, LABEL_WIDTH)) or name


def _node_colour(G: nx.MultiDiGraph, node: str, shown: set[str]) -> str:
    """A concept's kind colour; a pass-through node matches the flows it carries (hidden if none show)."""
    if node in G:
        return str(style.KIND_STYLE.get(node_kind(G.nodes[node]), {}).get("colour", style.POSITIVE))
    return style.SANKEY_POSITIVE if node in shown else style.SANKEY_HIDDEN


def _node_spec(G: nx.MultiDiGraph, placed: dict[str, int], column_x: dict[int, float],
               rows: dict[str, float], segments: list[dict]) -> dict:
    nodes = list(placed)
    shown = {n for s in segments if s["colour"] != style.SANKEY_HIDDEN for n in (s["source"], s["target"])}
    kinds = [node_kind(G.nodes[n]) if n in G else "" for n in nodes]
    # No outlines: plotly takes one outline colour and width for every node, and pass-through
    # nodes must not show one.
    return {"align": "left", "pad": NODE_PAD, "thickness": 14, "line": {"width": 0},
            "label": [_wrapped(concept_name(G, n)) if n in G else THROUGH_LABEL for n in nodes],
            "x": [column_x[placed[n]] for n in nodes], "y": [rows[n] for n in nodes],
            "color": [_node_colour(G, n, shown) for n in nodes],
            "customdata": [style.KIND_STYLE.get(k, {}).get("label", k) for k in kinds],
            "hovertemplate": "%{label}<br>%{customdata}<extra></extra>"}


def _link_spec(placed: dict[str, int], segments: list[dict]) -> dict:
    index = {n: i for i, n in enumerate(placed)}
    return {"source": [index[s["source"]] for s in segments],
            "target": [index[s["target"]] for s in segments],
            "value": [s["value"] for s in segments], "color": [s["colour"] for s in segments],
            "customdata": [s["note"] for s in segments], "hovertemplate": "%{customdata}<extra></extra>"}


def _height(G: nx.MultiDiGraph, placed: dict[str, int]) -> int:
    """Room for the fullest column: a labelled concept needs a row, a pass-through node a sliver."""
    need: dict[int, int] = {}
    for n, rank in placed.items():
        need[rank] = need.get(rank, 0) + (ROW_HEIGHT if n in G else THROUGH_HEIGHT)
    return max([MIN_HEIGHT, *need.values()])



def flow_figure(G: nx.MultiDiGraph) -> go.Figure:
    """The Sankey of ``G``'s context → resource → response → outcome flows."""
    forward, against = forward_links(G)
    links, dropped = acyclic_links(forward)
    if not links:  # plotly fails on a Sankey without nodes ("Invalid array length")
        return _empty_figure()
    ranks, column_x = layers(G, links)
    placed, segments = _segments(G, links, ranks)
    height = _height(G, placed)
    rows = _rows(placed, segments, NODE_PAD / (height - MARGIN["t"] - MARGIN["b"]), G)
    title = f"Flows: {counted(len(ranks), 'concept')}, {counted(len(links), 'link')}"
    if against:
        title += f" · {counted(against, 'link')} against the C → M → O order left out"
    if dropped:
        title += f" · {counted(dropped, 'link')} left out (would close a cycle)"
    figure = go.Figure(go.Sankey(arrangement="snap", node=_node_spec(G, placed, column_x, rows, segments),
                                 link=_link_spec(placed, segments)))
    figure.update_layout(title={"text": title, "font": {"size": 14}}, font={"size": 11}, height=height,
                         margin=MARGIN)
    return figure


def _empty_figure() -> go.Figure:
    figure = go.Figure()
    figure.update_layout(title={"text": "No flows to show for this selection", "font": {"size": 14}},
                         xaxis={"visible": False}, yaxis={"visible": False}, height=160, margin=MARGIN)
    return figure
