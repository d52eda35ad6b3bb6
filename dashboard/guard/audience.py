"""What the audience link may do, checked on the server for every request it makes.

The audience sees one workshop deck and nothing else: the ``/workshop`` page, the files the
page needs, and the callbacks of that page that draw the deck. Every other page, the presenter's
notes, the console, exports and any callback not drawing the deck are refused, whatever the
browser sends: the outputs the app declares for the callback must all be the workshop's, and
the deck, the theory a slide shows and the page asked for must be the audience deck's. The
presenter's notes are only drawn for a window that says it is the presenter's, which the
audience's may not say.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

__all__ = ["PAGE", "CALLBACK_PATH", "DeckScope", "deck_scope", "page_allowed", "callback_refusal"]

PAGE = "/workshop"
CALLBACK_PATH = "/_dash-update-component"
DASH_FILES = ("/_dash-component-suites/", "/assets/")
DASH_READS = frozenset({"/_dash-layout", "/_dash-dependencies", "/_favicon.ico"})
ROUTER_OUTPUTS = frozenset({"_pages_content", "_pages_store"})


@dataclass(frozen=True)
class DeckScope:
    """The deck the audience link shows, and the programme theories its slides show."""

    deck: str
    theories: frozenset[str]


def deck_scope(deck: str) -> DeckScope:
    """The scope of deck ``deck`` (a DeckError when it cannot be read)."""
    from dashboard.views.deck import load_deck

    slides = load_deck(deck).slides
    theories = {s.view.theory for s in slides if s.view.theory}
    theories |= {s.view.network.theory for s in slides if s.view.network and s.view.network.theory}
    return DeckScope(deck, frozenset(theories))


def page_allowed(method: str, path: str) -> bool:
    """Whether the audience may make a request of ``method`` to ``path`` (callbacks: see below).

    >>> page_allowed("GET", "/workshop"), page_allowed("GET", "/console"), page_allowed("POST", "/workshop")
    (True, False, False)
    """
    if method == "POST":
        return path == CALLBACK_PATH
    if method not in ("GET", "HEAD"):
        return False
    return path == PAGE or path in DASH_READS or path.startswith(DASH_FILES)


def _declared_outputs(callback: Mapping[str, Any]) -> list[Any]:
    outputs = callback.get("output")
    items = outputs if isinstance(outputs, list | tuple) else [outputs] if outputs is not None else []
    return [getattr(item, "component_id", None) for item in items]


def _declared_values(callback: Mapping[str, Any]) -> list[tuple[Any, Any]]:
    return [(item.get("id"), item.get("property")) for item in [*callback.get("inputs", []),
                                                                *callback.get("state", [])]]


def _sent_values(payload: dict) -> list[Any]:
    return [*(payload.get("inputs") or []), *(payload.get("state") or [])]


def _output_allowed(component: Any) -> bool:
    return isinstance(component, str) and (component.startswith(("workshop-", "app-"))
                                           or component in ROUTER_OUTPUTS)


def _value_refusal(item: dict, scope: DeckScope) -> str | None:
    component, prop, value = item.get("id"), item.get("property"), item.get("value")
    if component == "_pages_location" and prop == "pathname" and value != PAGE:
        return "the audience link opens the workshop page only"
    if component == "_pages_location" and prop == "search":
        decks = parse_qs(str(value or "").lstrip("?")).get("deck", [scope.deck])
        if decks != [scope.deck]:
            return f"the audience link shows the “{scope.deck}” deck only"
    if component == "workshop-deck" and value != scope.deck:
        return f"the audience link shows the “{scope.deck}” deck only"
    if component == "workshop-view-theory" and value is not None and value not in scope.theories:
        return "the audience link shows the theories of its deck only"
    if component == "workshop-presenter" and value:
        return "the presenter's notes are not shown on the audience link"
    return None


def callback_refusal(payload: Any, scope: DeckScope,
                     callbacks: Mapping[str, Mapping[str, Any]]) -> str | None:
    """Why the audience may not run the callback ``payload`` asks for (None: it may).

    Dash picks the function by the payload's ``output`` key and hands it the sent values by
    position, so the check is made against the app's own declaration (``callbacks``: the app's
    ``callback_map``): every output the callback declares must be the workshop's, the values
    sent must be exactly the ones it declares, and those values must stay inside the deck.

    >>> from dash import Input, Output, State
    >>> callbacks = {"workshop-slide.children": {"output": Output("workshop-slide", "children"),
    ...     "inputs": [Input("workshop-slide-no", "data").to_dict()],
    ...     "state": [State("workshop-deck", "data").to_dict()]}}
    >>> scope = DeckScope("reco", frozenset({"reco:pt6"}))
    >>> slide = {"output": "workshop-slide.children",
    ...          "inputs": [{"id": "workshop-slide-no", "property": "data", "value": 2}],
    ...          "state": [{"id": "workshop-deck", "property": "data", "value": "reco"}]}
    >>> callback_refusal(slide, scope, callbacks) is None
    True
    >>> callback_refusal({**slide, "output": "console-results.children"}, scope, callbacks)
    'this view is not part of the audience link'
    >>> other_deck = [{"id": "workshop-deck", "property": "data", "value": "x"}]
    >>> callback_refusal({**slide, "state": other_deck}, scope, callbacks)
    'the audience link shows the “reco” deck only'
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("output"), str):
        return "not a callback request"
    callback = callbacks.get(payload["output"])
    outputs = _declared_outputs(callback) if callback else []
    if not outputs or not all(_output_allowed(component) for component in outputs):
        return "this view is not part of the audience link"
    sent = _sent_values(payload)
    named = [(i.get("id"), i.get("property")) if isinstance(i, dict) else None for i in sent]
    if callback is None or named != _declared_values(callback):
        return "the request does not match the callback it names"
    for item in sent:
        refusal = _value_refusal(item, scope)
        if refusal:
            return refusal
    return None
