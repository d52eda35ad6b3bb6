"""Pathway page ("/pathways"): ranked causal chains between two concepts, with each hop's evidence."""

from __future__ import annotations

import dash_cytoscape as cyto
from dash import Dash, Input, Output, State, dcc, html

from dashboard import style
from dashboard.data import ExplorerData
from dashboard.elements import chain_elements, chain_rows, pathway_from_dict, pathway_to_dict
from dashboard.network_page import review_options
from dashboard.panels import hop_panels
from graph.errors import NodeNotFound
from graph.pathways import find_pathways

__all__ = ["PATH", "layout", "register", "search_chains", "chain_options"]

PATH = "/pathways"
NEGATIVE = "negative"


def search_chains(G, source: str | None, target: str | None, max_hops: int | None,
                  include_negative: bool) -> tuple[list[dict], str]:
    """Found chains (serialised) and a status line; a message instead when the search cannot run."""
    source, target = (source or "").strip(), (target or "").strip()
    if not source or not target:
        return [], "Enter a FROM and a TO concept."
    hops = max(1, min(int(max_hops or 4), 8))
    try:
        found = find_pathways(G, source, target, max_hops=hops, include_negative=include_negative)
    except NodeNotFound as e:
        return [], str(e).capitalize() + "."
    if not found:
        return [], f"No chain of at most {hops} hops from “{source}” to “{target}”."
    return [pathway_to_dict(p) for p in found], f"{len(found)} chain{'s' if len(found) != 1 else ''} found."


def chain_options(G, chains: list[dict]) -> list[dict]:
    """Radio options, one per ranked chain, showing its length, PTs and evidence."""
    options = []
    for row in chain_rows(G, [pathway_from_dict(c) for c in chains]):
        facts = [f"{row['hops']} hops", f"PTs: {row['theories'] or '—'}",
                 f"evidence: weakest hop {row['min_evidence']}, total {row['total_evidence']}"]
        if row["one_source"]:
            facts.append("one source backs the whole chain")
        if row["negative"]:
            facts.append("includes a negative link")
        label = html.Span([html.Strong(f"#{row['rank']} "), row["chain"], html.Br(),
                           html.Small(" · ".join(facts), style={"color": "#444"})],
                          className="pathway-chain-label")
        options.append({"label": label, "value": row["rank"] - 1})
    return options


def layout(**_: object) -> html.Div:
    return html.Div([
        html.Aside([
            html.Label("Review"), dcc.Dropdown(id="pathway-review", clearable=False),
            html.Label("FROM concept"),
            dcc.Input(id="pathway-from", list="pathway-concepts", placeholder="e.g. leadership"),
            html.Label("TO concept"),
            dcc.Input(id="pathway-to", list="pathway-concepts", placeholder="e.g. engagement"),
            html.Datalist(id="pathway-concepts"),
            html.Label("Max hops"),
            dcc.Input(id="pathway-max-hops", type="number", min=1, max=8, step=1, value=4),
            dcc.Checklist(id="pathway-negative", value=[],
                          options=[{"label": " Allow disconfirming (negative) links", "value": NEGATIVE}]),
            html.Button("Find", id="pathway-find", n_clicks=0),
            html.Div(id="pathway-status", style={"fontSize": "0.85rem"}),
            dcc.RadioItems(id="pathway-chain", options=[], labelStyle=style.CHAIN_OPTION),
        ], style={**style.SIDEBAR, "flex": "0 0 340px"}),
        html.Div(cyto.Cytoscape(id="pathway-graph", elements=[], stylesheet=style.graph_stylesheet(),
                                layout={"name": "breadthfirst", "directed": True, "animate": False},
                                style=style.GRAPH_STYLE),
                 style={"flex": "1 1 auto"}),
        html.Div(id="pathway-evidence", style=style.PANEL),
        dcc.Store(id="pathway-results"),
    ], style=style.MAIN)


def register(app: Dash, data: ExplorerData) -> None:
    """Wire this page's callbacks to ``app``, reading from ``data``."""

    @app.callback(Output("pathway-review", "options"), Output("pathway-review", "value"),
                  Input("app-reviews", "data"))
    def _reviews(reviews):
        return review_options(reviews)

    @app.callback(Output("pathway-concepts", "children"), Input("pathway-review", "value"))
    def _concepts(review):
        G = data.graph(review)
        names = sorted({str(d.get("name", n)) for n, d in G.nodes(data=True)})
        return [html.Option(value=name) for name in names]

    @app.callback(Output("pathway-results", "data"), Output("pathway-status", "children"),
                  Output("pathway-chain", "options"), Output("pathway-chain", "value"),
                  Input("pathway-find", "n_clicks"), State("pathway-review", "value"),
                  State("pathway-from", "value"), State("pathway-to", "value"),
                  State("pathway-max-hops", "value"), State("pathway-negative", "value"),
                  prevent_initial_call=True)
    def _find(_, review, source, target, max_hops, negative):
        G = data.graph(review)
        chains, status = search_chains(G, source, target, max_hops, NEGATIVE in (negative or []))
        return chains, status, chain_options(G, chains), (0 if chains else None)

    @app.callback(Output("pathway-graph", "elements"), Output("pathway-evidence", "children"),
                  Input("pathway-chain", "value"), State("pathway-results", "data"),
                  State("pathway-review", "value"))
    def _show(selected, chains, review):
        if not chains:
            return [], html.P("Find chains, then pick one to see each hop's evidence.")
        G = data.graph(review)
        pathways = [pathway_from_dict(c) for c in chains]
        elements = chain_elements(G, pathways, selected)
        if selected is None or not 0 <= selected < len(pathways):
            return elements, html.P("Pick a chain to see each hop's evidence.")
        hops = pathways[selected].hops
        evidence = [data.evidence(h.cmocs, only=set(h.evidence)) for h in hops]
        return elements, hop_panels(G, list(hops), evidence, "pathway")
