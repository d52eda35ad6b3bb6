"""Checks on a user's Cypher before any database sees it.

Two kinds, on both stores (one rule for people; a query shared between a Neo4j user and an
embedded user behaves the same):

- **Cost of reading it**, on every path: FalkorDB's parser takes twice as long for each
  further level of nesting (brackets, ``CASE``, and runs of prefix operators such as ``-`` or
  ``NOT``, which count like brackets), before any time limit applies, and Neo4j's parser
  stalls its connection on a few thousand levels. :func:`check_cost` bounds the length, the
  deepest nesting and the total reading work, and refuses a literal ``range()`` that would
  build more numbers than FalkorDB can stop building in time.
- **Reaching outside**, on read-only paths (the console, ``ptgraph query`` without ``--write``,
  saved queries): :func:`check_private` refuses ``LOAD CSV``, procedures outside a list of
  read procedures, functions outside Cypher's own and APOC's pure ones, and the Neo4j commands
  that show the server's settings or other people's queries (``SHOW SETTINGS``,
  ``SHOW TRANSACTIONS``, ``TERMINATE``, ``USE``). Writes themselves are refused by the
  database (read-only transactions), which no text check can match.

Each refusal is a :class:`QueryNotAllowed` whose message is one plain sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.errors import QueryNotAllowed
from graph.queries import policy
from graph.queries.tokens import NAME, NUMBER, PARAM, PUNCT, WORD, Token, closes, opens

__all__ = ["check_length", "check_cost", "check_private", "nesting", "MAX_QUERY_CHARS", "MAX_NESTING",
           "MAX_READ_WORK", "MAX_RANGE"]

MAX_QUERY_CHARS = 20_000  # a hand-written query is rarely over 3,000; long values belong in $parameters
MAX_NESTING = 12  # FalkorDB reads 12 levels in ~10 ms and each further level doubles it (docs/queries.md)
MAX_READ_WORK = 2 ** 16  # sum of 2**level over the tokens: ~150 ms of FalkorDB parsing at most
MAX_RANGE = 10_000_000  # numbers one literal range() may build: 160 MB in FalkorDB, built before any limit
_OPENERS, _CLOSERS = "([{", ")]}"
_OPERATOR_WORDS = {"NOT", "AND", "OR", "XOR", "IN", "CONTAINS", "RETURN", "WITH", "WHERE", "WHEN", "THEN",
                   "ELSE", "UNWIND", "SKIP", "LIMIT", "BY", "DISTINCT", "YIELD", "SET", "CASE", "AS"}


def _operand_end(token: Token | None) -> bool:
    """Whether ``token`` ends an operand, so that a ``-`` or ``+`` after it is binary."""
    if token is None:
        return False
    if token.kind == PUNCT:
        return token.value in _CLOSERS
    return not (token.kind == WORD and token.key in _OPERATOR_WORDS)


def _prefix_operator(token: Token, before: Token | None) -> bool:
    if token.is_word("NOT"):
        return not (before is not None and before.is_word("IS"))  # IS NOT NULL is one operator
    return token.is_punct("-", "+") and not _operand_end(before)


def nesting(toks: Sequence[Token]) -> tuple[int, int]:
    """The deepest nesting level of the tokens and the work of reading them (sum of 2**level).

    A bracket, ``CASE ... END`` and each prefix operator add a level; an operator right
    before a bracket makes that bracket two levels.

    >>> from graph.queries.tokens import tokens
    >>> nesting(list(tokens("RETURN ((1))"))), nesting(list(tokens("RETURN -(-(1))")))[0]
    ((2, 14), 4)
    >>> nesting(list(tokens("MATCH (a)-[:R]->(b) WHERE NOT a.x IS NOT NULL RETURN a")))[0]
    1
    """
    stack: list[tuple[int, str]] = []  # each open level's weight, and the kind of token that opened it
    level = run = deepest = work = 0
    before: Token | None = None
    for i, token in enumerate(toks):
        if closes(toks, i, stack[-1][1] if stack else None):
            level, run = level - stack.pop()[0], 0
        elif opens(toks, i):
            stack.append((1 + run, token.kind))
            level, run = level + 1 + run, 0
        elif _prefix_operator(token, before):
            run += 1
        else:
            run = 0
        deepest = max(deepest, level + run)
        work += 2 ** min(level + run, 62)
        before = token
    return deepest, work


def check_length(text: str) -> None:
    """Refuse a query too long to read quickly (checked before anything else reads it)."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryNotAllowed(f"The query is {len(text):,} characters long and ptgraph runs queries of at "
                              f"most {MAX_QUERY_CHARS:,}: put long lists and texts in parameters instead.")


