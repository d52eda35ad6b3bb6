"""Workshop mode ("/workshop"): a deck of slides projected live while a theorist edits the database.

``/workshop?deck=reco&slide=3&step=2`` reopens exactly that slide (step: how many hops of a
pathway are revealed). Next/Previous (or the arrow, PageUp/PageDown and space keys, see
assets/workshop.js) walk through every hop of a pathway before moving on. Every two seconds the
page asks the store for its change token and redraws the slide only when the data changed.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update
from plotly.io.json import to_json_plotly

from dashboard import style
from dashboard.data import ExplorerData
from dashboard.guard import viewer_is_audience
from dashboard.help import BASICS, PAGE_HELP
from dashboard.pages.theory import register_theory_view
from dashboard.urlstate import query_int, query_value, register_url_sync
from dashboard.views.deck import Deck, DeckError, clamp, load_deck, navigate
from dashboard.views.workshop_view import (
    PREFIX,
    presenter_panel,
    progress_text,
    quote_counts,
    render_slide,
    slide_steps,
    step_units,
)

__all__ = ["PATH", "DEFAULT_DECK", "POLL_MS", "DATA_CHANGED", "layout", "register", "unhandled_presses",
           "move", "show", "live_frame", "changed_token", "fingerprint", "updated_marker",
           "steps_of", "notes", "initial_state"]

PATH = "/workshop"
DEFAULT_DECK = "reco"
POLL_MS = 2000
DATA_CHANGED = "workshop-data-token.data"


def _button(text: str, component_id: str, title: str, hidden: bool = False) -> html.Button:
    return html.Button(text, id=component_id, title=title, n_clicks=0, className="workshop-nav-button",
                       style=style.HIDDEN if hidden else style.WORKSHOP_BUTTON)


def initial_state(params: Mapping[str, Any]) -> dict[str, Any]:
    """The deck and position a query string asks for (a deck that does not exist is said so on the page).

    >>> initial_state({"slide": "-3", "step": "x", "presenter": "1"})
    {'deck': 'reco', 'slide': 1, 'step': 0, 'presenter': True}
    """
    return {"deck": query_value(params, "deck", DEFAULT_DECK), "slide": query_int(params, "slide", 1, low=1),
            "step": query_int(params, "step", 0, low=0), "presenter": query_value(params, "presenter") == "1"}


def layout(**params: Any) -> html.Div:
    """The slide frame; the slide itself is drawn by a callback from the position in the URL.

    ``?presenter=1`` is the presenter's window: the same slide, plus its notes and what Next
    shows. Both windows follow each other's moves (a BroadcastChannel, see assets/workshop.js).
    """
    state = initial_state(params)
    audience = viewer_is_audience()  # the audience link: no presenter window (its notes are refused too)
    presenter = state["presenter"] and not audience
    return html.Div([
        html.Div([
            _button("◀ Previous", "workshop-prev", "Previous (←, PageUp)"),
            html.Span(id="workshop-progress", style=style.WORKSHOP_PROGRESS),
            _button("Next ▶", "workshop-next", "Next (→, PageDown, space)"),
            _button("Full screen", "workshop-fullscreen", "Full screen on/off (Esc leaves)"),
            _button("Presenter view", "workshop-open-presenter",
                    "Open a second window with the notes and a preview of the next slide", hidden=audience),
            html.Span("?", id="workshop-help", className="workshop-help", style=style.WORKSHOP_HELP,
                      title=" ".join([PAGE_HELP["workshop"], *BASICS])),
            html.Span(id="workshop-updated", style=style.WORKSHOP_UPDATED),
        ], style=style.WORKSHOP_BAR),
        html.Div([html.Div(id="workshop-slide", style=style.WORKSHOP_SLIDE),
                  html.Aside(id="workshop-notes", className="workshop-presenter",
                             style=style.WORKSHOP_PRESENTER if presenter else style.HIDDEN)],
                 style=style.WORKSHOP_BODY),
        dcc.Store(id="workshop-presenter", data=presenter),
        dcc.Store(id="workshop-goto"),  # a move made in the other window (set by assets/workshop.js)
        dcc.Store(id="workshop-sent"),
        dcc.Store(id="workshop-deck", data=state["deck"]),
        dcc.Store(id="workshop-slide-no", data=state["slide"]),
        dcc.Store(id="workshop-step-no", data=state["step"]),
        dcc.Store(id="workshop-handled", data={"next": 0, "prev": 0}),  # presses already applied
        dcc.Store(id="workshop-drawn"),  # the change token and fingerprint of the slide on screen
        dcc.Store(id="workshop-data-token"),  # set by the poll when the database changed
        dcc.Store(id="workshop-fullscreen-on", data=False),
        dcc.Interval(id="workshop-poll", interval=POLL_MS),
    ], id="workshop-root", className="workshop-root", style=style.WORKSHOP_ROOT,
        **{"data-deck": str(state["deck"])})  # type: ignore[arg-type]


def unhandled_presses(next_clicks: int | None, prev_clicks: int | None, handled: dict | None) -> int:
    """Net presses of Next (minus Previous) not yet applied to the position.

    Counting against the presses already handled, rather than taking one per callback, means
    quick presses (a presenter's clicker) are never lost while an earlier move is still on its way.

    >>> unhandled_presses(3, 1, {"next": 1, "prev": 1})
    2
    """
    handled = handled or {}
    forward = int(next_clicks or 0) - int(handled.get("next", 0))
    back = int(prev_clicks or 0) - int(handled.get("prev", 0))
    return forward - back


_STEPS: weakref.WeakKeyDictionary[ExplorerData, dict[tuple[str, str], list[int]]] = (
    weakref.WeakKeyDictionary())  # per explorer: (deck, change token) → steps


def steps_of(data: ExplorerData, deck: Deck) -> list[int]:
    """Each slide's number of steps, from the data as it is now.

    Kept until the store's change token moves: every render and every press needs it, and
    working it out queries every theory slide's evidence and searches every chain of the deck
    (most of a slide's cost, and a room of audience links asks for the same deck).
    """
    key = (deck.model_dump_json(), data.store.change_token())
    known = _STEPS.setdefault(data, {})
    if key not in known:
        steps = slide_steps(data.graph(deck.review), deck, quote_counts(data, deck))
        if len(known) > 16:  # old tokens and decks: never grows without bound
            known.clear()
        known[key] = steps
    return list(known[key])


def move(data: ExplorerData, deck_name: str | None, slide: int | None, step: int | None,
         delta: int) -> tuple[int, int]:
    """The position after ``delta`` presses of Next (negative: Previous; 0: just clamped to the deck)."""
    try:
        deck = load_deck(deck_name or DEFAULT_DECK)
    except DeckError:
        return int(slide or 1), int(step or 0)
    return navigate(slide, step, delta, steps_of(data, deck))


def notes(data: ExplorerData, deck_name: str | None, slide: int | None, step: int | None) -> Any:
    """The presenter panel for the position (nothing when the deck cannot be shown)."""
    try:
        deck = load_deck(deck_name or DEFAULT_DECK)
    except DeckError:
        return []
    steps = steps_of(data, deck)
    slide, step = clamp(slide, step, steps)
    return presenter_panel(data, deck, slide, step, steps)


def show(data: ExplorerData, deck_name: str | None, slide: int | None,
         step: int | None) -> tuple[html.Div, str, bool, bool]:
    """The slide's components, the progress text, and whether Previous / Next are at an end."""
    try:
        deck = load_deck(deck_name or DEFAULT_DECK)
    except DeckError as e:
        problems = html.Ul([html.Li(problem) for problem in e.problems])
        return (html.Div([html.H2("This deck cannot be shown", style=style.WORKSHOP_TITLE), problems],
                         id="workshop-deck-error", style=style.WORKSHOP_MESSAGE), "", True, True)
    steps = steps_of(data, deck)
    slide, step = clamp(slide, step, steps)
    at_start = slide == 1 and step == 0
    at_end = slide == len(steps) and step == steps[-1] - 1
    return (render_slide(data, deck, slide, step), progress_text(slide, step, steps, step_units(deck)),
            at_start, at_end)


def fingerprint(component: Any) -> str:
    """A digest of what a slide shows, to tell whether a change in the database changed it."""
    return hashlib.sha256(to_json_plotly(component).encode("utf-8")).hexdigest()


def updated_marker(now: datetime) -> str:
    """'updated 14:03:22': when the slide last changed."""
    return f"updated {now:%H:%M:%S}"


def changed_token(current: str, drawn: dict | None) -> Any:
    """The poll's answer: the database's change token when it differs from the one the slide was drawn at.

    >>> changed_token("1:5:9", {"token": "1:5:9"}) is no_update
    True
    >>> changed_token("2:5:10", {"token": "1:5:9"})
    '2:5:10'
    """
    return current if not drawn or drawn.get("token") != current else no_update


def live_frame(data: ExplorerData, deck: str | None, slide: int | None, step: int | None,
               triggers: Iterable[str], shown: dict | None, now: datetime) -> tuple:
    """The render callback's outputs: slide, progress, Previous/Next disabled, drawn-at state, marker.

    When only a database change fired (``shown`` holds the fingerprint of the slide on screen),
    the slide is sent only if drawing it afresh gives something different, so a projected slide
    never flickers for an edit elsewhere in the graph.
    """
    token = data.store.change_token()  # read first: a write while drawing is caught by the next poll
    body, progress, at_start, at_end = show(data, deck, slide, step)
    state = {"token": token, "fingerprint": fingerprint(body)}
    if set(triggers) == {DATA_CHANGED} and shown and shown.get("fingerprint") == state["fingerprint"]:
        return no_update, no_update, no_update, no_update, state, no_update
    return body, progress, at_start, at_end, state, updated_marker(now)


def register(app: Dash, data: ExplorerData) -> None:
    """Wire this page's callbacks to ``app``, reading from ``data``."""
    register_url_sync(app, [("workshop-deck", "data", "deck"), ("workshop-slide-no", "data", "slide"),
                            ("workshop-step-no", "data", "step")])
    app.clientside_callback(ClientsideFunction("workshop", "toggleFullscreen"),
                            Output("workshop-fullscreen-on", "data"),
                            Input("workshop-fullscreen", "n_clicks"), prevent_initial_call=True)
    register_theory_view(app, data, PREFIX)  # a theory slide shows the tapped concept's evidence

    @app.callback(Output("workshop-slide-no", "data"), Output("workshop-step-no", "data"),
                  Output("workshop-handled", "data"),
                  Input("workshop-prev", "n_clicks"), Input("workshop-next", "n_clicks"),
                  State("workshop-deck", "data"), State("workshop-slide-no", "data"),
                  State("workshop-step-no", "data"), State("workshop-handled", "data"))
    def _move(prev_clicks, next_clicks, deck, slide, step, handled):
        moved = move(data, deck, slide, step, unhandled_presses(next_clicks, prev_clicks, handled))
        new_handled = {"next": next_clicks or 0, "prev": prev_clicks or 0}
        return (*moved, new_handled) if moved != (slide, step) else (no_update, no_update, new_handled)

    # The poll only reports a new change token; drawing is a separate callback so that a poll in
    # flight never competes with the drawing that follows a key press.
    @app.callback(Output("workshop-data-token", "data"), Input("workshop-poll", "n_intervals"),
                  State("workshop-drawn", "data"), prevent_initial_call=True)
    def _poll(_n, drawn):
        return changed_token(data.store.change_token(), drawn)

    @app.callback(Output("workshop-slide-no", "data", allow_duplicate=True),
                  Output("workshop-step-no", "data", allow_duplicate=True),
                  Input("workshop-goto", "data"), State("workshop-slide-no", "data"),
                  State("workshop-step-no", "data"), prevent_initial_call=True)
    def _follow(goto, slide, step):
        if not goto or (goto.get("slide"), goto.get("step")) == (slide, step):
            return no_update, no_update
        return int(goto["slide"]), int(goto["step"])

    app.clientside_callback(ClientsideFunction("workshop", "broadcast"), Output("workshop-sent", "data"),
                            Input("workshop-slide-no", "data"), Input("workshop-step-no", "data"),
                            State("workshop-deck", "data"))
    app.clientside_callback(ClientsideFunction("workshop", "openPresenter"),
                            Output("workshop-open-presenter", "title"),
                            Input("workshop-open-presenter", "n_clicks"), prevent_initial_call=True)

    @app.callback(Output("workshop-notes", "children"), Input("workshop-slide-no", "data"),
                  Input("workshop-step-no", "data"), Input("workshop-data-token", "data"),
                  State("workshop-deck", "data"), State("workshop-presenter", "data"))
    def _notes(slide, step, _token, deck, presenter):
        return notes(data, deck, slide, step) if presenter and not viewer_is_audience() else []

    @app.callback(Output("workshop-slide", "children"), Output("workshop-progress", "children"),
                  Output("workshop-prev", "disabled"), Output("workshop-next", "disabled"),
                  Output("workshop-drawn", "data"), Output("workshop-updated", "children"),
                  Input("workshop-slide-no", "data"), Input("workshop-step-no", "data"),
                  Input("workshop-data-token", "data"), State("workshop-deck", "data"),
                  State("workshop-drawn", "data"))
    def _render(slide, step, _token, deck, shown):
        return live_frame(data, deck, slide, step, ctx.triggered_prop_ids, shown, datetime.now())
