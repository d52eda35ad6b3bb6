"""Network view ("/"): the causal graph with filters, search and a details panel."""

from __future__ import annotations

import dash_cytoscape as cyto
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update

from dashboard import style
from dashboard.data import ALL_REVIEWS, ExplorerData
from dashboard.elements import filter_graph, graph_elements, mark, search_matches, split_edge_id
from dashboard.panels import concept_panel, legend, link_panel

__all__ = ["PATH", "layout", "register", "review_options", "theory_options", "network_view", "selection_for"]

PATH = "/"
NEGATIVE = "negative"


def review_options(reviews: list[dict]) -> tuple[list[dict], str]:
    """Dropdown options for the reviews (plus 'all') and the default: the first review."""
    options = [{"label": r.get("name") or r["id"], "value": r["id"]} for r in reviews or []]
    options.append({"label": "All reviews", "value": ALL_REVIEWS})
    return options, (options[0]["value"] if reviews else ALL_REVIEWS)


def theory_options(theories: list[dict]) -> list[dict]:
    return [{"label": t.get("shortTitle") or t.get("name") or t["id"], "value": t["id"]} for t in theories]


def network_view(G, theory: str | None, kinds: list[str] | None, negative: list[str] | None,
                 search: str | None) -> tuple[list[dict], str]:
    """Elements for the filtered graph with search matches marked, and a status line."""
    sub = filter_graph(G, theory=theory, kinds=kinds, include_negative=NEGATIVE in (negative or []))
    elements = graph_elements(sub)
    status = f"{sub.number_of_nodes()} concepts, {sub.number_of_edges()} links"
    if search and search.strip():
        found = search_matches(sub, search)
        elements = mark(elements, found, "match")
        status += f" · {len(found)} match{'es' if len(found) != 1 else ''} for “{search.strip()}”"
    return elements, status


def selection_for(trigger: str, node: dict | None, edge: dict | None, matches: list[str]) -> dict | None:
    """What the details panel should show after ``trigger`` ("component.property"); None: no change."""
    if trigger.startswith("network-search."):
        return {"type": "node", "id": matches[0]} if len(matches) == 1 else None
    if trigger == "network-graph.tapEdgeData" and edge:
        return {"type": "edge", "id": edge["id"]}
    if trigger == "network-graph.tapNodeData" and node:
        return {"type": "node", "id": node["id"]}
    return None


def layout(**_: object) -> html.Div:
    kinds = [{"label": s["label"], "value": k} for k, s in style.KIND_STYLE.items()]
    return html.Div([
        html.Aside([
            html.Label("Review"), dcc.Dropdown(id="network-review", clearable=False),
            html.Label("Programme theory"), dcc.Dropdown(id="network-theory", placeholder="All PTs"),
            html.Label("Concept kinds"),
            dcc.Checklist(id="network-kinds", options=kinds, value=list(style.KIND_ORDER)),
            dcc.Checklist(id="network-negative", value=[NEGATIVE],
                          options=[{"label": " Include disconfirming (negative) links", "value": NEGATIVE}]),
            html.Label("Search concepts"),
            dcc.Input(id="network-search", type="search", debounce=True, placeholder="e.g. engagement"),
            html.Div(id="network-search-status", style={"fontSize": "0.85rem"}),
            legend(),
        ], style=style.SIDEBAR),
        html.Div(cyto.Cytoscape(id="network-graph", elements=[], layout={"name": "cose", "animate": False},
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

    @app.callback(Output("network-review", "options"), Output("network-review", "value"),
                  Input("app-reviews", "data"))
    def _reviews(reviews):
        return review_options(reviews)

    @app.callback(Output("network-theory", "options"), Output("network-theory", "value"),
                  Input("network-review", "value"))
    def _theories(review):
        return theory_options(data.theories(review)), None

    @app.callback(Output("network-graph", "elements"), Output("network-search-status", "children"),
                  Input("network-review", "value"), Input("network-theory", "value"),
                  Input("network-kinds", "value"), Input("network-negative", "value"),
                  Input("network-search", "value"))
    def _graph(review, theory, kinds, negative, search):
        return network_view(data.graph(review), theory, kinds, negative, search)

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
