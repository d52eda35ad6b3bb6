"""Workshop mode ("/workshop"): a deck of slides projected live while a theorist edits the database.

``/workshop?deck=reco&slide=3&step=2`` reopens exactly that slide (step: how many hops of a
pathway are revealed). Next/Previous (or the arrow, PageUp/PageDown and space keys, see
assets/workshop.js) walk through every hop of a pathway before moving on. Every two seconds the
page asks the store for its change token and redraws the slide only when the data changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update
from plotly.io.json import to_json_plotly

from dashboard import style
from dashboard.data import ExplorerData
from dashboard.pages.theory import register_theory_view
from dashboard.urlstate import query_int, query_value, register_url_sync
from dashboard.views.deck import DeckError, clamp, load_deck, navigate
from dashboard.views.workshop_view import PREFIX, progress_text, render_slide, slide_steps

__all__ = ["PATH", "DEFAULT_DECK", "POLL_MS", "DATA_CHANGED", "layout", "register", "unhandled_presses",
           "move", "show", "live_frame", "changed_token", "fingerprint", "updated_marker"]

PATH = "/workshop"
DEFAULT_DECK = "reco"
POLL_MS = 2000
DATA_CHANGED = "workshop-data-token.data"


def _button(text: str, component_id: str, title: str) -> html.Button:
    return html.Button(text, id=component_id, title=title, n_clicks=0, className="workshop-nav-button",
                       style=style.WORKSHOP_BUTTON)


def layout(**params: Any) -> html.Div:
    """The slide frame; the slide itself is drawn by a callback from the position in the URL."""
    return html.Div([
        html.Div([
            _button("◀ Previous", "workshop-prev", "Previous (←, PageUp)"),
            html.Span(id="workshop-progress", style=style.WORKSHOP_PROGRESS),
            _button("Next ▶", "workshop-next", "Next (→, PageDown, space)"),
            _button("Full screen", "workshop-fullscreen", "Full screen on/off (Esc leaves)"),
            html.Span(id="workshop-updated", style=style.WORKSHOP_UPDATED),
        ], style=style.WORKSHOP_BAR),
        html.Div(id="workshop-slide"),
        dcc.Store(id="workshop-deck", data=query_value(params, "deck", DEFAULT_DECK)),
        dcc.Store(id="workshop-slide-no", data=query_int(params, "slide", 1, low=1)),
        dcc.Store(id="workshop-step-no", data=query_int(params, "step", 0, low=0)),
        dcc.Store(id="workshop-handled", data={"next": 0, "prev": 0}),  # presses already applied
        dcc.Store(id="workshop-drawn"),  # the change token and fingerprint of the slide on screen
        dcc.Store(id="workshop-data-token"),  # set by the poll when the database changed
        dcc.Store(id="workshop-fullscreen-on", data=False),
        dcc.Interval(id="workshop-poll", interval=POLL_MS),
    ], id="workshop-root", className="workshop-root", style=style.WORKSHOP_ROOT)


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


def move(data: ExplorerData, deck_name: str | None, slide: int | None, step: int | None,
         delta: int) -> tuple[int, int]:
    """The position after ``delta`` presses of Next (negative: Previous; 0: just clamped to the deck)."""
    try:
        deck = load_deck(deck_name or DEFAULT_DECK)
    except DeckError:
        return int(slide or 1), int(step or 0)
    return navigate(slide, step, delta, slide_steps(data.graph(deck.review), deck))


def show(data: ExplorerData, deck_name: str | None, slide: int | None,
         step: int | None) -> tuple[html.Div, str, bool, bool]:
    """The slide's components, the progress text, and whether Previous / Next are at an end."""
    try:
        deck = load_deck(deck_name or DEFAULT_DECK)
    except DeckError as e:
        problems = html.Ul([html.Li(problem) for problem in e.problems])
        return (html.Div([html.H2("This deck cannot be shown", style=style.WORKSHOP_TITLE), problems],
                         id="workshop-deck-error", style=style.WORKSHOP_MESSAGE), "", True, True)
    steps = slide_steps(data.graph(deck.review), deck)
    slide, step = clamp(slide, step, steps)
    at_start = slide == 1 and step == 0
    at_end = slide == len(steps) and step == steps[-1] - 1
    return render_slide(data, deck, slide, step), progress_text(slide, step, steps), at_start, at_end


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

    @app.callback(Output("workshop-slide", "children"), Output("workshop-progress", "children"),
                  Output("workshop-prev", "disabled"), Output("workshop-next", "disabled"),
                  Output("workshop-drawn", "data"), Output("workshop-updated", "children"),
                  Input("workshop-slide-no", "data"), Input("workshop-step-no", "data"),
                  Input("workshop-data-token", "data"), State("workshop-deck", "data"),
                  State("workshop-drawn", "data"))
    def _render(slide, step, _token, deck, shown):
        return live_frame(data, deck, slide, step, ctx.triggered_prop_ids, shown, datetime.now())
