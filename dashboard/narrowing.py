"""Narrow a causal graph to one framework component's PTs and to evidence of chosen source types.

The network and pathway pages share these controls: ``{prefix}-domain`` and
``{prefix}-sources``, kept in the URL as ``domain`` and ``sources``. The components are
those of the review's own frameworks (SELFIE for RECO, labelled with their framework when a
review has several) and the source types the review's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx
from dash import Dash, Input, Output, dcc, html

from dashboard.data import ExplorerData
from dashboard.pickers import picker, register_picker
from dashboard.urlstate import query_list, query_value
from dashboard.views.elements import filter_graph
from dashboard.views.gap_matrix import RECO_SOURCES

__all__ = ["domain_options", "component_heading", "source_options", "narrowing_controls", "narrowing_state",
           "register_narrowing", "url_fields", "narrowed_graph"]


def domain_options(domains: list[dict]) -> list[dict]:
    """Framework components, saying which have no PT and which the report calls white areas;
    each is prefixed with its framework's name when the review has several frameworks.

    >>> [o["label"] for o in domain_options([{"id": "d", "name": "Financing", "theories": []}])]
    ['Financing (no PT)']
    """
    several = len({d.get("framework") or "selfie" for d in domains}) > 1
    options = []
    for d in domains:
        flags = (("no PT", not d.get("theories")), ("white area", d.get("whiteArea")))
        notes = [note for note, flag in flags if flag]
        label = d.get("name") or d["id"]
        if several:
            label = f"{d.get('frameworkName') or d.get('framework')}: {label}"
        options.append({"label": f"{label} ({', '.join(notes)})" if notes else label, "value": d["id"]})
    return options


def component_heading(frameworks: list[tuple[str, str]]) -> str:
    """The components dropdown's label: the review's framework by name.

    >>> component_heading([("selfie", "SELFIE")]), component_heading([])
    ('SELFIE component', 'Framework component')
    """
    return f"{frameworks[0][1]} component" if len(frameworks) == 1 else "Framework component"


def source_options(sources: list[tuple[str, str]]) -> list[dict]:
    return [{"label": label, "value": key} for key, label in sources]


def narrowing_state(params: Mapping[str, Any]) -> dict[str, Any]:
    """The component and sources a query string asks for (the review's choices are known later).

    >>> narrowing_state({"sources": "staff,,carer"})
    {'domain': None, 'sources': ['staff', 'carer']}
    """
    return {"domain": query_value(params, "domain"), "sources": query_list(params, "sources", [])}


def narrowing_controls(prefix: str, state: Mapping[str, Any]) -> list:
    """Labelled framework-component and evidence-source dropdowns, set from the page's state
    (:func:`narrowing_state`); their choices (and the component label) follow the review
    (:func:`register_narrowing`)."""
    return [
        html.Label("Framework component", id=f"{prefix}-domain-label"),
        *picker(f"{prefix}-domain", state["domain"], placeholder="All components"),
        html.Label("Evidence from"),
        dcc.Dropdown(id=f"{prefix}-sources", options=source_options(RECO_SOURCES), multi=True,
                     placeholder="Any source", value=state["sources"]),
    ]


def url_fields(prefix: str) -> list[tuple[str, str, str]]:
    """The controls' ``register_url_sync`` fields."""
    return [(f"{prefix}-domain", "value", "domain"), (f"{prefix}-sources", "value", "sources")]


def register_narrowing(app: Dash, prefix: str, data: ExplorerData) -> None:
    """Refill the component and source choices whenever ``{prefix}-review`` changes."""
    from dashboard.pages.gaps import vocabulary

    register_picker(app, f"{prefix}-domain", (f"{prefix}-review", "value"),
                    lambda review: (domain_options(data.domains(review)), None))

    @app.callback(Output(f"{prefix}-domain-label", "children"), Output(f"{prefix}-sources", "options"),
                  Input(f"{prefix}-review", "value"))
    def _vocabulary(review):
        terms = vocabulary(data.store, review)
        return component_heading(terms["frameworks"]), source_options(terms["sources"])


def narrowed_graph(data: ExplorerData, review: str | None, domain: str | None,
                   sources: list[str] | None) -> nx.MultiDiGraph:
    """The review's causal graph with only the links of the component's PTs backed by those sources."""
    theories, evidence = data.narrowing(review, domain, sources)
    G = data.graph(review)
    if theories is None and evidence is None:
        return G
    return filter_graph(G, theories=theories, evidence=evidence)
