"""Narrow a causal graph to one SELFIE component's PTs and to evidence of chosen source types.

The network and pathway pages share these controls: ``{prefix}-domain`` and
``{prefix}-sources``, kept in the URL as ``domain`` and ``sources``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx
from dash import Dash, dcc, html

from dashboard import style
from dashboard.data import ExplorerData
from dashboard.pickers import picker, register_picker
from dashboard.urlstate import query_list, query_value
from dashboard.views.elements import filter_graph
from graph.schema import EVIDENCE_SOURCES

__all__ = ["domain_options", "narrowing_controls", "register_narrowing", "url_fields", "narrowed_graph"]


def domain_options(domains: list[dict]) -> list[dict]:
    """SELFIE components, saying which have no PT and which the report calls white areas.

    >>> [o["label"] for o in domain_options([{"id": "d", "name": "Financing", "theories": []}])]
    ['Financing (no PT)']
    """
    options = []
    for d in domains:
        flags = (("no PT", not d.get("theories")), ("white area", d.get("whiteArea")))
        notes = [note for note, flag in flags if flag]
        label = d.get("name") or d["id"]
        options.append({"label": f"{label} ({', '.join(notes)})" if notes else label, "value": d["id"]})
    return options


def narrowing_controls(prefix: str, params: Mapping[str, Any]) -> list:
    """Labelled SELFIE-component and evidence-source dropdowns, set from the URL."""
    sources = [{"label": style.SOURCE_LABELS[k], "value": k} for k in EVIDENCE_SOURCES]
    return [
        html.Label("SELFIE component"),
        *picker(f"{prefix}-domain", query_value(params, "domain"), placeholder="All components"),
        html.Label("Evidence from"),
        dcc.Dropdown(id=f"{prefix}-sources", options=sources, multi=True, placeholder="Any source",
                     value=query_list(params, "sources", [])),
    ]


def url_fields(prefix: str) -> list[tuple[str, str, str]]:
    """The controls' ``register_url_sync`` fields."""
    return [(f"{prefix}-domain", "value", "domain"), (f"{prefix}-sources", "value", "sources")]


def register_narrowing(app: Dash, prefix: str, data: ExplorerData) -> None:
    """Refill the component choices whenever ``{prefix}-review`` changes."""
    register_picker(app, f"{prefix}-domain", (f"{prefix}-review", "value"),
                    lambda review: (domain_options(data.domains(review)), None))


def narrowed_graph(data: ExplorerData, review: str | None, domain: str | None,
                   sources: list[str] | None) -> nx.MultiDiGraph:
    """The review's causal graph with only the links of the component's PTs backed by those sources."""
    theories, evidence = data.narrowing(review, domain, sources)
    G = data.graph(review)
    if theories is None and evidence is None:
        return G
    return filter_graph(G, theories=theories, evidence=evidence)
