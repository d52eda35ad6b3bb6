"""Theory view ("/theory"): one programme theory laid out left to right, with its CMOCs, evidence and lineage.

:func:`theory_view` renders the whole view under any id prefix, so the workshop page can
show the same view next to this page's; :func:`register_theory_view` wires its graph taps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash_cytoscape as cyto
from dash import Dash, Input, Output, State, ctx, dcc, html

from dashboard import style
from dashboard.data import ExplorerData, review_param
from dashboard.export import export_controls, register_graph_export
from dashboard.help import help_box, register_glossary
from dashboard.pickers import register_review_picker, review_picker
from dashboard.urlstate import query_value, register_url_sync
from dashboard.views.captions import theory_caption
from dashboard.views.elements import split_edge_id
from dashboard.views.panels import evidence_list
from dashboard.views.theory_layout import (
    HEADER_ID,
    TheoryData,
    concept_usage,
    group_cmocs,
    group_evidence,
    link_usage,
    merge_evidence,
    review_of,
    theory_choices,
    theory_elements,
    theory_label,
)
from dashboard.views.theory_panels import cmoc_cards, framing, graph_key, lineage_nav

__all__ = ["PATH", "PREFIX", "layout", "register", "load_theory", "theory_view", "register_theory_view",
           "detail_panel", "selection_for", "pick_theory", "unknown_theory",
           "initial_state"]

PATH = "/theory"
PREFIX = "theory"
GRAPH_LAYOUT = {"name": "preset", "fit": True, "padding": 40}  # positions come from column_positions
PICK = "Pick a programme theory."
HINT = "Click a concept (or an arrow) in the graph to see its evidence within this programme theory."


def load_theory(data: ExplorerData, theory_id: str | None) -> TheoryData | None:
    """Everything the view shows about ``theory_id``, or None when the store has no such PT."""
    found = data.store.run("get_theory", {"theory": theory_id}) if theory_id else []
    if not found:
        return None
    params = {"theory": theory_id}
    cmocs, concepts = group_cmocs(data.store.run("get_theory_cmocs", params))
    cmoc_ids = [c["id"] for c in cmocs]
    evidence_rows = data.store.run("get_evidence_for_cmocs", {"cmocs": cmoc_ids}) if cmoc_ids else []
    return TheoryData(theory=found[0], cmocs=cmocs, concepts=concepts, evidence=group_evidence(evidence_rows),
                      lineage=data.store.run("get_theory_lineage", params),
                      notes=data.store.run("get_theory_notes", params),
                      context=data.store.run("get_theory_context", params),
                      graph=data.graph(found[0].get("review")))


def theory_view(data: ExplorerData, theory_id: str | None, prefix: str, link_path: str = PATH) -> html.Div:
    """The whole view of one PT (graph, statement, CMOCs, lineage, notes), every id starting ``prefix``.

    Lineage links point at ``link_path?theory=<id>``.
    """
    view = load_theory(data, theory_id)
    if view is None:
        message = f"No programme theory “{theory_id}” in this store." if theory_id else PICK
        return html.Div(html.P(message), id=f"{prefix}-view", style=style.THEORY_VIEW)
    elements = theory_elements(view.graph, view.theory["id"], view.concepts)
    return html.Div([
        html.H2(theory_label(view.theory), id=f"{prefix}-title"),
        html.P(view.theory["name"], style=style.THEORY_SUBTITLE) if _subtitled(view.theory) else None,
        lineage_nav(view.lineage, view.theory["id"], prefix, link_path),
        html.Blockquote(view.theory.get("statement") or "No statement recorded.", id=f"{prefix}-statement",
                        style=style.THEORY_STATEMENT),
        html.Div([
            html.Div([cyto.Cytoscape(id=f"{prefix}-graph", elements=elements, layout=GRAPH_LAYOUT,
                                     stylesheet=style.theory_stylesheet(), style=style.THEORY_GRAPH_STYLE),
                      graph_key()], style=style.THEORY_GRAPH_CELL),
            html.Aside(html.P(HINT), id=f"{prefix}-detail", style=style.THEORY_DETAIL),
        ], style=style.THEORY_GRAPH_ROW),
        html.H3(f"CMOCs ({len(view.cmocs)})"),
        cmoc_cards(view.cmocs, view.evidence, prefix),
        framing(view.notes, view.context, prefix, {c["id"]: c.get("name") or c["id"] for c in view.cmocs}),
        dcc.Store(id=f"{prefix}-view-theory", data=view.theory["id"]),
    ], id=f"{prefix}-view", style=style.THEORY_VIEW)


def _subtitled(theory: dict) -> bool:
    """Whether the full name says more than the short title the heading shows."""
    return bool(theory.get("shortTitle") and theory.get("name") and theory["name"] != theory["shortTitle"])


def selection_for(trigger: str, node: dict | None, edge: dict | None) -> dict | None:
    """What the detail panel shows after ``trigger`` ("<prefix>-graph.tapNodeData"); None: the hint."""
    if trigger.endswith(".tapNodeData") and node and not node.get("header"):
        return {"type": "node", "id": node["id"]}
    if trigger.endswith(".tapEdgeData") and edge:
        return {"type": "edge", "id": edge["id"]}
    return None


def detail_panel(view: TheoryData | None, selection: dict | None, prefix: str) -> list:
    """A concept's (or link's) place in this PT: the CMOCs using it, with wording, and their evidence."""
    if view is None or not selection or selection["id"].startswith(HEADER_ID):
        return [html.P(HINT)]
    if selection["type"] == "edge":
        source, target, polarity = split_edge_id(selection["id"])
        found = view.graph.has_edge(source, target, polarity)
        attrs = view.graph.edges[source, target, polarity] if found else {}
        cmocs = link_usage(view.cmocs, attrs.get("cmocs") or [])
        names = [view.concepts.get(n, {}).get("name", n) for n in (source, target)]
        title = f"{names[0]} → {names[1]}" + (" (disconfirming)" if polarity == "negative" else "")
        uses = [html.Li(c.get("name") or c["id"]) for c in cmocs]
    else:
        usage = concept_usage(view.cmocs, selection["id"])
        cmocs = list({c["id"]: c for c, _, _ in usage}.values())
        title = view.concepts.get(selection["id"], {}).get("name", selection["id"])
        uses = [html.Li([html.Strong(c.get("name") or c["id"]), f" — as {role}",
                         html.Span(" (absent)", style=style.THEORY_ABSENT) if e["absent"] else "",
                         html.Br(), html.Em(f"“{e['wording']}”" if e["wording"] else "")])
                for c, role, e in usage]
    if not cmocs:
        return [html.H3(title), html.P("Not used by this programme theory's CMOCs.")]
    evidence = merge_evidence(view.evidence.get(c["id"], []) for c in cmocs)
    return [html.H3(title), html.H4(f"In {theory_label(view.theory)}"), html.Ul(uses),
            html.H4(f"Evidence ({len(evidence)})"), evidence_list(evidence, f"{prefix}-detail")]


def unknown_theory(options: list[dict], current: str | None, initial: str | None) -> str | None:
    """The message for a URL naming a PT the review does not have (None when it has it, or names none).

    >>> unknown_theory([{"label": "PT 1", "value": "r:pt1"}], None, "r:pt99")
    'There is no programme theory “r:pt99” in this review: pick one below.'
    """
    offered = {o["value"] for o in options}
    if initial and not current and initial not in offered:
        return f"There is no programme theory “{initial}” in this review: pick one below."
    return None


def pick_theory(options: list[dict], current: str | None, initial: str | None) -> str | None:
    """Keep the current PT if offered, else the URL's, else the first option (a refined PT)."""
    offered = [o["value"] for o in options]
    for candidate in (current, initial):
        if candidate in offered:
            return candidate
    return offered[0] if offered else None


