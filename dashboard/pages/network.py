"""Network view ("/"): the causal graph with filters, search and a details panel."""

from __future__ import annotations

import dash_cytoscape as cyto
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update

from dashboard import style
from dashboard.data import ExplorerData
from dashboard.export import export_controls, register_graph_export
from dashboard.narrowing import narrowing_controls, register_narrowing, url_fields
from dashboard.pickers import picker, register_picker, register_review_picker, review_picker
from dashboard.urlstate import query_list, query_value, register_url_sync
from dashboard.views.elements import filter_graph, graph_elements, mark, search_matches, split_edge_id
from dashboard.views.panels import concept_panel, legend, link_panel
from graph.analytics.layout import layered_positions

__all__ = ["PATH", "layout", "register", "theory_options",
           "network_view", "graph_layout", "selection_for", "LARGE_GRAPH"]

PATH = "/"
NEGATIVE = "negative"
LAYERS, FORCE = "layers", "force"
# Above this many concepts the browser's force-directed layout stalls; positions come from the server.
LARGE_GRAPH = 150


def theory_options(theories: list[dict]) -> list[dict]:
    return [{"label": t.get("shortTitle") or t.get("name") or t["id"], "value": t["id"]} for t in theories]


def graph_layout(node_count: int, choice: str | None) -> dict:
    """The cytoscape layout: server positions ("preset") for layers or any large graph."""
    if choice == FORCE and node_count <= LARGE_GRAPH:
        return {"name": "cose", "animate": False}
    return {"name": "preset", "fit": True, "padding": 30}


def network_view(G, theory: str | None, kinds: list[str] | None, negative: list[str] | None,
                 search: str | None, *, theories: set[str] | None = None, evidence: set[str] | None = None,
                 layout_choice: str | None = LAYERS) -> tuple[list[dict], dict, str]:
    """Elements for the filtered graph with search matches marked, its layout and a status line.

    ``theories`` / ``evidence`` narrow the graph to links from those PTs / backed by those items.
    """
    sub = filter_graph(G, theory=theory, kinds=kinds, include_negative=NEGATIVE in (negative or []),
                       theories=theories, evidence=evidence)
    chosen = graph_layout(sub.number_of_nodes(), layout_choice)
    positions = layered_positions(sub) if chosen["name"] == "preset" else None
    elements = graph_elements(sub, positions)
    status = f"{sub.number_of_nodes()} concepts, {sub.number_of_edges()} links"
    if layout_choice == FORCE and positions:
        status += " · too many concepts for the browser's layout: laid out on the server"
    if search and search.strip():
        found = search_matches(sub, search)
        elements = mark(elements, found, "match")
        status += f" · {len(found)} match{'es' if len(found) != 1 else ''} for “{search.strip()}”"
    return elements, chosen, status


def selection_for(trigger: str, node: dict | None, edge: dict | None, matches: list[str]) -> dict | None:
    """What the details panel should show after ``trigger`` ("component.property"); None: no change."""
    if trigger.startswith("network-search."):
        return {"type": "node", "id": matches[0]} if len(matches) == 1 else None
    if trigger == "network-graph.tapEdgeData" and edge:
        return {"type": "edge", "id": edge["id"]}
    if trigger == "network-graph.tapNodeData" and node:
        return {"type": "node", "id": node["id"]}
    return None


def layout(**params: object) -> html.Div:
    kinds = [{"label": s["label"], "value": k} for k, s in style.KIND_STYLE.items()]
    return html.Div([
        html.Aside([
            html.Label("Review"),
            *review_picker("network", query_value(params, "review")),
            html.Label("Programme theory"),
            *picker("network-theory", query_value(params, "theory"), placeholder="All PTs"),
            *narrowing_controls("network", params),
            html.Label("Concept kinds"),
            dcc.Checklist(id="network-kinds", options=kinds,
                          value=query_list(params, "kinds", list(style.KIND_STYLE))),
            dcc.Checklist(id="network-negative", value=query_list(params, "negative", [NEGATIVE]),
                          options=[{"label": " Include disconfirming (negative) links", "value": NEGATIVE}]),
            html.Label("Search concepts"),
            dcc.Input(id="network-search", type="search", debounce=True, placeholder="e.g. engagement",
                      value=query_value(params, "q")),
            html.Div(id="network-search-status", style={"fontSize": "0.85rem"}),
            html.Label("Layout"),
            dcc.RadioItems(id="network-layout", value=query_value(params, "layout", LAYERS),
                           options=[{"label": " Causal layers (C → M → O)", "value": LAYERS},
                                    {"label": " Force-directed", "value": FORCE}]),
            export_controls("network"),
            legend(),
        ], style=style.SIDEBAR),
        html.Div(cyto.Cytoscape(id="network-graph", elements=[], layout={"name": "preset"},
                                stylesheet=style.graph_stylesheet(), style=style.GRAPH_STYLE),
                 style={"flex": "1 1 auto"}),
        html.Div(html.P("Click a concept or link (or search for one) to see its evidence."),
                 id="network-detail", style=style.PANEL),
        dcc.Store(id="network-selection"),
    ], style=style.MAIN)


def detail(data: ExplorerData, review: str | None, selection: dict | None) -> html.Div | html.P:
    """The details panel for a selected concept or link."""
    if not selection:
        return html.P("Click a concept or link (or search for one) to see its evidence.")
    G = data.graph(review)
    if selection["type"] == "node" and selection["id"] in G:
        cmocs = data.concept_cmocs(selection["id"])
        evidence = data.evidence(sorted({r["cmoc"] for r in cmocs}))
        return concept_panel(G.nodes[selection["id"]], cmocs, evidence, "network")
    if selection["type"] == "edge":
        source, target, polarity = split_edge_id(selection["id"])
        if G.has_edge(source, target, polarity):
            attrs = G.edges[source, target, polarity]
            evidence = data.evidence(attrs.get("cmocs") or [], only=set(attrs.get("evidence") or []) or None)
            return link_panel(G, source, target, attrs, evidence, "network")
    return html.P("That item is not in the selected review.")


def register(app: Dash, data: ExplorerData) -> None:
    """Wire this page's callbacks to ``app``, reading from ``data``."""
    register_url_sync(app, [("network-review", "value", "review"), ("network-theory", "value", "theory"),
                            *url_fields("network"), ("network-kinds", "value", "kinds"),
                            ("network-negative", "value", "negative"),
                            ("network-search", "value", "q"), ("network-layout", "value", "layout")])
    register_graph_export(app, "network", "network-graph")

    register_review_picker(app, "network")
    register_picker(app, "network-theory", ("network-review", "value"),
                    lambda review: (theory_options(data.theories(review)), None))
    register_narrowing(app, "network", data)

    @app.callback(Output("network-graph", "elements"), Output("network-graph", "layout"),
                  Output("network-search-status", "children"),
                  Input("network-review", "value"), Input("network-theory", "value"),
                  Input("network-domain", "value"), Input("network-sources", "value"),
                  Input("network-kinds", "value"), Input("network-negative", "value"),
                  Input("network-search", "value"), Input("network-layout", "value"))
    def _graph(review, theory, domain, sources, kinds, negative, search, layout_choice):
        theories, evidence = data.narrowing(review, domain, sources)
        return network_view(data.graph(review), theory, kinds, negative, search, theories=theories,
                            evidence=evidence, layout_choice=layout_choice)

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
