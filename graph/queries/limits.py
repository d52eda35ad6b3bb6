"""A read-only query's row limit written into its text, and the time limit every query gets.

The database stops producing rows at the limit instead of ptgraph dropping them after the
whole result crossed the wire: the query's last ``RETURN`` gets ``LIMIT limit + 1`` (one
more row than asked says whether there were more), or its own literal ``LIMIT`` is lowered
to that. FalkorDB sends a whole result at once, so this is what bounds it there; Neo4j also
streams lazily, and a ``LIMIT`` lets it sort only the top rows. Writes are never rewritten
(a ``LIMIT`` after a write clause may change what is written on one store and not the other).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.errors import QueryRefused
from graph.queries.tokens import NUMBER, PARAM, Token, depths

__all__ = ["with_row_limit", "bounded_timeout_ms", "MAX_TIMEOUT_MS"]

MAX_TIMEOUT_MS = 300_000  # no query runs longer than five minutes, whoever asks (FalkorDB's TIMEOUT_MAX too)


def bounded_timeout_ms(timeout_ms: int | None) -> int:
    """The time limit a query runs with: None is the longest allowed; 0 or less is refused.

    A limit of 0 has meant "no limit" to both databases, so it is never passed on.

    >>> bounded_timeout_ms(None), bounded_timeout_ms(900_000), bounded_timeout_ms(2_000)
    (300000, 300000, 2000)
    """
    if timeout_ms is None:
        return MAX_TIMEOUT_MS
    if timeout_ms <= 0:
        raise QueryRefused(f"A query's time limit must be between 1 ms and {MAX_TIMEOUT_MS // 1000} s; "
                           f"{timeout_ms} would mean no limit at all.")
    return min(int(timeout_ms), MAX_TIMEOUT_MS)


def _branches(toks: Sequence[Token], depths: list[int]) -> list[tuple[int, int]] | None:
    """The ``(start, end)`` token spans of the top-level ``UNION ALL`` branches; None for ``UNION``.

    A ``UNION`` without ``ALL`` removes duplicates across branches, so a limit on each
    branch could change which rows come first: such a query is left as it is.
    """
    spans, start = [], 0
    end = len(toks) - 1 if toks and toks[-1].is_punct(";") else len(toks)
    for i in range(end):
        if depths[i] == 0 and toks[i].is_word("UNION"):
            if not (i + 1 < end and toks[i + 1].is_word("ALL")):
                return None
            spans.append((start, i))
            start = i + 2
    spans.append((start, end))
    return spans


def _limit_edit(toks: Sequence[Token], depths: list[int], span: tuple[int, int], rows: int,
                params: dict[str, Any]) -> tuple[int, int, str] | None:
    """How to bound one branch: (start, end, new text) in characters, or None to leave it."""
    start, end = span
    top = [i for i in range(start, end) if depths[i] == 0]
    returns = [i for i in top if toks[i].is_word("RETURN") and not (i and toks[i - 1].is_punct("."))]
    if not returns or end <= start:
        return None  # no rows come back (a write, a procedure's own YIELD): nothing to bound
    limits = [i for i in top if i > returns[-1] and toks[i].is_word("LIMIT")]
    if not limits:
        last = toks[end - 1]
        return last.end, last.end, f" LIMIT {rows}"
    value = toks[limits[-1] + 1:end]
    if len(value) != 1 or value[0].kind not in (NUMBER, PARAM):
        return None  # LIMIT with an expression: left as written
    given = params.get(value[0].value) if value[0].kind == PARAM else _int(value[0].value)
    if not isinstance(given, int) or isinstance(given, bool) or given <= rows:
        return None
    return value[0].start, value[0].end, str(rows)


def _int(text: str) -> int | None:
    try:
        return int(text, 0)
    except ValueError:
        return None


def with_row_limit(text: str, toks: Sequence[Token], limit: int | None, params: dict[str, Any]) -> str:
    """``text`` with its returned rows bounded to ``limit + 1`` by the database.

    >>> from graph.queries.tokens import tokens
    >>> q = "UNWIND range(1, 10) AS x RETURN x // all of them"
    >>> with_row_limit(q, list(tokens(q)), 5, {})
    'UNWIND range(1, 10) AS x RETURN x LIMIT 6 // all of them'
    >>> q = "MATCH (n) RETURN n.id ORDER BY n.id LIMIT $n"
    >>> with_row_limit(q, list(tokens(q)), 5, {"n": 50})
    'MATCH (n) RETURN n.id ORDER BY n.id LIMIT 6'
    >>> q = "CALL { MATCH (n) RETURN n } RETURN n UNION ALL RETURN null AS n;"
    >>> with_row_limit(q, list(tokens(q)), 5, {})
    'CALL { MATCH (n) RETURN n } RETURN n LIMIT 6 UNION ALL RETURN null AS n LIMIT 6;'
    """
    if limit is None or limit < 0:
        return text
    levels = depths(toks)
    spans = _branches(toks, levels)
    if spans is None:
        return text
    edits = [e for e in (_limit_edit(toks, levels, span, limit + 1, params) for span in spans) if e]
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text
