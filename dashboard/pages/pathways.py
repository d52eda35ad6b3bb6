"""Pathway page ("/pathways"): ranked causal chains between two concepts, with each hop's evidence.

A Sankey under the chain graph shows the flows among the found chains' concepts (the whole
review's before a search). The form lives in the URL
(``?review=&from=&to=&hops=&negative=&domain=&sources=&chain=``);
a link naming both ends runs the search on load, so a shared link reproduces the chain.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash_cytoscape as cyto
import networkx as nx
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import style
from dashboard.data import ExplorerData
from dashboard.export import export_controls, register_graph_export, register_table_export
from dashboard.help import help_box, register_glossary
from dashboard.narrowing import (
    narrowed_graph,
    narrowing_controls,
    narrowing_state,
    register_narrowing,
    url_fields,
)
from dashboard.pickers import register_review_picker, review_picker
from dashboard.urlstate import LIST_SEP, query_choices, query_int, query_value, register_url_sync
from dashboard.views.captions import pathway_caption
from dashboard.views.elements import (
    chain_elements,
    chain_rows,
    filter_graph,
    pathway_from_dict,
    pathway_to_dict,
)
from dashboard.views.flows import flow_figure
from dashboard.views.network_panels import cmoc_names
from dashboard.views.panels import hop_panels
from graph.analytics.pathways import find_pathways
from graph.errors import NodeNotFound
from graph.naming import theory_index

__all__ = ["PATH", "layout", "register", "search_chains", "chain_options", "flow_graph", "should_search",
           "chosen_chain", "initial_state", "suggested_names", "MAX_SUGGESTIONS", "searched_params"]

PATH = "/pathways"
NEGATIVE = "negative"
FIND = "pathway-find"
DEFAULT_HOPS, MAX_HOPS = 4, 8
# Names a FROM / TO type-ahead offers at once. Every concept as an <option> froze the browser
# for 45 s at 4,000 concepts (bench M), so the list follows what is typed.
MAX_SUGGESTIONS = 50
TOP_FLOWS = 30  # the Sankey of all found chains shows at most this many links, the best-backed


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


def chain_options(G, chains: list[dict], index: dict | None = None) -> list[dict]:
    """Radio options, one per ranked chain, showing its length, PTs (PT 2, PT 11…) and evidence."""
    options = []
    for row in chain_rows(G, [pathway_from_dict(c) for c in chains], index):
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


def flow_graph(G: nx.MultiDiGraph, chains: list[dict] | None, include_negative: bool,
               selected: int | None = None, top: int = TOP_FLOWS) -> nx.MultiDiGraph:
    """What the Sankey shows: the selected chain's links, else the found chains' links (at most
    ``top``, the best-backed), so it never becomes a whole review's tangle; nothing before a search."""
    sub = filter_graph(G, include_negative=include_negative)
    if not chains:
        return nx.MultiDiGraph()
    picked = [chains[selected]] if selected is not None and 0 <= selected < len(chains) else chains
    hops = {(h["source"], h["target"], pol) for c in picked for h in c["hops"]
            for pol in h["polarity"].split("/")}
    links = sorted(((a, b, k) for a, b, k in hops if sub.has_edge(a, b, k)),
                   key=lambda e: (-len(sub.edges[e].get("evidence") or []), e))[:top]
    flows = nx.MultiDiGraph()
    flows.add_nodes_from((n, sub.nodes[n]) for a, b, _ in links for n in (a, b))
    flows.add_edges_from((a, b, k, sub.edges[a, b, k]) for a, b, k in links)
    return flows


