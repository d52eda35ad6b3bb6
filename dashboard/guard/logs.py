"""Logs that never hold a secret: ``?access=`` values are replaced before any line is written.

The access log (logger ``ptgraph.access``, one line per request) is written by
:class:`dashboard.guard.middleware.Guard` with the query string redacted; Flask's development
server (used by the browser tests) writes its own request lines through the ``werkzeug``
logger, which gets the same redaction as a filter. Authorization headers and cookies are never
logged at all.
"""

from __future__ import annotations

import logging
import re

__all__ = ["ACCESS_LOG", "redact", "RedactSecrets", "redact_server_logs", "request_line"]

ACCESS_LOG = logging.getLogger("ptgraph.access")
_SECRET = re.compile(r"(?i)((?:^|[?&;\s])access=)[^&\s#\"']*")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """``text`` with every ``access=`` value replaced.

    >>> redact('"GET /workshop?deck=reco&access=Zx9-_q HTTP/1.1" 303')
    '"GET /workshop?deck=reco&access=[redacted] HTTP/1.1" 303'
    >>> redact("access=abc&x=1")
    'access=[redacted]&x=1'
    """
    return _SECRET.sub(lambda m: m.group(1) + REDACTED, text)


class RedactSecrets(logging.Filter):
    """A logging filter that redacts the finished message of every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def redact_server_logs() -> None:
    """Redact the request lines of Flask's development server (idempotent)."""
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactSecrets) for f in logger.filters):
        logger.addFilter(RedactSecrets())


def request_line(environ: dict, status: str, role: str, seconds: float) -> str:
    """One access-log line: client, role, method, path with its redacted query, status, time.

    >>> request_line({"REMOTE_ADDR": "10.0.0.7", "REQUEST_METHOD": "GET", "PATH_INFO": "/workshop",
    ...               "QUERY_STRING": "deck=reco&access=s3cret"}, "303 See Other", "-", 0.0042)
    '10.0.0.7 - GET /workshop?deck=reco&access=[redacted] 303 4ms'
    """
    query = environ.get("QUERY_STRING") or ""
    target = environ.get("PATH_INFO", "") + (f"?{redact(query)}" if query else "")
    return (f"{environ.get('REMOTE_ADDR', '?')} {role} {environ.get('REQUEST_METHOD', '?')} {target} "
            f"{status.split(' ', 1)[0]} {seconds * 1000:.0f}ms")
