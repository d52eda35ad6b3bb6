"""Database errors on a user's query as one plain sentence each, the same on both stores.

FalkorDB answers ``errMsg: Invalid input 'X': expected ... line: 1, column: 10, offset: 9
errCtx: ... errCtxOffset: 9``; Neo4j a code and a message of several lines with a caret under
the query. People read a sentence saying what went wrong and where; the database's own
exception stays the ``__cause__`` (logged, never shown).
"""

from __future__ import annotations

import re
from typing import Any

from graph.errors import MissingParameters, QueryFailed, QueryTimedOut

__all__ = ["plain_error", "missing_parameters", "missing_message"]

_FALKOR_SYNTAX = re.compile(r"errMsg: (?P<what>.*?) line: (?P<line>\d+), column: (?P<column>\d+), "
                            r"offset: (?P<offset>\d+)", re.DOTALL)
_NEO4J_WHERE = re.compile(r"\s*\(line (?P<line>\d+), column (?P<column>\d+) \(offset: (?P<offset>\d+)\)\)")
_NEAR = re.compile(r"\S{1,30}")
_LONGEST = 300


def missing_message(names: list[str]) -> str:
    """The sentence for parameters the query uses and nobody gave.

    >>> missing_message(["review"])
    'The query uses $review but no value was given: add -p review=... (or "review" in the parameters box).'
    """
    used = " and ".join(f"${n}" for n in names)
    flags = " ".join(f"-p {n}=..." for n in names)
    boxed = ", ".join(f'"{n}"' for n in names)
    values = "value was" if len(names) == 1 else "values were"
    return f"The query uses {used} but no {values} given: add {flags} (or {boxed} in the parameters box)."


def missing_parameters(used: list[str], params: dict[str, Any] | None) -> MissingParameters | None:
    """The error for the ``used`` parameters that ``params`` lacks, or None."""
    names = [n for n in used if n not in (params or {})]
    return MissingParameters(missing_message(names), names) if names else None


def _near(text: str, offset: int, *, in_bytes: bool) -> str:
    if in_bytes:
        offset = len(text.encode()[:offset].decode(errors="ignore"))
    while 0 < offset < len(text) and (text[offset - 1].isalnum() or text[offset - 1] == "_"):
        offset -= 1  # FalkorDB points inside a misspelt word: quote all of it
    found = _NEAR.match(text, offset) if 0 <= offset < len(text) else None
    return f", near '{found.group(0)}'" if found else ""


def _where(line: str, column: str, near: str) -> str:
    return f"at line {line}, column {column}{near}"


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _LONGEST:
        text = text[:_LONGEST].rsplit(" ", 1)[0] + " …"
    return text if text.endswith((".", "…", "?")) else text + "."


def _syntax(what: str, where: str) -> str:
    if what.startswith("Invalid input") or what.startswith("Unexpected end of input"):
        return (f"The database could not read the query {where}: check the spelling there and that every "
                "bracket and quote is closed.")
    return _sentence(f"{what.rstrip('.')} ({where})")


def _falkor(message: str, text: str) -> str | None:
    found = _FALKOR_SYNTAX.search(message)
    if found:
        where = _where(found["line"], found["column"], _near(text, int(found["offset"]), in_bytes=True))
        return _syntax(found["what"].strip(), where)
    return None


def _neo4j(code: str, message: str, text: str) -> str | None:
    if code.endswith("ProcedureNotFound"):
        name = re.search(r"name `([^`]+)`", message)
        return f"The database has no procedure named {name[1] if name else 'like that'}."
    first = message.strip().splitlines()[0] if message.strip() else code
    found = _NEO4J_WHERE.search(first)
    if found:
        where = _where(found["line"], found["column"], _near(text, int(found["offset"]), in_bytes=False))
        return _syntax(_NEO4J_WHERE.sub("", first).strip(), where)
    return None


_KNOWN = (  # (pattern in the database's words, sentence)
    ("(?i)Query's mem consumption exceeded capacity|MemoryPoolOutOfMemory|memory pool",
     "The query needed more memory than one query may use, so the database stopped it: narrow it, "
     "for example with a LIMIT or by collecting fewer rows."),
    ("(?i)Max pending queries exceeded",
     "The database is busy with other people's queries right now: try again in a moment."),
    ("(?i)division by zero|/ by zero", "The query divides by zero."),
    ("Variable `([^`]+)` not defined|^'([^']+)' not defined",
     "The query uses {0} but nothing defines it: a MATCH, WITH or UNWIND must name it first."),
    ("(?i)Procedure `?([\\w.]+)`? is not registered", "The database has no procedure named {0}."),
    ("(?i)Unknown function '([^']+)'", "The database has no function named {0}."),
)


def _known(message: str) -> str | None:
    for pattern, sentence in _KNOWN:
        found = re.search(pattern, message)
        if found:
            return sentence.format(*(g for g in found.groups() if g is not None))
    return None


def plain_error(error: QueryFailed, text: str, params: dict[str, Any] | None, timeout_ms: int,
                used: list[str]) -> QueryFailed:
    """``error`` (raised by a store running ``text``) again, as one plain sentence."""
    cause = error.__cause__ or error
    code = str(getattr(cause, "code", "") or "")
    message = str(getattr(cause, "message", None) or cause)
    if "Missing parameters" in message or code.endswith("ParameterMissing"):
        named = re.search(r"Expected parameter\(s\): (.*)", message)
        given = params or {}
        names = [n.strip() for n in named[1].split(",")] if named else [n for n in used if n not in given]
        return MissingParameters(missing_message(names or ["(a parameter)"]), names)
    if "timed out" in message.lower() or "TransactionTimedOut" in code:
        return QueryTimedOut(f"The query ran past its time limit of {timeout_ms / 1000:g} s and the database "
                             "stopped it: narrow it (a LIMIT, fewer hops in *1..n patterns) or allow more "
                             "time.")
    sentence = _known(message) or (_neo4j(code, message, text) if code else _falkor(message, text))
    return type(error)(sentence or _sentence(_plain_words(message)))


def _plain_words(message: str) -> str:
    """The database's message without FalkorDB's context dump or Neo4j's query echo."""
    message = re.sub(r"^errMsg: |\s*errCtx: .*$", "", message.strip(), flags=re.DOTALL)
    first = message.splitlines()[0] if message else "The database reported an error"
    return _NEO4J_WHERE.sub("", first)
