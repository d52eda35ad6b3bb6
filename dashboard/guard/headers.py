"""The security headers every response carries.

The Content-Security-Policy allows scripts only from the explorer itself plus, by their
SHA-256 hashes, the inline scripts Dash writes into its page (the renderer's start and the
clientside callbacks): an injected script never runs. Styles may be inline because Dash,
cytoscape and plotly set them on elements and in ``<style>`` tags they create. Nothing may
frame the explorer (the presenter view is a second window, not a frame).
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["content_security_policy", "FIXED_HEADERS", "secure_headers"]

FIXED_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)
NO_STORE = "no-store"  # for every answer that did not say how to cache itself (pages, callbacks, errors)


def content_security_policy(script_hashes: Iterable[str]) -> str:
    """The policy, with ``script_hashes`` (``'sha256-…'``, e.g. from ``dash.Dash.csp_hashes``) allowed.

    >>> policy = content_security_policy(["'sha256-abc='"])
    >>> "script-src 'self' 'sha256-abc='" in policy, "frame-ancestors 'none'" in policy
    (True, True)
    """
    scripts = " ".join(["'self'", *script_hashes])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def secure_headers(headers: list[tuple[str, str]], policy: str) -> list[tuple[str, str]]:
    """``headers`` with the security headers set (replacing any the app set) and, when the app
    gave none, ``Cache-Control: no-store``.

    >>> names = [name for name, _ in secure_headers([("Content-Type", "text/html")], "default-src 'self'")]
    >>> "Content-Security-Policy" in names, "Cache-Control" in names, "X-Frame-Options" in names
    (True, True, True)
    """
    ours = {name.lower() for name, _ in FIXED_HEADERS} | {"content-security-policy"}
    kept = [(name, value) for name, value in headers if name.lower() not in ours]
    if not any(name.lower() == "cache-control" for name, _ in kept):
        kept.append(("Cache-Control", NO_STORE))
    return [*kept, *FIXED_HEADERS, ("Content-Security-Policy", policy)]
