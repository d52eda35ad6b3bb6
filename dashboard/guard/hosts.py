"""Which names the explorer answers to: a browser's Host header is checked against DNS rebinding.

A page on ``evil.example`` whose DNS name is switched to 127.0.0.1 after loading can make the
victim's browser talk to a loopback explorer, but the request still says ``Host: evil.example``;
answering only to the names the explorer was started on refuses it.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

__all__ = ["LOOPBACK_NAMES", "WILDCARDS", "host_name", "is_loopback", "is_wildcard", "allowed_hosts",
           "machine_addresses"]

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"0.0.0.0", "::", ""})  # noqa: S104 (names to recognise, not to bind)


def host_name(header: str | None) -> str:
    """The name in a Host header, without port, brackets or trailing dot, lower case ('' if none).

    >>> host_name("Example.ORG.:8050"), host_name("[::1]:8050"), host_name("127.0.0.1"), host_name(None)
    ('example.org', '::1', '127.0.0.1', '')
    """
    text = (header or "").strip().lower()
    if text.startswith("["):
        return text[1:].split("]", 1)[0]
    if text.count(":") == 1:
        text = text.split(":", 1)[0]
    return text.rstrip(".")


def _address(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


def is_wildcard(host: str) -> bool:
    """Whether binding ``host`` listens on every interface (0.0.0.0, ::)."""
    return host_name(host) in WILDCARDS


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or a name) is only reachable from this machine.

    A name counts as loopback when every address it resolves to is a loopback one.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, True, False)
    >>> is_loopback("192.168.1.5")
    False
    """
    name = host_name(host)
    if name in WILDCARDS:
        return False
    if name == "localhost" or name.endswith(".localhost"):
        return True
    address = _address(name)
    if address is not None:
        return address.is_loopback
    try:
        found = [_address(str(info[4][0]).split("%", 1)[0]) for info in socket.getaddrinfo(name, None)]
    except OSError:
        return False
    return bool(found) and all(a is not None and a.is_loopback for a in found)


def machine_addresses() -> set[str]:
    """This machine's host names and the addresses of its network interfaces."""
    import psutil

    names = {socket.gethostname().lower(), socket.getfqdn().lower()}
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if address.family in (socket.AF_INET, socket.AF_INET6):
                names.add(address.address.split("%", 1)[0].lower())
    return {n for n in names if n}


def allowed_hosts(bound: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The Host names accepted: loopback names, the bound host (every address of this machine when
    it is a wildcard) and ``extra`` (``--allow-host``).

    >>> sorted(allowed_hosts("127.0.0.1", ["Workshop.Local"]))
    ['127.0.0.1', '::1', 'localhost', 'workshop.local']
    """
    names = set(LOOPBACK_NAMES) | {host_name(h) for h in extra if host_name(h)}
    if is_wildcard(bound):
        names |= machine_addresses()
    else:
        names.add(host_name(bound))
    return frozenset(names)
