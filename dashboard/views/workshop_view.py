"""What a workshop slide shows: plain functions behind dashboard/pages/workshop.py.

The graph-level helpers (:func:`chain_for`, :func:`reveal`, :func:`slide_steps`,
:func:`reference_problems`) take a networkx causal graph and are unit-tested without a
browser; :func:`render_slide` turns one slide at one step into Dash components.
"""

from __future__ import annotations

from collections.abc import Iterable

import dash_cytoscape as cyto
import networkx as nx
from dash import html

from dashboard import style
from dashboard.data import ExplorerData
from dashboard.pages.console import result_view, run_saved, saved_query
from dashboard.views import network_views as nv
from dashboard.views.deck import Deck, NetworkView, PathwayView, QueryView, Slide, navigate
from dashboard.views.elements import chain_elements, concept_name, edge_id, filter_graph
from dashboard.views.panels import hop_panels, legend
from dashboard.views.workshop_theory import quote_heading, theory_quotes, theory_slide
from graph.analytics.pathways import Hop, Pathway, find_pathways, match_concepts
from graph.errors import NodeNotFound, PtgraphError
from graph.naming import theory_index

__all__ = ["PREFIX", "SlideUnavailable", "chain_for", "reveal", "slide_steps", "progress_text",
           "reference_problems", "render_slide", "network_elements", "step_heading", "quote_counts",
           "step_units", "presenter_panel", "fitting_quotes", "QUOTES_PER_HOP", "QUOTE_CHARS"]

PREFIX = "workshop"
CHAIN_GAP_X, CHAIN_GAP_Y = 240.0, 170.0
PRESET = {"name": "preset", "fit": True, "padding": 40}
QUOTES_PER_HOP = 2  # a revealed hop shows at most this many quotes in full (and says how many more it has)
QUOTE_CHARS = 900  # ... and stops adding quotes past this many characters, so the slide fits the screen


class SlideUnavailable(PtgraphError):
    """The slide's view cannot be drawn from the data as it is now (said in plain words)."""


def _passes_through(G: nx.MultiDiGraph, nodes: tuple[str, ...], via: list[str]) -> bool:
    """Whether the chain's inner concepts match every ``via`` text, in that order."""
    wanted = [v.casefold() for v in via]
    for node in nodes[1:-1]:
        if wanted and (wanted[0] in concept_name(G, node).casefold() or wanted[0] in node.casefold()):
            wanted.pop(0)
    return not wanted


def chain_for(G: nx.MultiDiGraph, spec: PathwayView) -> Pathway:
    """The chain a pathway slide shows: rank ``spec.chain`` among chains passing ``spec.via``."""
    try:
        found = find_pathways(G, spec.source, spec.target, max_hops=spec.max_hops,
                              include_negative=spec.include_negative, limit=None)
    except NodeNotFound as e:
        raise SlideUnavailable(str(e).capitalize() + ".") from None
    found = [p for p in found if _passes_through(G, p.nodes, spec.via)]
    if len(found) <= spec.chain:
        via = f" through {' → '.join(f'“{v}”' for v in spec.via)}" if spec.via else ""
        raise SlideUnavailable(f"No chain number {spec.chain} of at most {spec.max_hops} hops from "
                               f"“{spec.source}” to “{spec.target}”{via} ({len(found)} found).")
    return found[spec.chain]


