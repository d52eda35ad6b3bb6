"""The review picker every page shares: its options come from the app's review list, and the
review a URL asks for is kept once the options arrive."""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc

from dashboard.data import ALL_REVIEWS

__all__ = ["review_options", "keep_choice", "review_picker", "register_review_picker"]


def review_options(reviews: list[dict]) -> tuple[list[dict], str]:
    """Dropdown options for the reviews (plus 'all') and the default: the first review.

    >>> review_options([{"id": "reco", "name": "RECO"}])[1]
    'reco'
    """
    options = [{"label": r.get("name") or r["id"], "value": r["id"]} for r in reviews or []]
    options.append({"label": "All reviews", "value": ALL_REVIEWS})
    return options, (options[0]["value"] if reviews else ALL_REVIEWS)


def keep_choice(current: str | None, options: list[dict], default: str | None) -> str | None:
    """``current`` if it is still one of ``options`` (e.g. a value from the URL), else ``default``.

    >>> keep_choice("reco", [{"label": "RECO", "value": "reco"}], None)
    'reco'
    >>> keep_choice("gone", [{"label": "RECO", "value": "reco"}], "reco")
    'reco'
    """
    return current if current in {o["value"] for o in options} else default


def review_picker(prefix: str, wanted: str | None) -> list:
    """The ``{prefix}-review`` dropdown, and the review the URL asked for.

    The wish waits in a store rather than in the dropdown's value, because a dropdown drops a
    value it has no option for yet.
    """
    return [dcc.Dropdown(id=f"{prefix}-review", clearable=False),
            dcc.Store(id=f"{prefix}-review-wanted", data=wanted)]


def register_review_picker(app: Dash, prefix: str) -> None:
    """Fill ``{prefix}-review`` from the app's reviews, choosing the wanted one when offered."""

    @app.callback(Output(f"{prefix}-review", "options"), Output(f"{prefix}-review", "value"),
                  Input("app-reviews", "data"), State(f"{prefix}-review-wanted", "data"))
    def _reviews(reviews, wanted):
        options, default = review_options(reviews)
        return options, keep_choice(wanted, options, default)