def suggested_names(names: list[str], typed: str | None, limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Up to ``limit`` of the sorted ``names`` for a type-ahead: those starting with what is
    typed first (case ignored), then those containing it; the first ones when nothing is typed.

    >>> suggested_names(["Engagement", "Leadership", "Staff engagement"], "ENG")
    ['Engagement', 'Staff engagement']
    >>> suggested_names(["a", "b", "c"], None, limit=2)
    ['a', 'b']
    """
    text = (typed or "").strip().casefold()
    if not text:
        return names[:limit]
    starting = [n for n in names if n.casefold().startswith(text)]
    if len(starting) >= limit:
        return starting[:limit]
    containing = [n for n in names if text in n.casefold() and not n.casefold().startswith(text)]
    return (starting + containing)[:limit]


def searched_params(source: str | None, target: str | None, max_hops: Any,
                    negative: list[str] | None) -> dict[str, str]:
    """The search the chain graph was drawn from, as the URL writes it (no ends: no search), so
    its exported caption says what was searched even once the form is edited.

    >>> searched_params("leadership", "engagement", 5, ["negative"])
    {'from': 'leadership', 'to': 'engagement', 'hops': '5', 'negative': 'negative'}
    """
    return {"from": source or "", "to": target or "", "hops": "" if max_hops is None else str(max_hops),
            "negative": LIST_SEP.join(negative or [])}


def should_search(trigger: str | None, source: str | None, target: str | None) -> bool:
    """Search on a Find click; on load or a review change only when both ends are given (e.g. by the URL)."""
    return trigger == FIND or bool((source or "").strip() and (target or "").strip())


def chosen_chain(trigger: str | None, current: int | str | None, count: int) -> int | None:
    """The chain to select: the first after a Find click, else ``current`` (the URL's) if it exists."""
    if not count:
        return None
    if trigger != FIND and current is not None and str(current).isdecimal() and int(current) < count:
        return int(current)
    return 0


def initial_state(params: Mapping[str, Any]) -> dict[str, Any]:
    """The page's starting values from its query string (any string gives a valid state).

    >>> state = initial_state({"hops": "0", "chain": "²", "negative": "negative,x"})
    >>> state["hops"], state["chain"], state["negative"]
    (1, None, ['negative'])
    """
    chain = query_int(params, "chain", -1)
    return {
        "review": query_value(params, "review"),
        "from": query_value(params, "from"),
        "to": query_value(params, "to"),
        "hops": query_int(params, "hops", DEFAULT_HOPS, low=1, high=MAX_HOPS),
        "negative": query_choices(params, "negative", [NEGATIVE], []),
        **narrowing_state(params),
        "chain": chain if chain >= 0 else None,
    }


def layout(**params: object) -> html.Div:
    return html.Div([help_box("pathways"), _body(initial_state(params))])


def _body(state: dict[str, Any]) -> html.Div:
    return html.Div([
        html.Aside([
            html.Label("Review"),
            *review_picker("pathway", state["review"]),
            html.Label("FROM concept"),
            dcc.Input(id="pathway-from", list="pathway-from-names", placeholder="e.g. leadership",
                      value=state["from"]),
            html.Datalist(id="pathway-from-names"),
            html.Label("TO concept"),
            dcc.Input(id="pathway-to", list="pathway-to-names", placeholder="e.g. engagement",
                      value=state["to"]),
            html.Datalist(id="pathway-to-names"),
            html.Label("Max hops"),
            dcc.Input(id="pathway-max-hops", type="number", min=1, max=MAX_HOPS, step=1, value=state["hops"]),
            dcc.Checklist(id="pathway-negative", value=state["negative"],
                          options=[{"label": " Allow disconfirming (negative) links", "value": NEGATIVE}]),
            *narrowing_controls("pathway", state),
            html.Button("Find", id=FIND, n_clicks=0),
            html.Div(id="pathway-status", style={"fontSize": "0.85rem"}),
            dcc.RadioItems(id="pathway-chain", options=[], labelStyle=style.CHAIN_OPTION,
                           value=state["chain"]),
        ], style={**style.SIDEBAR, "flex": "0 0 340px"}),
        html.Div([cyto.Cytoscape(id="pathway-graph", elements=[], stylesheet=style.graph_stylesheet(),
                                 layout={"name": "breadthfirst", "directed": True, "animate": False},
                                 style=style.GRAPH_STYLE),
                  export_controls("pathway", table=True),
                  html.P("Find chains to see their flows here.", id="pathway-sankey-hint"),
                  dcc.Graph(id="pathway-sankey", config={"displaylogo": False}, style=style.HIDDEN)],
                 style={"flex": "1 1 auto", "minWidth": 0}),
        html.Div(id="pathway-evidence", style=style.PANEL),
        dcc.Store(id="pathway-results"),
        dcc.Store(id="pathway-rows"),
        dcc.Store(id="pathway-searched"),
    ], style=style.MAIN)


def register(app: Dash, data: ExplorerData) -> None:
    """Wire this page's callbacks to ``app``, reading from ``data``."""
    register_url_sync(app, [("pathway-review", "value", "review"), ("pathway-from", "value", "from"),
                            ("pathway-to", "value", "to"), ("pathway-max-hops", "value", "hops"),
                            ("pathway-negative", "value", "negative"), ("pathway-chain", "value", "chain"),
                            *url_fields("pathway")])
    register_narrowing(app, "pathway", data)
    # the chains drawn are those of the last search, whose ends the URL holds only until they are edited
    register_graph_export(app, "pathway", "pathway-graph",
                          lambda params, searched: pathway_caption(
                              data, initial_state({**params, **(searched or {})})),
                          drawn=[("pathway-searched", "data")])
    register_table_export(app, "pathway", rows=("pathway-rows", "data"))

    register_review_picker(app, "pathway")
    register_glossary(app, data, "pathways", ("pathway-review", "value"))

    for end in ("from", "to"):
        @app.callback(Output(f"pathway-{end}-names", "children"), Input(f"pathway-{end}", "value"),
                      Input("pathway-review", "value"))
        def _names(typed, review):
            if review is None:
                raise PreventUpdate
            return [html.Option(value=name) for name in suggested_names(data.concept_names(review), typed)]

    @app.callback(Output("pathway-results", "data"), Output("pathway-status", "children"),
                  Output("pathway-chain", "options"), Output("pathway-chain", "value"),
                  Output("pathway-rows", "data"), Output("pathway-searched", "data"),
                  Input(FIND, "n_clicks"), Input("pathway-review", "value"),
                  Input("pathway-domain", "value"), Input("pathway-sources", "value"),
                  State("pathway-from", "value"), State("pathway-to", "value"),
                  State("pathway-max-hops", "value"), State("pathway-negative", "value"),
                  State("pathway-chain", "value"))
    def _find(_, review, domain, sources, source, target, max_hops, negative, current):
        trigger = ctx.triggered_id
        if review is None or not should_search(trigger, source, target):
            return [], "", [], None, [], searched_params(None, None, None, None)
        G = narrowed_graph(data, review, domain, sources)
        chains, status = search_chains(G, source, target, max_hops, NEGATIVE in (negative or []))
        index = theory_index(data.theories(review))
        rows = chain_rows(G, [pathway_from_dict(c) for c in chains], index)
        return (chains, status, chain_options(G, chains, index), chosen_chain(trigger, current, len(chains)),
                rows, searched_params(source, target, max_hops, negative))

    @app.callback(Output("pathway-sankey", "figure"), Output("pathway-sankey", "style"),
                  Output("pathway-sankey-hint", "style"), Input("pathway-results", "data"),
                  Input("pathway-chain", "value"), Input("pathway-negative", "value"),
                  State("pathway-review", "value"), State("pathway-domain", "value"),
                  State("pathway-sources", "value"))
    def _flows(chains, selected, negative, review, domain, sources):
        if review is None or not chains:  # before a search: no empty axes, a line saying what comes
            return no_update, style.HIDDEN, {}
        G = narrowed_graph(data, review, domain, sources)
        figure = flow_figure(flow_graph(G, chains, NEGATIVE in (negative or []), selected))
        return figure, {}, style.HIDDEN

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
        names = cmoc_names(data, [c for h in hops for c in h.cmocs])
        return elements, hop_panels(G, list(hops), evidence, "pathway",
                                    theory_index(data.theories(review)), names)
