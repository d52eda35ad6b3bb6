"""Network view ("/"): a readable view of the causal graph, focus tools, filters and a details panel.

It opens on the key concepts (see :mod:`dashboard.views.network_views`); the neighbourhood of
a concept, the whole graph and the graph collapsed by PT or by kind are one click away. Every
control is a URL key: ``view``, ``focus``, ``depth``, ``q``, ``negative``, ``theoryonly``,
``theory``, ``domain``, ``sources``, ``kinds``, ``layout``, ``review``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash
import dash_cytoscape as cyto
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update

from dashboard import style
from dashboard.data import ExplorerData
from dashboard.export import export_controls, register_graph_export
from dashboard.help import help_box, register_glossary
from dashboard.narrowing import narrowing_controls, narrowing_state, register_narrowing, url_fields
from dashboard.pickers import picker, register_picker, register_review_picker, review_picker
from dashboard.urlstate import query_choice, query_choices, query_int, query_value, register_url_sync
from dashboard.views import network_views as nv
from dashboard.views.captions import network_caption
from dashboard.views.elements import filter_graph, mark, search_matches
from dashboard.views.network_panels import detail_for
from dashboard.views.panels import legend
from graph.naming import theory_index, theory_names

__all__ = ["PATH", "layout", "register", "theory_options", "concept_options", "network_view", "graph_layout",
           "selection_for", "detail", "LARGE_GRAPH", "VIEW_OPTIONS", "HINT",
           "initial_state"]

PATH = "/"
NEGATIVE, THEORY_ONLY = "negative", "theory-only"
LAYERS, FORCE = "layers", "force"
MAX_DEPTH = 3
MAX_OPTIONS = 40  # concepts the neighbourhood picker lists at a time (type to find others)
HINT = "Click a concept or link (or search for one) to see its evidence. Hover for a full name."
# Above this many concepts the browser's force-directed layout stalls; positions come from the server.
LARGE_GRAPH = 150
VIEW_OPTIONS = [{"label": " Key concepts (overview)", "value": nv.OVERVIEW},
                {"label": " Neighbourhood of a concept", "value": nv.FOCUS},
                {"label": " Whole graph", "value": nv.WHOLE},
                {"label": " Collapsed by programme theory", "value": nv.THEORIES},
                {"label": " Collapsed by concept kind", "value": nv.KINDS}]


def theory_options(theories: list[dict]) -> list[dict]:
    """PT dropdown options in numeric order, named 'PT 6: opinion leaders'."""
    index = theory_index(theories)
    return [{"label": t["label"], "value": t["id"]} for t in theory_names(index, index)]


def _concept_option(G, n: str) -> dict:
    d = G.nodes[n]
    return {"label": f"{d.get('name') or n} ({style.KIND_STYLE.get(d.get('kind'), {}).get('label', '')})",
            "value": n}


def concept_options(G, search: str | None = None, keep: str | None = None,
                    limit: int = MAX_OPTIONS) -> list[dict]:
    """The neighbourhood picker's options: concepts whose name holds ``search`` (at most ``limit``,
    so a large review never sends thousands), and ``keep`` (the chosen one) first."""
    found = search_matches(G, search) if search and search.strip() else sorted(G, key=lambda n: str(
        G.nodes[n].get("name", n)).casefold())
    chosen = [keep] if keep in G else []
    return [_concept_option(G, n) for n in chosen + [n for n in found if n != keep][:limit]]


def graph_layout(node_count: int, choice: str | None) -> dict:
    """The cytoscape layout: server positions ("preset") for layers or any large graph."""
    if choice == FORCE and node_count <= LARGE_GRAPH:
        return {"name": "cose", "animate": False}
    return {"name": "preset", "fit": True, "padding": 30}


def network_view(G, theory: str | None, kinds: list[str] | None, negative: list[str] | None,
                 search: str | None, *, theories: set[str] | None = None, evidence: set[str] | None = None,
                 layout_choice: str | None = LAYERS, view: str | None = nv.OVERVIEW, focus: str | None = None,
                 depth: int = 1, theory_only: bool = True,
                 index: dict | None = None) -> tuple[list[dict], dict, str]:
    """Elements for the chosen view of the filtered graph, with search matches marked; layout; status.

    ``theories`` / ``evidence`` narrow the graph to links from those PTs / backed by those items.
    Search matches are ringed and everything else dimmed; the browser then zooms to them.
    """
    sub = filter_graph(G, theory=theory, kinds=kinds, include_negative=NEGATIVE in (negative or []),
                       theories=theories, evidence=evidence, include_theory_only=theory_only)
    found = search_matches(sub, search) if search and search.strip() else []
    chosen = _view(sub, view, found, focus, depth, index)
    layout = chosen.layout
    if view == nv.WHOLE:
        layout = graph_layout(len(chosen.elements), layout_choice)
        if layout["name"] == "cose":
            chosen.elements = [{k: v for k, v in e.items() if k != "position"} for e in chosen.elements]
        elif layout_choice == FORCE:
            chosen.status += " · too many concepts for the browser's layout: laid out on the server"
    elements, status = chosen.elements, chosen.status
    if found:
        shown = {e["data"]["id"] for e in elements}
        elements = mark(elements, [n for n in found if n in shown], "match", dim_others=True)
        status += f" · {len(found)} match{'es' if len(found) != 1 else ''} for “{search.strip()}”"  # type: ignore[union-attr]
    return elements, layout, status


def _view(sub, view: str | None, found: list[str], focus: str | None, depth: int,
          index: dict | None) -> nv.NetworkView:
    if view == nv.FOCUS:
        return nv.neighbourhood_view(sub, focus or (found[0] if len(found) == 1 else None), depth)
    if view == nv.WHOLE:
        return nv.whole_view(sub, extra=found)
    if view == nv.THEORIES:
        return nv.theories_view(sub, index)
    if view == nv.KINDS:
        return nv.kinds_view(sub)
    return nv.overview_view(sub, extra=found)


def selection_for(trigger: str, node: dict | None, edge: dict | None, matches: list[str]) -> dict | None:
    """What the details panel should show after ``trigger`` ("component.property"); None: no change."""
    if trigger.startswith("network-search."):
        return {"type": "node", "id": matches[0]} if len(matches) == 1 else None
    if trigger == "network-graph.tapEdgeData" and edge:
        return {"type": "edge", "id": edge["id"]}
    if trigger == "network-graph.tapNodeData" and node:
        return {"type": "node", "id": node["id"]}
    return None


def initial_state(params: Mapping[str, Any]) -> dict[str, Any]:
    """The page's starting values from its query string (any string gives a valid state).

    >>> state = initial_state({"view": "spiral", "depth": "99", "kinds": "outcome,x", "negative": ""})
    >>> state["view"], state["depth"], state["kinds"], state["negative"], state["layout"]
    ('overview', 3, ['outcome'], [], 'layers')
    """
    return {
        "review": query_value(params, "review"),
        "view": query_choice(params, "view", [o["value"] for o in VIEW_OPTIONS], nv.OVERVIEW),
        "focus": query_value(params, "focus"),
        "depth": query_int(params, "depth", 1, low=1, high=MAX_DEPTH),
        "q": query_value(params, "q"),
        "theory": query_value(params, "theory"),
        **narrowing_state(params),
        "kinds": query_choices(params, "kinds", style.ALL_KINDS, list(style.ALL_KINDS)),
        "negative": query_choices(params, "negative", [NEGATIVE], [NEGATIVE]),
        "theoryonly": query_choices(params, "theoryonly", [THEORY_ONLY], [THEORY_ONLY]),
        "layout": query_choice(params, "layout", (LAYERS, FORCE), LAYERS),
    }


def _controls(state: dict[str, Any]) -> list:
    kinds = [{"label": s["label"], "value": k} for k, s in style.KIND_STYLE.items()]
    return [
        html.Label("Review"),
        *review_picker("network", state["review"]),
        html.Label("Show"),
        dcc.RadioItems(id="network-view", options=VIEW_OPTIONS, value=state["view"],
                       labelStyle={"display": "block"}),
        html.Div([html.Label("Concept"),
                  *picker("network-focus", state["focus"], placeholder="Type a concept's name",
                          searchable=True),
                  html.Label("Steps of causes and effects"),
                  dcc.Slider(id="network-depth", min=1, max=MAX_DEPTH, step=1, value=state["depth"],
                             marks={i: str(i) for i in range(1, MAX_DEPTH + 1)})],
                 id="network-focus-box",
                 style=style.FOCUS_BOX if state["view"] == nv.FOCUS else style.HIDDEN),
        html.Label("Search concepts"),
        dcc.Input(id="network-search", type="search", debounce=True, placeholder="e.g. engagement",
                  value=state["q"]),
        html.Label("Programme theory"),
        *picker("network-theory", state["theory"], placeholder="All PTs"),
        *narrowing_controls("network", state),
        html.Label("Concept kinds"),
        dcc.Checklist(id="network-kinds", options=kinds, value=state["kinds"]),
        dcc.Checklist(id="network-negative", value=state["negative"],
                      options=[{"label": " Show disconfirming (negative) links", "value": NEGATIVE}]),
        dcc.Checklist(id="network-theory-only", value=state["theoryonly"],
                      options=[{"label": " Show theory-only links (no evidence item)",
                                "value": THEORY_ONLY}]),
        html.Label("Layout of the whole graph"),
        dcc.RadioItems(id="network-layout", value=state["layout"],
                       options=[{"label": " Causal layers (C → M → O)", "value": LAYERS},
                                {"label": " Force-directed", "value": FORCE}]),
        export_controls("network"),
        legend(),
    ]


def layout(**params: object) -> html.Div:
    state = initial_state(params)
    return html.Div([
        help_box("network"),
        html.Div([
            html.Aside(_controls(state), style=style.SIDEBAR),
            html.Div([html.Div(id="network-search-status", style=style.GRAPH_STATUS),
                      cyto.Cytoscape(id="network-graph", elements=[], layout={"name": "preset"},
                                     stylesheet=style.graph_stylesheet(), style=style.GRAPH_STYLE,
                                     minZoom=0.05, maxZoom=4)],
                     style=style.GRAPH_CELL),
            html.Div(html.P(HINT), id="network-detail", style=style.PANEL),
            dcc.Store(id="network-selection"), dcc.Store(id="network-zoomed"),
            # the neighbourhood's concept: kept apart from its picker, so the graph never waits for
            # the picker's options (a large review has thousands of concepts)
            dcc.Store(id="network-focus-id", data=state["focus"]),
        ], style=style.MAIN),
    ])


_KEEP_FOCUS_JS = """
function (value, kept) {
    return value === kept || value === undefined ? window.dash_clientside.no_update : value;
}
"""


def detail(data: ExplorerData, review: str | None, selection: dict | None) -> html.Div | html.P:
    """The details panel for a selected concept, link, PT or kind."""
    return detail_for(data, review, selection, HINT)


def register(app: Dash, data: ExplorerData) -> None:
    """Wire this page's callbacks to ``app``, reading from ``data``."""
    register_url_sync(app, [("network-review", "value", "review"), ("network-view", "value", "view"),
                            ("network-focus-id", "data", "focus"), ("network-depth", "value", "depth"),
                            ("network-theory", "value", "theory"), *url_fields("network"),
                            ("network-kinds", "value", "kinds"), ("network-negative", "value", "negative"),
                            ("network-theory-only", "value", "theoryonly"),
                            ("network-search", "value", "q"), ("network-layout", "value", "layout")])
    register_graph_export(app, "network", "network-graph",
                          lambda params, shown: network_caption(data, initial_state(params), shown),
                          drawn=[("network-search-status", "children")])
    register_review_picker(app, "network")
    register_picker(app, "network-theory", ("network-review", "value"),
                    lambda review: (theory_options(data.theories(review)), None))

    @app.callback(Output("network-focus", "options"), Output("network-focus", "value"),
                  Output("network-focus-wanted", "data"), Input("network-review", "value"),
                  Input("network-focus", "search_value"), State("network-focus", "value"),
                  State("network-focus-wanted", "data"))
    def _focus_options(review, search, current, wanted):
        G = data.graph(review)
        chosen = wanted if wanted in G else current if current in G else None
        return (concept_options(G, search, chosen), no_update if chosen == current else chosen,
                None if wanted is not None else no_update)
    register_narrowing(app, "network", data)
    register_glossary(app, data, "network", ("network-review", "value"))
    app.clientside_callback(ClientsideFunction("ptgraph", "zoomToMatches"), Output("network-zoomed", "data"),
                            Input("network-graph", "elements"), State("network-graph", "id"))
    app.clientside_callback(_KEEP_FOCUS_JS, Output("network-focus-id", "data"), Input("network-focus",
                                                                                      "value"),
                            State("network-focus-id", "data"), prevent_initial_call=True)

    @app.callback(Output("network-focus-box", "style"), Input("network-view", "value"))
    def _focus_box(view):
        return style.FOCUS_BOX if view == nv.FOCUS else style.HIDDEN

    @app.callback(Output("network-graph", "elements"), Output("network-graph", "layout"),
                  Output("network-search-status", "children"),
                  Input("network-review", "value"), Input("network-theory", "value"),
                  Input("network-domain", "value"), Input("network-sources", "value"),
                  Input("network-kinds", "value"), Input("network-negative", "value"),
                  Input("network-theory-only", "value"), Input("network-search", "value"),
                  Input("network-layout", "value"), Input("network-view", "value"),
                  Input("network-focus-id", "data"), Input("network-depth", "value"))
    def _graph(review, theory, domain, sources, kinds, negative, theory_only, search, layout_choice, view,
               focus, depth):
        theories, evidence = data.narrowing(review, domain, sources)
        return network_view(data.graph(review), theory, kinds, negative, search, theories=theories,
                            evidence=evidence, layout_choice=layout_choice, view=view, focus=focus,
                            depth=int(depth or 1), theory_only=THEORY_ONLY in (theory_only or []),
                            index=theory_index(data.theories(review)))

    @app.callback(Output("network-selection", "data"), Input("network-graph", "tapNodeData"),
                  Input("network-graph", "tapEdgeData"), Input("network-search", "value"),
                  State("network-review", "value"), prevent_initial_call=True)
    def _select(node, edge, search, review):
        trigger = ctx.triggered[0]["prop_id"] if ctx.triggered else ""
        matches = search_matches(data.graph(review), search) if trigger.startswith("network-search") else []
        chosen = selection_for(trigger, node, edge, matches)
        return chosen if chosen else no_update

    @app.callback(Output("network-detail", "children"), Input("network-selection", "data"),
                  State("network-review", "value"))
    def _detail(selection, review):
        return detail(data, review, selection)

    @app.callback(Output("network-view", "value"), Output("network-focus", "value", allow_duplicate=True),
                  Output("network-focus", "options", allow_duplicate=True),
                  Input({"type": "network-neighbourhood", "id": dash.ALL}, "n_clicks"),
                  State("network-review", "value"), prevent_initial_call=True)
    def _neighbourhood(clicks, review):
        if not any(clicks or []) or not isinstance(ctx.triggered_id, dict):
            return no_update, no_update, no_update
        concept = ctx.triggered_id["id"]
        return nv.FOCUS, concept, concept_options(data.graph(review), None, concept)