def initial_state(params: Mapping[str, Any]) -> dict[str, Any]:
    """The PT and review a query string asks for; the review defaults to the PT's own.

    >>> initial_state({"theory": "reco:pt6"})
    {'theory': 'reco:pt6', 'review': 'reco'}
    """
    theory = query_value(params, "theory")
    return {"theory": theory, "review": query_value(params, "review") or review_of(theory)}


def layout(**params: object) -> html.Div:
    state = initial_state(params)
    theory = state["theory"]
    return html.Div([
        help_box(PREFIX),
        html.Div(id="theory-message", role="alert", style=style.HIDDEN),
        html.Div([
            html.Div([html.Label("Review", htmlFor="theory-review"),
                      *review_picker(PREFIX, state["review"])],
                     style=style.THEORY_PICKER),
            html.Div([html.Label("Programme theory (type to search)", htmlFor="theory-theory"),
                      dcc.Dropdown(id="theory-theory", clearable=False, searchable=True,
                                   placeholder="e.g. PT 6 or leadership")], style=style.THEORY_PICKER_WIDE),
            export_controls(PREFIX),
        ], style=style.THEORY_PICKERS),
        dcc.Store(id="theory-initial", data=theory),
        html.Div(id="theory-body"),
    ], style=style.THEORY_VIEW)


def register_theory_view(app: Dash, data: ExplorerData, prefix: str) -> None:
    """Show the tapped concept's or link's evidence in ``{prefix}-detail`` of a :func:`theory_view`."""

    # Not on first drawing: the view brings its own first content (the page's hint, a slide's quote).
    @app.callback(Output(f"{prefix}-detail", "children"), Input(f"{prefix}-graph", "tapNodeData"),
                  Input(f"{prefix}-graph", "tapEdgeData"), State(f"{prefix}-view-theory", "data"),
                  prevent_initial_call=True)
    def _detail(node, edge, theory_id):
        trigger = ctx.triggered[0]["prop_id"] if ctx.triggered else ""
        selection = selection_for(trigger, node, edge)
        return detail_panel(load_theory(data, theory_id) if selection else None, selection, prefix)


def register(app: Dash, data: ExplorerData) -> None:
    """Wire this page's callbacks to ``app``, reading from ``data``."""

    register_review_picker(app, PREFIX)

    register_glossary(app, data, PREFIX, ("theory-review", "value"))

    @app.callback(Output("theory-theory", "options"), Output("theory-theory", "value"),
                  Output("theory-message", "children"), Output("theory-message", "style"),
                  Input("theory-review", "value"), State("theory-theory", "value"),
                  State("theory-initial", "data"))
    def _theories(review, current, initial):
        options = theory_choices(data.store.run("list_theory_options", {"review": review_param(review)}))
        unknown = unknown_theory(options, current, initial)
        if unknown:  # say so, and show none rather than silently another PT
            return options, None, unknown, style.THEORY_MESSAGE
        return options, pick_theory(options, current, initial), None, style.HIDDEN

    @app.callback(Output("theory-body", "children"), Input("theory-theory", "value"))
    def _body(theory_id):
        return theory_view(data, theory_id, PREFIX)

    register_theory_view(app, data, PREFIX)
    register_url_sync(app, [("theory-theory", "value", "theory")])
    register_graph_export(app, PREFIX, f"{PREFIX}-graph",
                          lambda params: theory_caption(data, initial_state(params)))
