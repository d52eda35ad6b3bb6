"""Who is looking: the role the guard gave the current request, for pages that differ by role.

Only the view differs here (no presenter button, no navigation for the audience); what a role
may do is enforced by :mod:`dashboard.guard.middleware` whatever the page shows.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from dashboard.guard.access import AUDIENCE, FACILITATOR

__all__ = ["ROLE_KEY", "viewer_role", "viewer_is_audience", "for_viewer"]

ROLE_KEY = "ptgraph.role"  # the WSGI environ key the guard sets


def viewer_role() -> str:
    """The current request's role; outside a request (Dash checking layouts at start) full access."""
    from flask import has_request_context, request

    return str(request.environ.get(ROLE_KEY, FACILITATOR)) if has_request_context() else FACILITATOR


def viewer_is_audience() -> bool:
    return viewer_role() == AUDIENCE


def _audience_shell(page: Any) -> Any:
    """The shell without its navigation and without the list of every review in the store."""
    from dash import dcc, html

    children = page.children if isinstance(page.children, list) else [page.children]
    kept = [dcc.Store(id="app-reviews", data=[]) if getattr(c, "id", None) == "app-reviews" else c
            for c in children if not isinstance(c, html.Nav)]
    stripped = copy.copy(page)  # a static layout is shared between requests: never changed in place
    stripped.children = kept
    return stripped


def for_viewer(layout: Callable[[], Any] | Any) -> Callable[[], Any]:
    """The app's layout for the current viewer: the audience gets the shell stripped down."""

    def chosen() -> Any:
        from dash import html

        page = layout() if callable(layout) else layout
        return _audience_shell(page) if viewer_is_audience() and isinstance(page, html.Div) else page

    return chosen
