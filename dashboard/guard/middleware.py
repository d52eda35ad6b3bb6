"""The guard in front of the explorer: WSGI middleware on the Flask server Dash runs on.

Being WSGI middleware on ``app.server``, it is active under every server that runs the app:
waitress behind ``ptgraph serve``, and Flask's development server that the browser tests start.
Each request, in order: the Host header must be one the explorer answers to (DNS rebinding);
a browser's POST must come from the explorer's own pages (Origin); when secrets are set, the
request must prove its role (see :mod:`dashboard.guard.access`); the audience's requests must
stay inside the deck (see :mod:`dashboard.guard.audience`). Every response, refusals included,
gets the security headers; with ``ptgraph.access`` logging on, one redacted line per request.
"""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from dashboard.guard.access import (
    ACCESS_PARAM,
    AUDIENCE,
    FACILITATOR,
    Access,
    Sessions,
    Throttle,
    basic_password,
    cookie_name,
    read_cookie,
)
from dashboard.guard.audience import CALLBACK_PATH, PAGE, DeckScope, callback_refusal, page_allowed
from dashboard.guard.headers import secure_headers
from dashboard.guard.hosts import host_name
from dashboard.guard.logs import ACCESS_LOG, request_line
from dashboard.guard.roles import ROLE_KEY

__all__ = ["Guard", "MAX_AUDIENCE_BODY"]

MAX_AUDIENCE_BODY = 256 * 1024  # a workshop callback's request is a few kB
SIGN_IN = ("Sign in to the ptgraph explorer: open the link that ptgraph serve printed, or give the "
           "password (PTGRAPH_PASSWORD; any user name).")
WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


def _plain(respond: Callable, status: str, text: str, headers: Iterable[tuple[str, str]] = ()) -> list[bytes]:
    body = (text + "\n").encode("utf-8")
    respond(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))),
                     *headers])
    return [body]


def _printable(text: str, limit: int = 80) -> str:
    return "".join(c for c in text if c.isprintable())[:limit]


def _without_secret(environ: dict) -> str:
    """The request's path and query with ``access`` removed (always a local path: no open redirect)."""
    path = "/" + (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")).lstrip("/")
    kept = [(k, v) for k, v in parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
            if k != ACCESS_PARAM]
    return quote(path.encode("latin-1", "replace")) + (f"?{urlencode(kept)}" if kept else "")


class Guard:
    """WSGI middleware enforcing ``access`` in front of ``app``; ``policy()`` gives the CSP,
    ``callbacks()`` the Dash app's callback map (what the audience's callbacks are checked against)."""

    def __init__(self, app: WSGIApp, access: Access, policy: Callable[[], str],
                 scope: DeckScope | None = None,
                 callbacks: Callable[[], Mapping[str, Mapping[str, Any]]] = dict) -> None:
        self.app, self.access, self.policy, self.scope = app, access, policy, scope
        self.callbacks = callbacks  # the app's callback map, as it is at the time of the request
        self.sessions = Sessions()
        self.throttle = Throttle()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        started, seen = time.perf_counter(), {"status": "500"}

        def respond(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"] = status
            return start_response(status, secure_headers(list(headers), self.policy()), exc_info)

        try:
            return self._handle(environ, respond)
        finally:
            if ACCESS_LOG.isEnabledFor(logging.INFO):
                ACCESS_LOG.info(request_line(environ, seen["status"], environ.get(ROLE_KEY, "-"),
                                             time.perf_counter() - started))

    def _handle(self, environ: dict, respond: Callable) -> Iterable[bytes]:
        host = host_name(environ.get("HTTP_HOST"))
        if host not in self.access.hosts:
            shown = _printable(host) or "(none)"
            return _plain(respond, "421 Misdirected Request",
                          f"This explorer does not answer to the host name “{shown}”. Open it at the address "
                          f"ptgraph serve printed, or start it with --allow-host {shown}.")
        if environ.get("REQUEST_METHOD") == "POST" and not self._same_origin(environ):
            return _plain(respond, "403 Forbidden", "Refused: this request comes from another site's page.")
        if not self.access.required:
            environ[ROLE_KEY] = FACILITATOR
            return self.app(environ, respond)
        client = str(environ.get("REMOTE_ADDR", "?"))
        if self.throttle.blocked(client):
            return _plain(respond, "429 Too Many Requests",
                          "Too many wrong passwords or links from this address: wait a minute and try again.",
                          [("Retry-After", "60")])
        secret = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)).get(ACCESS_PARAM)
        if secret is not None:
            return self._sign_in(environ, respond, secret, client)
        role = self._role(environ, client)
        if role is None:
            return _plain(respond, "401 Unauthorized", SIGN_IN,
                          [("WWW-Authenticate", 'Basic realm="ptgraph explorer", charset="UTF-8"')])
        environ[ROLE_KEY] = role
        if role == AUDIENCE:
            refused = self._audience_refusal(environ, respond)
            if refused is not None:
                return refused
        return self.app(environ, respond)

    @staticmethod
    def _same_origin(environ: dict) -> bool:
        """A browser names the site whose page sent a POST: it must be the explorer (no Origin: a script)."""
        origin = environ.get("HTTP_ORIGIN")
        if origin is None:
            return True
        return urlsplit(origin).netloc.lower() == str(environ.get("HTTP_HOST", "")).lower()

    def _sign_in(self, environ: dict, respond: Callable, secret: str, client: str) -> list[bytes]:
        role = self.access.role_for(secret)
        if role is None:
            self.throttle.fail(client)
            return _plain(respond, "401 Unauthorized",
                          "This access link is not valid (perhaps from an earlier run of ptgraph serve): "
                          "ask for the current one.")
        cookie = (f"{cookie_name(environ.get('SERVER_PORT'))}={self.sessions.issue(role)}; Path=/; HttpOnly; "
                  "SameSite=Lax")
        return _plain(respond, "303 See Other", "Signed in.",
                      [("Location", _without_secret(environ)), ("Set-Cookie", cookie)])

    def _role(self, environ: dict, client: str) -> str | None:
        """The best role the cookie or the Basic password gives (None: neither is valid)."""
        cookie = read_cookie(environ.get("HTTP_COOKIE"), cookie_name(environ.get("SERVER_PORT")))
        roles = {self.sessions.role(cookie)}
        password = basic_password(environ.get("HTTP_AUTHORIZATION"))
        if password is not None:
            roles.add(self.access.role_for(password))
            if roles == {None}:
                self.throttle.fail(client)
        return FACILITATOR if FACILITATOR in roles else AUDIENCE if AUDIENCE in roles else None

    def _audience_refusal(self, environ: dict, respond: Callable) -> list[bytes] | None:
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "")
        deck = self.scope.deck if self.scope else self.access.deck
        if method == "GET" and path == "/":
            return _plain(respond, "303 See Other", "The workshop deck.",
                          [("Location", f"{PAGE}?{urlencode({'deck': deck})}")])
        if not page_allowed(method, path):
            return _plain(respond, "403 Forbidden", "The audience link shows the workshop deck only.")
        if path != CALLBACK_PATH:
            return None
        reason = self._callback_refusal(environ)
        return None if reason is None else _plain(respond, "403 Forbidden", f"Refused: {reason}.")

    def _callback_refusal(self, environ: dict) -> str | None:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return "the request's length is unreadable"
        if length > MAX_AUDIENCE_BODY:
            return "the request is too large"
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)  # the app reads it again
        try:
            payload = json.loads(body or b"null")
        except ValueError:
            return "not a callback request"
        if self.scope is None:
            return "no workshop deck is shared with the audience"
        return callback_refusal(payload, self.scope, self.callbacks())
