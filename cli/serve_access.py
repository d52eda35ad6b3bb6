"""Who ``ptgraph serve`` lets in, decided before anything starts, and the links it prints once.

On loopback without ``PTGRAPH_PASSWORD`` or ``--token`` the explorer is open (one person on
their own machine). Anything else needs a secret: ``PTGRAPH_PASSWORD`` (the browser asks for
it), ``--token`` (a random link printed once), or both; a host other than loopback with neither
is refused with one sentence and exit 2. Whenever secrets are on, an audience link (its own
random token) shows the ``--deck`` workshop deck read-only and nothing else.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from urllib.parse import urlencode

from dashboard.guard import ACCESS_PARAM, Access, allowed_hosts, is_loopback, is_wildcard, new_token
from dashboard.guard.hosts import machine_addresses
from graph.errors import PtgraphError

__all__ = ["ServeRefused", "Plan", "plan_access", "MIN_PASSWORD", "public_address"]

MIN_PASSWORD = 8


class ServeRefused(PtgraphError):
    """``serve`` will not start as asked; the message says why and what to do instead."""


@dataclass(frozen=True)
class Plan:
    """The access the explorer enforces, and the lines that tell people how to get in."""

    access: Access
    password: bool
    token: str | None

    def lines(self, base: str) -> list[str]:
        """What to print once, after the address (``base`` ends with ``/``); the password never."""
        if not self.access.required:
            return []
        lines = []
        if self.password:
            lines.append("Sign in with PTGRAPH_PASSWORD (the browser asks for it; any user name).")
        if self.token:
            lines.append(f"Facilitator link (full access; keep it to yourself): "
                         f"{base}?{urlencode({ACCESS_PARAM: self.token})}")
        audience = urlencode({"deck": self.access.deck, ACCESS_PARAM: self.access.audience})
        lines.append(f"Audience link (read-only, the “{self.access.deck}” workshop deck only): "
                     f"{base}workshop?{audience}")
        return lines


def plan_access(host: str, allow: tuple[str, ...], token: bool, deck: str, password: str | None) -> Plan:
    """The access for serving on ``host``; ServeRefused when it would be unsafe or cannot work.

    >>> plan_access("127.0.0.1", (), False, "reco", None).access.required
    False
    >>> try:
    ...     plan_access("0.0.0.0", (), False, "reco", None)
    ... except ServeRefused as e:
    ...     print(str(e).split(":")[0])
    Refusing to serve on 0.0.0.0 without a password
    """
    password = password or None
    if password is not None and len(password) < MIN_PASSWORD:
        raise ServeRefused(f"PTGRAPH_PASSWORD is too short ({len(password)} characters): use at least "
                           f"{MIN_PASSWORD}, or unset it and add --token for a generated link.")
    if not is_loopback(host) and password is None and not token:
        raise ServeRefused(f"Refusing to serve on {host} without a password: anyone who can reach this "
                           "machine could open the explorer, so set PTGRAPH_PASSWORD or add --token.")
    hosts = allowed_hosts(host, allow)
    generated = new_token() if token else None
    secrets = tuple(s for s in (password, generated) if s)
    if not secrets:
        return Plan(Access(hosts=hosts, deck=deck), password=False, token=None)
    _check_deck(deck)
    return Plan(Access(hosts=hosts, facilitator=secrets, audience=new_token(), deck=deck),
                password=password is not None, token=generated)


def _check_deck(deck: str) -> None:
    from dashboard.views.deck import DeckError, load_deck

    try:
        load_deck(deck)
    except DeckError as e:
        raise ServeRefused(f"The audience link's deck (--deck) cannot be shown: {e}") from None


def public_address(host: str) -> str:
    """The address to print for ``host``: for a wildcard, one this machine is reachable at.

    >>> public_address("127.0.0.1"), public_address("::1")
    ('127.0.0.1', '[::1]')
    """
    if is_wildcard(host):
        found = sorted(a for a in machine_addresses() if "." in a and a[0].isdigit() and not is_loopback(a))
        host = found[0] if found else socket.gethostname()
    return f"[{host}]" if ":" in host else host
