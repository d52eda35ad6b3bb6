"""The network page's details panel: a concept, a link, a PT or a concept kind, in words."""

from __future__ import annotations

from dash import dcc, html

from dashboard import style
from dashboard.data import ExplorerData
from dashboard.views.elements import split_edge_id
from dashboard.views.panels import concept_panel, link_panel
from graph.naming import theory_index, theory_names
from graph.schema import local_id

__all__ = ["detail_for", "cmoc_names", "neighbourhood_button"]


def cmoc_names(data: ExplorerData, cmocs) -> dict[str, str]:
    """``{cmoc id: name}`` for the given CMOCs (one query)."""
    wanted = sorted(set(cmocs))
    if not wanted:
        return {}
    return {
        r["id"]: r.get("name") or local_id(r["id"])
        for r in data.store.run("get_cmoc_names", {"cmocs": wanted})
    }


def neighbourhood_button(concept: str) -> html.Button:
    """'Show its causes and effects': opens the neighbourhood view on ``concept``."""
    return html.Button(
        "Show its causes and effects",
        id={"type": "network-neighbourhood", "id": concept},
        n_clicks=0,
        style=style.EXPORT_BUTTON,
        title="Neighbourhood view of this concept",
    )


def _theory(data: ExplorerData, review: str | None, theory: str) -> html.Div:
    index = theory_index(data.theories(review))
    named = theory_names([theory], index)[0]
    G = data.graph(review)
    concepts = sorted(
        {n for a, b, d in G.edges(data=True) if theory in (d.get("theories") or []) for n in (a, b)},
        key=lambda n: str(G.nodes[n].get("name", n)).casefold(),
    )
    return html.Div(
        [
            html.H3(named["label"], title=theory),
            html.P(dcc.Link("Open this programme theory", href=f"/theory?theory={theory}")),
            html.H4(f"Its concepts ({len(concepts)})"),
            html.Ul([html.Li(G.nodes[n].get("name", n), title=n) for n in concepts]),
        ],
        id="network-theory-detail",
    )


def _shared(data: ExplorerData, review: str | None, a: str, b: str) -> html.Div:
    index = theory_index(data.theories(review))
    first, second = theory_names([a], index)[0], theory_names([b], index)[0]
    G = data.graph(review)

    def concepts(t: str) -> set[str]:
        return {n for x, y, d in G.edges(data=True) if t in (d.get("theories") or []) for n in (x, y)}

    shared = sorted(concepts(a) & concepts(b), key=lambda n: str(G.nodes[n].get("name", n)).casefold())
    return html.Div(
        [
            html.H3(f"{first['short']} and {second['short']}"),
            html.P(f"{first['label']} and {second['label']} share {len(shared)} concepts:"),
            html.Ul([html.Li(G.nodes[n].get("name", n), title=n) for n in shared]),
        ],
        id="network-shared-detail",
    )


def _kind(kind: str, count: int | None = None) -> html.Div:
    label = style.KIND_STYLE.get(kind, {}).get("label", kind)
    return html.Div(
        [
            html.H3(label),
            html.P(style.KIND_HELP.get(kind, "")),
            html.P("Pick “Whole graph” or “Key concepts” to see its concepts."),
        ],
        id="network-kind-detail",
    )


def detail_for(
    data: ExplorerData, review: str | None, selection: dict | None, hint: str
) -> html.Div | html.P:
    """The details panel for whatever was selected on the network page."""
    if not selection:
        return html.P(hint)
    G = data.graph(review)
    ident = str(selection["id"])
    if selection["type"] == "node" and ident in G:
        cmocs = data.concept_cmocs(ident)
        evidence = data.evidence(sorted({r["cmoc"] for r in cmocs}))
        return html.Div(
            [neighbourhood_button(ident), concept_panel(G.nodes[ident], cmocs, evidence, "network")]
        )
    if selection["type"] == "node" and ident.startswith("kind:"):
        return _kind(ident.removeprefix("kind:"))
    if selection["type"] == "node" and any(ident == t["id"] for t in data.theories(review)):
        return _theory(data, review, ident)
    if selection["type"] == "edge":
        source, target, polarity = split_edge_id(ident)
        if polarity == "shared":
            return _shared(data, review, source, target)
        if source.startswith("kind:"):
            return _kind(source.removeprefix("kind:"))
        if G.has_edge(source, target, polarity):
            attrs = G.edges[source, target, polarity]
            evidence = data.evidence(attrs.get("cmocs") or [], only=set(attrs.get("evidence") or []) or None)
            return link_panel(
                G,
                source,
                target,
                attrs,
                evidence,
                "network",
                theory_index(data.theories(review)),
                cmoc_names(data, attrs.get("cmocs") or []),
            )
    return html.P("That item is not in the selected review.")
