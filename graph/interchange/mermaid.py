"""A Mermaid flowchart of one programme theory or one pathway, for Markdown papers and wikis.

GitHub, GitLab, Obsidian, Quarto and pandoc (with mermaid-filter) draw a fenced
```` ```mermaid ```` block. Concepts keep the explorer's look: one shape and Okabe–Ito colour
per kind (``classDef``), grouped left to right as context → mechanism → outcome;
disconfirming links are dashed vermillion, theory-only links dotted grey; each link says
how many evidence items back it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import networkx as nx

from graph.analytics.layout import column_of
from graph.analytics.pathways import Pathway
from graph.interchange.graphs import node_kind
from graph.naming import theory_names
from graph.palette import KIND_STYLE, NEGATIVE, POSITIVE, text_colour

__all__ = ["theory_flowchart", "pathway_flowchart", "fenced", "label_text"]

_SHAPES = {
    "context": ('("', '")'),
    "mechanism": ('{"', '"}'),
    "resource": ('{"', '"}'),
    "response": ('{{"', '"}}'),
    "outcome": ('(["', '"])'),
}
_GROUPS = (("context", "Context"), ("mechanism", "Mechanism"), ("outcome", "Outcome"))


def label_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label (quotes and markup characters as entities).

    >>> label_text('Staff "own" it <b>')
    'Staff #quot;own#quot; it #lt;b#gt;'
    """
    for char, entity in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, entity)
    return " ".join(text.split())


def _header(title: str) -> list[str]:
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "---", "flowchart LR"]  # YAML
    for kind, look in KIND_STYLE.items():
        colour = str(look["colour"])
        lines.append(f"  classDef {kind} fill:{colour},color:{text_colour(colour)},stroke:#333333")
    return lines


def _group(kind: str) -> str:
    return "mechanism" if kind in ("mechanism", "resource", "response") else kind


def _node(ids: dict[str, str], node: str, data: dict) -> str:
    kind = node_kind(data)
    opening, closing = _SHAPES.get(kind, ('["', '"]'))
    return f"{ids[node]}{opening}{label_text(str(data.get('label') or node))}{closing}:::{kind}"


def _links(G: nx.MultiDiGraph, edges: list[tuple[str, str, dict]], ids: dict[str, str]) -> list[str]:
    lines, styles = [], []
    for index, (a, b, data) in enumerate(edges):
        negative, theory_only = data.get("polarity") == "negative", bool(data.get("theoryOnly"))
        count = data.get("evidenceCount", len(data.get("evidence", [])))
        note = f"{count} evidence" if count else "no evidence"
        arrow = "-.->" if negative or theory_only else "-->"
        lines.append(f'  {ids[a]} {arrow}|"{note}"| {ids[b]}')
        if negative:
            styles.append(f"  linkStyle {index} stroke:{NEGATIVE},stroke-width:2px")
        elif theory_only:
            styles.append(f"  linkStyle {index} stroke:{POSITIVE},stroke-dasharray:2 4")
    return lines + styles


def theory_flowchart(G: nx.MultiDiGraph, title: str) -> str:
    """The concepts and causal links of one PT (a concept graph narrowed to it), grouped by kind."""
    order = sorted(G.nodes, key=lambda n: (column_of(G.nodes[n]), str(G.nodes[n].get("label")), n))
    ids = {node: f"n{i}" for i, node in enumerate(order, start=1)}
    lines = _header(title)
    for group, heading in _GROUPS:
        members = [n for n in order if _group(node_kind(G.nodes[n])) == group]
        if members:
            lines.append(f'  subgraph {group}_group["{heading}"]')
            lines += [f"    {_node(ids, n, G.nodes[n])}" for n in members]
            lines.append("  end")
    edges = sorted(
        ((a, b, d) for a, b, d in G.edges(data=True)),
        key=lambda e: (ids[e[0]], ids[e[1]], str(e[2].get("polarity"))),
    )
    return "\n".join(lines + _links(G, edges, ids)) + "\n"


def pathway_flowchart(
    G: nx.MultiDiGraph, pathway: Pathway, title: str, theories: Mapping[str, Mapping[str, Any]] | None = None
) -> str:
    """One chain, hop by hop; each hop names its PTs in words ('PT 6') and counts its evidence.

    ``theories`` is a :func:`graph.naming.theory_index` of the review (PT numbers and titles);
    without it PTs are named from their ids. A hop no evidence backs is drawn dotted grey and
    says so, as :attr:`Pathway.unevidenced_hops` counts it; a disconfirming hop dashed vermillion.
    """
    ids = {node: f"n{i}" for i, node in enumerate(pathway.nodes, start=1)}
    lines = _header(title) + [f"  {_node(ids, n, G.nodes[n])}" for n in pathway.nodes]
    styles = []
    for index, hop in enumerate(pathway.hops):
        named = ", ".join(t["short"] for t in theory_names(hop.theories, theories))
        backed = f"{len(hop.evidence)} evidence" if hop.evidence else "no evidence"
        negative = hop.polarity == "negative"
        arrow = "-.->" if negative or not hop.evidence else "-->"
        lines.append(f'  {ids[hop.source]} {arrow}|"{label_text(named)}: {backed}"| {ids[hop.target]}')
        if negative:
            styles.append(f"  linkStyle {index} stroke:{NEGATIVE},stroke-width:2px")
        elif not hop.evidence:
            styles.append(f"  linkStyle {index} stroke:{POSITIVE},stroke-dasharray:2 4")
    return "\n".join(lines + styles) + "\n"


def fenced(chart: str) -> str:
    """The chart in a Markdown code fence, as a ``.md`` file carries it."""
    return f"```mermaid\n{chart}```\n"
