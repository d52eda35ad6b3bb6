"""A Kumu workbook: the graph as the Elements and Connections sheets Kumu imports.

Kumu (kumu.io) reads an Excel workbook whose ``Elements`` sheet has ``Label`` (or ``ID``
then ``Label``) in column A and whose ``Connections`` sheet has ``From`` and ``To`` in columns
A and B; ``Type``, ``Description`` and ``Tags`` (values separated by ``|``) are its
standard fields and every other column becomes a custom field. Elements carry their
ptgraph id in ``ID`` so that connections name them unambiguously and a re-import updates
rather than duplicates; tags and descriptions name PTs in words ("PT 5"). A third sheet,
``Style (ignore)`` (Kumu skips sheets so named), holds the Advanced Editor rules that colour
elements as the explorer does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from graph.interchange.graphs import node_kind
from graph.interchange.xlsx import write_workbook
from graph.naming import theory_names
from graph.palette import KIND_STYLE, LABEL_STYLE, NEGATIVE, OTHER_LABEL_COLOUR, POSITIVE
from graph.schema import Rel, local_id

__all__ = ["kumu_sheets", "write_kumu", "ELEMENT_COLUMNS", "CONNECTION_COLUMNS", "TAG_SEPARATOR"]

ELEMENT_COLUMNS = ("ID", "Label", "Type", "Description", "Tags", "Level", "Review")
CONNECTION_COLUMNS = ("From", "To", "Type", "Description", "Tags", "Strength", "Theory only", "CMOCs")
TAG_SEPARATOR = "|"
_DESCRIBED_BY = ("definition", "statement", "text", "description", "citation", "remit")
_LEADS_TO = {"positive": "leads to", "negative": "disconfirming link"}


def _type(data: dict[str, Any]) -> str:
    kind = node_kind(data)
    return str(KIND_STYLE[kind]["label"]) if kind in KIND_STYLE else str(data.get("type", ""))


Index = Mapping[str, Mapping[str, Any]]  # a graph.naming.theory_index of the review's PTs


def _named(theories: Iterable[str], index: Index | None) -> list[str]:
    """PTs as a person reads them ('PT 5', numeric order), as the explorer and ``ptgraph paths`` name them."""
    return [t["short"] for t in theory_names(theories, index)]


def _theories(G: nx.MultiDiGraph, node: str, index: Index | None) -> list[str]:
    found = {t for _, _, d in G.in_edges(node, data=True) for t in d.get("theories", [])}
    found |= {t for _, _, d in G.out_edges(node, data=True) for t in d.get("theories", [])}
    return _named(found, index)


def _element(G: nx.MultiDiGraph, node: str, data: dict[str, Any], index: Index | None) -> list[Any]:
    description = next((str(data[k]) for k in _DESCRIBED_BY if data.get(k)), "")
    return [
        node,
        data.get("label", node),
        _type(data),
        description,
        TAG_SEPARATOR.join(_theories(G, node, index)),
        data.get("level", ""),
        data.get("reviewId", ""),
    ]


def _connection(a: str, b: str, data: dict[str, Any], index: Index | None) -> list[Any]:
    theories = _named(data.get("theories", []), index)
    evidence = data.get("evidenceCount")
    if data.get("type") == Rel.LEADS_TO:
        kind = _LEADS_TO.get(str(data.get("polarity")), "leads to")
        counted = f"; {evidence} evidence item{'s' if evidence != 1 else ''}" if evidence is not None else ""
        description = f"From {', '.join(theories) or 'no theory'}{counted}"
    else:
        kind, description = str(data.get("type", "")).replace("_", " ").lower(), str(data.get("wording", ""))
    cmocs = TAG_SEPARATOR.join(local_id(c) for c in data.get("cmocs", []))
    strength = evidence if evidence is not None else ""
    return [
        a,
        b,
        kind,
        description,
        TAG_SEPARATOR.join(theories),
        strength,
        "yes" if data.get("theoryOnly") else "",
        cmocs,
    ]


def _style_rules() -> list[list[str]]:
    rules = [["element", f"color: {OTHER_LABEL_COLOUR};"]]
    rules += [
        [f'element[element-type="{look["label"]}"]', f"color: {look['colour']};"]
        for look in KIND_STYLE.values()
    ]
    rules += [
        [f'element[element-type="{label}"]', f"color: {look['colour']};"]
        for label, look in LABEL_STYLE.items()
    ]
    rules += [
        ['connection[connection-type="leads to"]', f"color: {POSITIVE};"],
        ['connection[connection-type="disconfirming link"]', f"color: {NEGATIVE}; pattern: dashed;"],
    ]
    return rules


def kumu_sheets(G: nx.MultiDiGraph, theories: Index | None = None) -> dict[str, list[list[Any]]]:
    """The workbook's sheets as rows (header first): Elements, Connections, Style (ignore).

    ``theories`` names the PTs by number and title; without it they are named from their ids.
    """
    elements = [list(ELEMENT_COLUMNS)] + [_element(G, n, d, theories) for n, d in sorted(G.nodes(data=True))]
    connections = [list(CONNECTION_COLUMNS)] + [
        _connection(a, b, d, theories)
        for a, b, _, d in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3])
    ]
    style = [["selector", "rule (paste into Kumu's Advanced Editor)"], *_style_rules()]
    return {"Elements": elements, "Connections": connections, "Style (ignore)": style}


def write_kumu(G: nx.MultiDiGraph, path: Path, theories: Index | None = None) -> None:
    write_workbook(path, kumu_sheets(G, theories))