def _chain_positions(nodes: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """A staircase, left to right and top to bottom: uses the screen's height too, labels never overlap."""
    return {n: (i * CHAIN_GAP_X, i * CHAIN_GAP_Y) for i, n in enumerate(nodes)}


def reveal(G: nx.MultiDiGraph, pathway: Pathway, step: int) -> tuple[list[dict], list[Hop]]:
    """The chain's elements with its first ``step`` hops revealed, and those hops.

    Every concept of the chain is placed from the start (so nothing moves while revealing);
    what is not revealed yet is marked ``unrevealed``, the revealed hops ``highlight``.
    """
    step = max(0, min(step, len(pathway.hops)))
    shown = list(pathway.hops[:step])
    revealed = set(pathway.nodes[:step + 1]) | {edge_id(h.source, h.target, polarity)
                                                for h in shown for polarity in h.polarity.split("/")}
    positions = _chain_positions(pathway.nodes)
    elements = []
    for el in chain_elements(G, [pathway], None):
        state = "highlight" if el["data"]["id"] in revealed else "unrevealed"
        placed = {**el, "classes": f"{el.get('classes', '')} {state}".strip()}
        if "source" not in el["data"]:
            x, y = positions[el["data"]["id"]]
            placed["position"] = {"x": x, "y": y}
        elements.append(placed)
    return elements, shown


def quote_counts(data: ExplorerData, deck: Deck) -> dict[str, int]:
    """How many quotes each theory slide of ``deck`` reveals (the PT's evidence may hold fewer)."""
    counts: dict[str, int] = {}
    for slide in deck.slides:
        if slide.view.theory and slide.quotes:
            counts[slide.view.theory] = len(theory_quotes(data, slide.view.theory, slide.quotes)[1])
    return counts


def slide_steps(G: nx.MultiDiGraph, deck: Deck, quotes: dict[str, int] | None = None) -> list[int]:
    """Each slide's number of steps: a pathway slide one per hop plus its opening, a theory slide
    one per quote (``quotes``: their number per PT) plus its opening; others one."""
    steps = []
    for slide in deck.slides:
        spec = slide.view.pathway
        try:
            if spec:
                steps.append(1 + len(chain_for(G, spec).hops))
            else:
                steps.append(1 + min(slide.quotes, (quotes or {}).get(slide.view.theory or "", 0)))
        except SlideUnavailable:
            steps.append(1)
    return steps


def step_units(deck: Deck) -> list[str]:
    """What each slide reveals step by step: 'hops' (a pathway) or 'quotes' (a theory)."""
    return ["hops" if s.view.pathway else "quotes" for s in deck.slides]


def progress_text(slide: int, step: int, steps: list[int], units: list[str] | None = None) -> str:
    """'3 / 8', and how much is revealed: '2 / 8 · 1 of 3 hops shown', '1 / 8 · 2 of 3 quotes shown'."""
    text = f"{slide} / {len(steps)}"
    if steps[slide - 1] > 1:
        unit = (units or [])[slide - 1] if units and len(units) >= slide else "hops"
        text += f" · {step} of {steps[slide - 1] - 1} {unit} shown"
    return text


def reference_problems(deck: Deck, G: nx.MultiDiGraph, theory_ids: Iterable[str],
                       saved_queries: Iterable[str] | None = None) -> list[str]:
    """Every theory id, concept text, chain and saved query of ``deck`` that does not resolve."""
    theories, problems = set(theory_ids), []
    for number, slide in enumerate(deck.slides, start=1):
        view, where = slide.view, f"slide {number} (“{slide.title}”)"
        theory = view.theory or (view.network.theory if view.network else None)
        if theory and theory not in theories:
            problems.append(f"{where}: no programme theory with id “{theory}”")
        if view.pathway:
            for text in view.pathway.via:
                try:
                    match_concepts(G, text)
                except NodeNotFound:
                    problems.append(f"{where}: no concept matches “{text}”")
            try:
                chain_for(G, view.pathway)
            except SlideUnavailable as e:
                problems.append(f"{where}: {e}")
        if view.network and view.network.focus:
            try:
                match_concepts(G, view.network.focus)
            except NodeNotFound:
                problems.append(f"{where}: no concept matches “{view.network.focus}”")
        if view.query and saved_queries is not None and view.query.name not in set(saved_queries):
            problems.append(f"{where}: no saved query named “{view.query.name}”")
    return problems


def step_heading(G: nx.MultiDiGraph, pathway: Pathway, step: int) -> str:
    """What the facilitator says next: the question first, then the hop just revealed."""
    first, last = concept_name(G, pathway.nodes[0]), concept_name(G, pathway.nodes[-1])
    if step == 0:
        return f"How does “{first}” lead to “{last}”? Next reveals hop 1 of {len(pathway.hops)}."
    hop = pathway.hops[step - 1]
    return (f"Hop {step} of {len(pathway.hops)}: {concept_name(G, hop.source)} → "
            f"{concept_name(G, hop.target)}")


def network_elements(G: nx.MultiDiGraph, spec: NetworkView) -> tuple[list[dict], str]:
    """The network page's readable view for a slide: the key concepts, or ``focus``'s neighbourhood."""
    sub = filter_graph(G, theory=spec.theory, include_negative=spec.include_negative)
    if spec.focus:
        try:
            focus = match_concepts(sub, spec.focus)[0]
        except NodeNotFound as e:
            raise SlideUnavailable(str(e).capitalize() + ".") from None
        view = nv.neighbourhood_view(sub, focus, spec.depth)
    else:
        view = nv.overview_view(sub)
    return view.elements, view.status


def _graph(elements: list[dict], font_size: int, layout: dict) -> cyto.Cytoscape:
    return cyto.Cytoscape(id=f"{PREFIX}-slide-graph", elements=elements, layout=layout,
                          stylesheet=style.workshop_stylesheet(font_size), style=style.WORKSHOP_FILL)


def _hop_sections(data: ExplorerData, G: nx.MultiDiGraph, shown: list[Hop], review: str | None) -> html.Div:
    """The revealed hops, newest first: the newest with its first quotes in full, earlier ones by name."""
    evidence = [data.evidence(h.cmocs, only=set(h.evidence)) for h in shown]
    newest_quotes = fitting_quotes(evidence[-1])
    trimmed: list[list[dict]] = [[] for _ in shown[:-1]] + [newest_quotes]
    sections = hop_panels(G, shown, trimmed, PREFIX, theory_index(data.theories(review)),
                          show_cmocs=False).children
    newest = sections[-1]
    if len(evidence[-1]) > len(newest_quotes):
        more = len(evidence[-1]) - len(newest_quotes)
        newest.children.append(html.P(f"… and {more} more evidence item{'s' if more != 1 else ''} "
                                      "(in the explorer)", style=style.WORKSHOP_MORE))
    newest.children = newest.children[1:]  # the step heading above already names the newest hop
    for section in sections[:-1]:  # earlier hops: just their heading, small
        section.children = [html.P(section.children[0].children, style=style.WORKSHOP_EARLIER_HOP)]
    return html.Div(sections, style=style.WORKSHOP_NEWEST_FIRST)


def fitting_quotes(items: list[dict]) -> list[dict]:
    """The first quotes of a hop that fit a slide: at most QUOTES_PER_HOP, about QUOTE_CHARS long.

    >>> [q["id"] for q in fitting_quotes([{"id": "a", "text": "x" * 800}, {"id": "b", "text": "y" * 200}])]
    ['a']
    """
    chosen: list[dict] = []
    length = 0
    for item in items[:QUOTES_PER_HOP]:
        size = len(item.get("text") or "")
        if chosen and length + size > QUOTE_CHARS:
            break
        chosen.append(item)
        length += size
    return chosen


def _pathway(data: ExplorerData, G: nx.MultiDiGraph, spec: PathwayView, step: int,
             review: str | None) -> html.Div:
    pathway = chain_for(G, spec)
    elements, shown = reveal(G, pathway, step)
    hops: html.Div | html.P = (_hop_sections(data, G, shown, review) if shown else
                               html.P("Each hop's evidence appears here as it is revealed."))
    heading = html.P(step_heading(G, pathway, step), id=f"{PREFIX}-slide-step", style=style.WORKSHOP_STEP)
    return html.Div([
        html.Div(_graph(elements, 28, PRESET), style=style.WORKSHOP_GRAPH_COLUMN),
        html.Div([heading, html.Div(hops, id=f"{PREFIX}-slide-hops")], style=style.WORKSHOP_EVIDENCE),
    ], style=style.WORKSHOP_SPLIT)


def _network(G: nx.MultiDiGraph, spec: NetworkView) -> html.Div:
    elements, status = network_elements(G, spec)
    return html.Div([
        html.Div([html.P(status, id=f"{PREFIX}-slide-status", style=style.WORKSHOP_STATUS),
                  _graph(elements, 16, PRESET)], style=style.WORKSHOP_GRAPH_COLUMN),
        html.Div(legend(), className="workshop-legend", style=style.WORKSHOP_LEGEND),
    ], style=style.WORKSHOP_SPLIT)


def _query(data: ExplorerData, spec: QueryView) -> html.Div:
    if saved_query(spec.name) is None:
        raise SlideUnavailable(f"There is no saved query named “{spec.name}” in cypher/saved.")
    result = run_saved(data, spec.name, spec.params)
    count = f"{len(result.rows)} row{'' if len(result.rows) == 1 else 's'}"
    if len(result.rows) > style.WORKSHOP_TABLE_ROWS:
        count += f" (the first {style.WORKSHOP_TABLE_ROWS} shown)"
    return html.Div([html.P(count, id=f"{PREFIX}-slide-status", style=style.WORKSHOP_STATUS),
                     result_view(result, PREFIX, max_rows=style.WORKSHOP_TABLE_ROWS)],
                    style=style.WORKSHOP_QUERY)


def _theory(data: ExplorerData, slide: Slide, step: int) -> html.Div:
    found = data.store.run("get_theory", {"theory": slide.view.theory})
    if not found:
        raise SlideUnavailable(f"No programme theory “{slide.view.theory}” in this store.")
    return theory_slide(data, found[0], slide.quotes, step, PREFIX)


def _view(data: ExplorerData, deck: Deck, slide: Slide, step: int) -> html.Div:
    view = slide.view
    try:
        if view.pathway:
            return _pathway(data, data.graph(deck.review), view.pathway, step, deck.review)
        if view.network:
            return _network(data.graph(deck.review), view.network)
        if view.query:
            return _query(data, view.query)
        return _theory(data, slide, step)
    except PtgraphError as e:
        return html.Div(str(e), id=f"{PREFIX}-slide-message", style=style.WORKSHOP_MESSAGE)


def render_slide(data: ExplorerData, deck: Deck, slide: int, step: int) -> html.Div:
    """Slide number ``slide`` (from 1) at ``step``: its title, the facilitator's caption and its view."""
    chosen = deck.slides[slide - 1]
    caption = html.P([html.Strong("Facilitator: "), chosen.caption], id=f"{PREFIX}-slide-caption",
                     style=style.WORKSHOP_CAPTION) if chosen.caption else None
    return html.Div([html.H2(chosen.title, id=f"{PREFIX}-slide-title", style=style.WORKSHOP_TITLE),
                     caption, _view(data, deck, chosen, step)], style=style.WORKSHOP_SLIDE)


def _what_next(data: ExplorerData, deck: Deck, slide: int, step: int) -> str:
    """What the slide at (``slide``, ``step``) reveals, in a line."""
    chosen = deck.slides[slide - 1]
    view = chosen.view
    try:
        if view.pathway and step:
            return step_heading(data.graph(deck.review), chain_for(data.graph(deck.review),
                                                                   view.pathway), step)
        if view.theory and step:
            quotes = theory_quotes(data, view.theory, chosen.quotes)[1]
            return quote_heading(quotes[step - 1], step, len(quotes)) if step <= len(quotes) else ""
    except PtgraphError as e:
        return str(e)
    return f"Slide {slide}: {chosen.title}" + (f" — {chosen.caption}" if chosen.caption else "")


def presenter_panel(data: ExplorerData, deck: Deck, slide: int, step: int, steps: list[int]) -> html.Div:
    """The presenter's notes for this slide and a preview of what Next shows."""
    chosen = deck.slides[slide - 1]
    following = navigate(slide, step, 1, steps)
    preview = ("End of the deck." if following == (slide, step)
               else _what_next(data, deck, *following))
    notes = chosen.notes or "No notes for this slide."
    return html.Div([html.H3("Notes", style=style.WORKSHOP_PRESENTER_HEAD),
                     html.P(notes, id=f"{PREFIX}-notes-text", style={"whiteSpace": "pre-line"}),
                     html.H3("Next", style=style.WORKSHOP_PRESENTER_HEAD),
                     html.P(preview, id=f"{PREFIX}-next-preview")])
