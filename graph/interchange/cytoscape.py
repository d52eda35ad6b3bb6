"""Cytoscape.js JSON: the graph with the explorer's colours, shapes and layout, for the web and Cytoscape.

The file is what ``cy.json()`` gives and ``cytoscape({...})`` takes: ``elements`` (nodes
and edges with every stored attribute in ``data``, the concept kind or node label in
``classes``), ``style`` (the explorer's stylesheet: Okabe–Ito colours, a shape per concept
kind, dashed vermillion disconfirming links, dotted theory-only links) and ``layout``
(the explorer's causal layers for the concept network, preset positions). Cytoscape desktop
opens it with File → Import → Network from File (Cytoscape.js JSON).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from graph.analytics.layout import layered_positions
from graph.interchange.graphs import node_kind
from graph.palette import (
    EDGE_LOOK,
    KIND_STYLE,
    LABEL_STYLE,
    NEGATIVE_EDGE_LOOK,
    NODE_LOOK,
    OTHER_LABEL_COLOUR,
    THEORY_ONLY_EDGE_LOOK,
)

__all__ = ["cytoscape_json", "write_cytoscape", "stylesheet"]


def stylesheet() -> list[dict[str, Any]]:
    """The explorer's look as a Cytoscape.js stylesheet: one rule per concept kind and node label.

    >>> rules = {r["selector"]: r["style"] for r in stylesheet()}
    >>> rules["node.context"]["background-color"], rules["edge.negative"]["line-style"]
    ('#0072B2', 'dashed')
    """
    sheet: list[dict[str, Any]] = [
        {
            "selector": "node",  # a node of no known label: grey octagon, as in the explorer's console
            "style": {**NODE_LOOK, "background-color": OTHER_LABEL_COLOUR, "shape": "octagon"},
        },
        {"selector": "edge", "style": dict(EDGE_LOOK)},
    ]
    for label, look in LABEL_STYLE.items():
        sheet.append(
            {
                "selector": f"node.{label.lower()}",
                "style": {"background-color": look["colour"], "shape": look["shape"]},
            }
        )
    for kind, look in KIND_STYLE.items():
        sheet.append(
            {
                "selector": f"node.{kind}",
                "style": {"background-color": look["colour"], "shape": look["shape"]},
            }
        )
    sheet += [
        {"selector": "edge.negative", "style": dict(NEGATIVE_EDGE_LOOK)},
        {"selector": "edge.theory-only", "style": dict(THEORY_ONLY_EDGE_LOOK)},
        {
            "selector": "edge.typed",
            "style": {
                "label": "data(type)",
                "font-size": 9,
                "color": "#444444",
                "text-rotation": "autorotate",
            },
        },
    ]
    return sheet


def _edge_classes(data: dict[str, Any], causal: bool) -> str:
    classes = [str(data["polarity"])] if data.get("polarity") else []
    classes += ["theory-only"] if data.get("theoryOnly") else []
    return " ".join(classes + ([] if causal else ["typed"]))


def cytoscape_json(G: nx.MultiDiGraph, *, name: str, causal: bool) -> dict[str, Any]:
    """``G`` as a Cytoscape.js document; the concept network gets the explorer's layered positions."""
    positions = layered_positions(G) if causal else {}
    nodes = []
    for node, data in G.nodes(data=True):
        element: dict[str, Any] = {"data": {"id": node, **data}, "classes": node_kind(data)}
        if node in positions:
            x, y = positions[node]
            element["position"] = {"x": x, "y": y}
        nodes.append(element)
    edges = [
        {
            "data": {"id": f"{a}->{b}:{key}", "source": a, "target": b, **data},
            "classes": _edge_classes(data, causal),
        }
        for a, b, key, data in G.edges(keys=True, data=True)
    ]
    return {
        "format_version": "1.0",
        "generated_by": "ptgraph",
        "target_cytoscapejs_version": "~3.2",
        "data": {"name": name},
        "elements": {"nodes": nodes, "edges": edges},
        "style": stylesheet(),
        "layout": {"name": "preset"} if causal else {"name": "cose"},
    }


def write_cytoscape(G: nx.MultiDiGraph, path: Path, *, name: str, causal: bool) -> None:
    document = cytoscape_json(G, name=name, causal=causal)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
