"""Dropdowns whose options arrive from the server, keeping the choice a URL asked for.

A dropdown drops a value it has no option for, so a value from the URL cannot simply be its
initial value: it waits in a ``{id}-wanted`` store until the options arrive, is chosen if
offered, and is then cleared, so later changes of the options keep the user's own choice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dash import Dash, Input, Output, State, dcc, no_update

from dashboard.data import ALL_REVIEWS

__all__ = ["review_options", "keep_choice", "choose", "picker", "register_picker", "review_picker",
           "register_review_picker"]

Options = tuple[list[dict], str | None]


def review_options(reviews: list[dict]) -> tuple[list[dict], str]:
    """Dropdown options for the reviews (plus 'all') and the default: the first review.

    >>> review_options([{"id": "reco", "name": "RECO"}])[1]
    'reco'
    """
    options = [{"label": r.get("name") or r["id"], "value": r["id"]} for r in reviews or []]
    options.append({"label": "All reviews", "value": ALL_REVIEWS})
    return options, (options[0]["value"] if reviews else ALL_REVIEWS)


def keep_choice(current: str | None, options: list[dict], default: str | None) -> str | None:
    """``current`` if it is still one of ``options``, else ``default``.

    >>> keep_choice("reco", [{"label": "RECO", "value": "reco"}], None)
    'reco'
    >>> keep_choice("gone", [{"label": "RECO", "value": "reco"}], "reco")
    'reco'
    """
    return current if current in {o["value"] for o in options} else default


def choose(wanted: str | None, current: str | None, options: list[dict], default: str | None) -> str | None:
    """The wanted value if offered, else the current one if still offered, else ``default``.

    >>> opts = [{"label": "A", "value": "a"}, {"label": "B", "value": "b"}]
    >>> choose("b", "a", opts, None), choose("z", "a", opts, None), choose(None, "z", opts, "a")
    ('b', 'a', 'a')
    """
    return keep_choice(wanted, options, None) or keep_choice(current, options, default)


def picker(component_id: str, wanted: str | None, **dropdown: Any) -> list:
    """The dropdown ``component_id`` and the store holding the value the URL asked for."""
    return [dcc.Dropdown(id=component_id, **dropdown), dcc.Store(id=f"{component_id}-wanted", data=wanted)]


def register_picker(app: Dash, component_id: str, source: tuple[str, str],
                    options_for: Callable[[Any], Options]) -> None:
    """Refill ``component_id`` whenever ``source`` (component id, prop) changes.

    ``options_for(value of source)`` gives the options and the default choice.
    """

    @app.callback(Output(component_id, "options"), Output(component_id, "value"),
                  Output(f"{component_id}-wanted", "data"), Input(*source),
                  State(component_id, "value"), State(f"{component_id}-wanted", "data"))
    def _fill(value, current, wanted):
        options, default = options_for(value)
        chosen = choose(wanted, current, options, default)
        # an unchanged value is not sent again: callbacks reading it (the page's graph) run once
        return options, no_update if chosen == current else chosen, None if wanted is not None else no_update


def review_picker(prefix: str, wanted: str | None) -> list:
    """The ``{prefix}-review`` dropdown (see :func:`picker`)."""
    return picker(f"{prefix}-review", wanted, clearable=False)


def register_review_picker(app: Dash, prefix: str) -> None:
    """Fill ``{prefix}-review`` from the app's list of reviews."""
    register_picker(app, f"{prefix}-review", ("app-reviews", "data"), review_options)
