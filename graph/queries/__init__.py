"""Users' Cypher (the console, ``ptgraph query``, saved queries): checked, bounded, its errors made plain.

Both stores decorate their ``query()`` with :func:`user_query`, which, before the database
sees the text:

1. refuses what would cost too much to read or reaches outside the graph
   (:mod:`graph.queries.guard`, :mod:`graph.queries.policy`);
2. names the ``$parameters`` the query uses and nobody gave;
3. writes the row limit into a read-only query (:mod:`graph.queries.limits`) and bounds the
   time limit (None: the longest, 300 s; 0 or less: refused);

and afterwards turns a database error into one plain sentence (:mod:`graph.queries.messages`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from graph.errors import QueryFailed
from graph.queries.guard import check_cost, check_length, check_private
from graph.queries.limits import MAX_TIMEOUT_MS, bounded_timeout_ms, with_row_limit
from graph.queries.messages import missing_parameters, plain_error
from graph.queries.tokens import PARAM, Token, tokens

__all__ = ["user_query", "prepared", "Prepared", "used_parameters", "MAX_TIMEOUT_MS"]

Result = TypeVar("Result")


class Prepared:
    """A user's query as it will be sent: its text, the parameters it uses and its time limit."""

    def __init__(self, text: str, used: list[str], timeout_ms: int):
        self.text, self.used, self.timeout_ms = text, used, timeout_ms


def used_parameters(text: str) -> list[str]:
    """The ``$parameters`` a query uses, in order of first use, ignoring comments and strings.

    >>> used_parameters("// $not\\nMATCH (n {id: $id}) WHERE n.name = '$x' RETURN $`odd name`, $id")
    ['id', 'odd name']
    """
    return _parameters(tokens(text))


def _parameters(toks: Iterable[Token]) -> list[str]:
    return list(dict.fromkeys(t.value for t in toks if t.kind == PARAM))


def prepared(text: str, params: dict[str, Any] | None, *, write: bool, limit: int | None,
             timeout_ms: int | None) -> Prepared:
    """Check ``text`` and bound it; raises :class:`graph.errors.QueryNotAllowed`, ``MissingParameters``
    or ``QueryRefused`` (a time limit of 0) with one plain sentence."""
    check_length(text)
    toks = list(tokens(text))
    check_cost(text, toks, params or {})
    if not write:
        check_private(toks)
    used = _parameters(toks)
    missing = missing_parameters(used, params)
    if missing:
        raise missing
    bounded = text if write else with_row_limit(text, toks, limit, params or {})
    return Prepared(bounded, used, bounded_timeout_ms(timeout_ms))


def user_query(query: Callable[..., Result]) -> Callable[..., Result]:
    """Decorate a store's ``query(self, text, params, *, write, limit, timeout_ms)`` (see module doc);
    the method's own defaults (row limit, time limit) stay the defaults."""
    signature = inspect.signature(query)

    @functools.wraps(query)
    def checked(*args: Any, **kwargs: Any) -> Result:
        call = signature.bind(*args, **kwargs)
        call.apply_defaults()
        given = call.arguments
        ready = prepared(given["text"], given["params"], write=given["write"], limit=given["limit"],
                         timeout_ms=given["timeout_ms"])
        given["text"], given["timeout_ms"] = ready.text, ready.timeout_ms
        try:
            return query(*call.args, **call.kwargs)
        except QueryFailed as e:
            plain = plain_error(e, ready.text, given["params"], ready.timeout_ms, ready.used)
            raise plain from (e.__cause__ or e)

    return checked
