"""The explorer's security layer for serving a room: Host check, sign-in, the audience link, headers.

:func:`protect` puts :class:`~dashboard.guard.middleware.Guard` in front of a Dash app's Flask
server, so it is active under waitress (``ptgraph serve``) and under Flask's development server
(the browser tests) alike. :class:`~dashboard.guard.access.Access` says what it enforces; the
default (loopback names, no secrets) is what a single user on their own machine needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboard.guard.access import ACCESS_PARAM, AUDIENCE, FACILITATOR, Access, new_token
from dashboard.guard.audience import deck_scope
from dashboard.guard.headers import content_security_policy
from dashboard.guard.hosts import allowed_hosts, is_loopback, is_wildcard
from dashboard.guard.logs import redact_server_logs
from dashboard.guard.middleware import Guard
from dashboard.guard.roles import for_viewer, viewer_is_audience, viewer_role

if TYPE_CHECKING:  # dash costs a CLI command a second of imports it does not use
    import dash

__all__ = ["Access", "ACCESS_PARAM", "AUDIENCE", "FACILITATOR", "Guard", "protect", "new_token",
           "allowed_hosts", "is_loopback", "is_wildcard", "viewer_role", "viewer_is_audience"]


def protect(app: dash.Dash, access: Access | None = None) -> Guard:
    """Put the guard in front of ``app`` (call once, after every callback is registered).

    The Content-Security-Policy is worked out at each response from the inline scripts Dash
    serves at that moment (``app.csp_hashes()``), so callbacks registered later are covered.
    A DeckError when ``access`` shares a deck with an audience that cannot be read.
    """
    access = access or Access()
    scope = deck_scope(access.deck) if access.audience else None
    guard = Guard(app.server.wsgi_app, access, lambda: content_security_policy(app.csp_hashes()), scope,
                  lambda: app.callback_map)
    app.server.wsgi_app = guard
    app.layout = for_viewer(app.layout)
    redact_server_logs()
    return guard