def check_cost(text: str, toks: Sequence[Token], params: dict[str, Any]) -> None:
    """Refuse a query the database would take too long to read or could not stop in time."""
    check_length(text)
    deepest, work = nesting(toks)
    if deepest > MAX_NESTING:
        raise QueryNotAllowed(f"The query nests brackets and operators {deepest} levels deep and ptgraph "
                              f"runs queries nested at most {MAX_NESTING} deep, because the embedded "
                              "database takes twice as long to read each further level.")
    if work > MAX_READ_WORK:
        raise QueryNotAllowed("The query has too many deeply nested parts for the database to read quickly: "
                              "simplify it, or split it into several queries.")
    _check_statements(toks)
    _check_ranges(toks, params)


def _check_statements(toks: Sequence[Token]) -> None:
    if any(token.is_punct(";") for token in toks[:-1]):
        raise QueryNotAllowed("The query holds more than one statement (after a ';'): run one at a time.")


def _int_value(toks: Sequence[Token], params: dict[str, Any]) -> int | None:
    """The integer that ``toks`` spell (a literal, a negated one, or an integer $parameter)."""
    sign = -1 if len(toks) == 2 and toks[0].is_punct("-") else 1
    single = toks[-1] if len(toks) == 1 or sign < 0 else None
    if single is None:
        return None
    if single.kind == NUMBER:
        try:
            return sign * int(single.value, 0)
        except ValueError:
            return None
    value = params.get(single.value) if single.kind == PARAM else None
    return sign * value if isinstance(value, int) and not isinstance(value, bool) else None


def _arguments(toks: Sequence[Token], start: int) -> list[list[Token]] | None:
    """The comma-separated arguments of the call whose ``(`` is at ``start``."""
    args: list[list[Token]] = [[]]
    depth = 0
    for token in toks[start + 1:]:
        if token.is_punct(*_OPENERS):
            depth += 1
        elif token.is_punct(*_CLOSERS):
            if depth == 0:
                return args
            depth -= 1
        if depth == 0 and token.is_punct(","):
            args.append([])
        else:
            args[-1].append(token)
    return None


def _range_size(args: list[list[Token]], params: dict[str, Any]) -> int | None:
    bounds = [_int_value(a, params) for a in args]
    if len(bounds) not in (2, 3) or None in bounds:
        return None
    start, end, step = bounds[0], bounds[1], bounds[2] if len(bounds) == 3 else 1
    assert start is not None and end is not None and step is not None
    if step == 0:
        return None  # the database reports it
    return max(0, (end - start) // step + 1)


def _check_ranges(toks: Sequence[Token], params: dict[str, Any]) -> None:
    for i, token in enumerate(toks[:-1]):
        if not (token.is_word("RANGE") and toks[i + 1].is_punct("(")) or (i and toks[i - 1].is_punct(".")):
            continue
        args = _arguments(toks, i + 1)
        size = _range_size(args, params) if args else None
        if size is not None and size > MAX_RANGE:
            raise QueryNotAllowed(f"range() here would build {size:,} numbers at once, before any time limit "
                                  f"can stop it, and ptgraph allows at most {MAX_RANGE:,} in one range().")


def _qualified_name(toks: Sequence[Token], start: int) -> tuple[str, int]:
    """The dotted name starting at ``start`` (backtick parts unquoted) and the index after it.

    Comments and spaces around the dots are already gone, as the database ignores them too.
    """
    parts, i = [toks[start].value], start + 1
    while i + 1 < len(toks) and toks[i].is_punct(".") and toks[i + 1].kind in (WORD, NAME):
        parts.append(toks[i + 1].value)
        i += 2
    return ".".join(parts), i


def _at_statement_start(toks: Sequence[Token], i: int) -> bool:
    before = toks[i - 1] if i else None
    return before is None or before.is_punct(";", "{", "}") or before.is_word("UNION", "ALL")


def check_private(toks: Sequence[Token]) -> None:
    """Refuse, on a read-only path, whatever could read or send data outside the graph."""
    for i, token in enumerate(toks):
        before = toks[i - 1] if i else None
        after = toks[i + 1] if i + 1 < len(toks) else None
        if token.is_word("LOAD") and after is not None and after.is_word("CSV"):
            raise QueryNotAllowed(policy.LOAD_CSV_REFUSAL)
        if token.kind not in (WORD, NAME) or before is not None and before.is_punct("."):
            continue  # a later part of a dotted name was read with its first part
        name, end = _qualified_name(toks, i)
        called = end < len(toks) and toks[end].is_punct("(")
        if before is not None and before.is_word("CALL"):
            policy.check_procedure(name)
        elif called and "." in name:
            policy.check_function(name)
        elif token.kind == WORD and _at_statement_start(toks, i) and not _is_map_key(after):
            policy.check_command(token, toks[i + 1:i + 4])


def _is_map_key(after: Token | None) -> bool:
    return after is not None and after.is_punct(":")
