"""Who may open the explorer, and how a browser proves it.

Without secrets (the loopback default) everyone has full access. With them, a request carries
one of:

- ``?access=SECRET`` on any page: the explorer answers with a redirect to the same page without
  it and a session cookie (HttpOnly, SameSite=Lax), so the secret leaves the address bar, the
  history and every later request;
- HTTP Basic with the password (any user name): what a browser asks for, and what scripts send;
- the session cookie.

Secrets are compared in constant time; a session cookie is the role and the time it was issued,
signed with a key that lives only in the server's memory (a restart signs everyone out).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie

from dashboard.guard.hosts import LOOPBACK_NAMES

__all__ = ["FACILITATOR", "AUDIENCE", "ACCESS_PARAM", "SESSION_SECONDS", "Access", "Sessions", "Throttle",
           "basic_password", "cookie_name", "read_cookie", "new_token"]

FACILITATOR, AUDIENCE = "facilitator", "audience"
ROLES = (FACILITATOR, AUDIENCE)
ACCESS_PARAM = "access"  # ?access=SECRET signs a browser in
SESSION_SECONDS = 12 * 3600  # a day's workshop


def new_token() -> str:
    """A fresh random secret for a link (32 characters, 192 bits)."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class Access:
    """What a request needs: the Host names accepted, and the secrets (none: open to everyone).

    ``facilitator`` holds the secrets that give full access (``PTGRAPH_PASSWORD``, a generated
    token); ``audience`` the token of the audience link, which shows only the workshop ``deck``.
    Secrets are kept out of ``repr`` so that no traceback or log line ever shows one.
    """

    hosts: frozenset[str] = LOOPBACK_NAMES
    facilitator: tuple[str, ...] = field(default=(), repr=False)
    audience: str | None = field(default=None, repr=False)
    deck: str = "reco"

    @property
    def required(self) -> bool:
        """Whether a request must prove who it is."""
        return bool(self.facilitator)

    def role_for(self, secret: str) -> str | None:
        """The role ``secret`` gives (None: it is no secret of this explorer), in constant time.

        Every secret is compared, whatever matched, so the time taken says nothing about which.

        >>> access = Access(facilitator=("s3cret-password",), audience="room-token")
        >>> access.role_for("s3cret-password"), access.role_for("room-token"), access.role_for("guess")
        ('facilitator', 'audience', None)
        """
        given = secret.encode("utf-8")
        full = [hmac.compare_digest(given, s.encode("utf-8")) for s in self.facilitator]
        audience = hmac.compare_digest(given, (self.audience or "").encode("utf-8")) and bool(self.audience)
        return FACILITATOR if any(full) else AUDIENCE if audience else None


class Sessions:
    """Signed session cookies: ``role.issued.signature``, valid for ``SESSION_SECONDS``.

    >>> sessions = Sessions()
    >>> sessions.role(sessions.issue("audience"))
    'audience'
    >>> sessions.role("facilitator.1.forged") is None, Sessions().role(sessions.issue("audience")) is None
    (True, True)
    """

    def __init__(self, key: bytes | None = None, lifetime: float = SESSION_SECONDS) -> None:
        self._key = key or secrets.token_bytes(32)
        self._lifetime = lifetime

    def _sign(self, text: str) -> str:
        return hmac.new(self._key, text.encode("utf-8"), "sha256").hexdigest()

    def issue(self, role: str, now: float | None = None) -> str:
        body = f"{role}.{int(now if now is not None else time.time())}"
        return f"{body}.{self._sign(body)}"

    def role(self, value: str | None, now: float | None = None) -> str | None:
        """The role of a cookie value; None when it is forged, from another run, or expired."""
        role, issued, signature = ((value or "").split(".") + ["", "", ""])[:3]
        if role not in ROLES or not issued.isdigit():
            return None
        if not hmac.compare_digest(signature.encode("ascii", "replace"),
                                   self._sign(f"{role}.{issued}").encode("ascii")):
            return None
        age = (now if now is not None else time.time()) - int(issued)
        return role if 0 <= age <= self._lifetime else None


def cookie_name(port: str | int | None) -> str:
    """The session cookie's name; cookies ignore ports, so each explorer on a host has its own."""
    return f"ptgraph_session_{port or 'default'}"


def read_cookie(header: str | None, name: str) -> str | None:
    """The value of cookie ``name`` in a Cookie header (None when absent or unreadable)."""
    try:
        jar: SimpleCookie = SimpleCookie(header or "")
    except CookieError:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


def basic_password(header: str | None) -> str | None:
    """The password of an ``Authorization: Basic`` header (None when there is none or it is garbled).

    >>> basic_password("Basic " + base64.b64encode(b"anyone:pass:word").decode())
    'pass:word'
    >>> basic_password("Bearer x"), basic_password("Basic !!")
    (None, None)
    """
    scheme, _, encoded = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return decoded.partition(":")[2] if ":" in decoded else None


class Throttle:
    """At most ``limit`` wrong secrets per client address in ``window`` seconds (guessing is slow).

    >>> throttle = Throttle(limit=2, window=60)
    >>> throttle.fail("10.0.0.9", now=0); throttle.fail("10.0.0.9", now=1)
    >>> throttle.blocked("10.0.0.9", now=2), throttle.blocked("10.0.0.9", now=61.5)
    (True, False)
    """

    def __init__(self, limit: int = 20, window: float = 60.0) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(client, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def fail(self, client: str, now: float | None = None) -> None:
        moment = time.monotonic() if now is None else now
        with self._lock:
            self._recent(client, moment).append(moment)
            if len(self._failures) > 10_000:  # never grows without bound
                self._failures = {k: v for k, v in self._failures.items() if v}

    def blocked(self, client: str, now: float | None = None) -> bool:
        with self._lock:
            failures = self._recent(client, time.monotonic() if now is None else now)
            blocked = len(failures) >= self.limit
            if not failures:
                del self._failures[client]
            return blocked
