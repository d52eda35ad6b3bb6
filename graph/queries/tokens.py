"""Cypher text as tokens: words, names, strings, numbers, parameters and punctuation.

The checks in :mod:`graph.queries.guard` and the row limit in :mod:`graph.queries.limits` read
a user's query as the database's lexer would, so that a keyword inside a string literal or a
comment is not taken for code, while comments, odd case, backtick-quoted names and Unicode
lookalikes (fullwidth letters, non-breaking spaces, dashes) do not hide code from them.
Where Cypher dialects differ, the reading that finds more code wins: any Unicode space or
format character separates tokens, and every Unicode dash is read as ``-``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import NamedTuple

__all__ = ["Token", "tokens", "opens", "closes", "depths", "WORD", "NAME", "STRING", "NUMBER", "PARAM",
           "PUNCT"]

WORD, NAME, STRING, NUMBER, PARAM, PUNCT = "word", "name", "string", "number", "param", "punct"
_DASHES = {"\u2212", "\ufe63", "\uff0d"}  # minus sign, small and fullwidth hyphen-minus (besides Pd)
_SEPARATORS = ("Zs", "Zl", "Zp", "Cf", "Cc")  # spaces, line and paragraph separators, format characters
_TOKEN = re.compile(r"""
     (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
    |(?P<string>'(?:\\.|[^'\\])*(?:'|\Z)|"(?:\\.|[^"\\])*(?:"|\Z))
    |(?P<name>`(?:``|[^`])*(?:`|\Z))
    |(?P<param>\$(?:`(?:``|[^`])*(?:`|\Z)|\w+))
    |(?P<number>\d\w*(?:\.\d\w*)?(?:(?<=[eE])[+-]\d+)?)
    |(?P<word>\w+)
    |(?P<space>\s+)
    |(?P<punct>.)
""", re.DOTALL | re.VERBOSE)


class Token(NamedTuple):
    """One token: its kind, its text as written, where it is, and its normalised value.

    ``value`` is what the database compares: a word after NFKC (so ``ｌｏａｄ`` is ``load``),
    a backtick name or a parameter without its quotes, a string's content, a punctuation mark
    with every dash as ``-``; ``key`` is a word's value in capitals, to compare with keywords.
    """

    kind: str
    text: str
    start: int
    end: int
    value: str
    key: str = ""

    def is_word(self, *words: str) -> bool:
        """Whether this is one of the keywords ``words`` (given in capitals), in any case."""
        return self.key in words if self.key else False

    def is_punct(self, *marks: str) -> bool:
        return self.kind == PUNCT and self.value in marks


def _punct(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    if ch in _DASHES or unicodedata.category(ch) == "Pd" or folded in ("-", "\u2212"):
        return "-"
    return folded[:1] or ch


def _unquoted(text: str) -> str:
    return text[1:-1].replace("``", "`") if len(text) > 1 and text.endswith("`") else text[1:]


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text``, comments and spaces left out.

    >>> [(t.kind, t.value) for t in tokens("ｌｏａｄ /* CSV */ `a``b` 'CREATE' $p\\u00a0—1 // x")]
    [('word', 'load'), ('name', 'a`b'), ('string', 'CREATE'), ('param', 'p'), ('punct', '-'), ('number', '1')]
    """
    for found in _TOKEN.finditer(text):
        kind, raw = found.lastgroup, found.group()
        if kind in ("comment", "space"):
            continue
        if kind == PUNCT and unicodedata.category(raw) in _SEPARATORS:
            continue  # a zero-width or other format character parts tokens like a space
        assert kind is not None
        value = _value(kind, raw)
        yield Token(kind, raw, found.start(), found.end(), value, value.upper() if kind == WORD else "")


def _value(kind: str, raw: str) -> str:
    if kind == WORD:
        return raw if raw.isascii() else unicodedata.normalize("NFKC", raw)
    if kind == NAME:
        return _unquoted(raw)
    if kind == STRING:
        return raw[1:-1] if len(raw) > 1 and raw[-1] == raw[0] else raw[1:]
    if kind == PARAM:
        return _unquoted(raw[1:]) if raw.startswith("$`") else raw[1:]
    if kind == PUNCT:
        return raw if raw.isascii() else _punct(raw)
    return raw


def _keyword_here(toks: Sequence[Token], i: int) -> bool:
    """Whether the word at ``i`` can be a keyword: not a property (``n.end``) nor a map key (``{end: 1}``)."""
    return not (i and toks[i - 1].is_punct(".")) and not (i + 1 < len(toks) and toks[i + 1].is_punct(":"))


def opens(toks: Sequence[Token], i: int) -> bool:
    """Whether token ``i`` opens a level: a bracket, or the keyword ``CASE``."""
    token = toks[i]
    return token.is_punct("(", "[", "{") or token.is_word("CASE") and _keyword_here(toks, i)


def closes(toks: Sequence[Token], i: int, open_kind: str | None) -> bool:
    """Whether token ``i`` closes the innermost open level, opened by a token of kind ``open_kind``."""
    token = toks[i]
    if open_kind == WORD:
        return token.is_word("END") and _keyword_here(toks, i)
    return open_kind is not None and token.is_punct(")", "]", "}")


def depths(toks: Sequence[Token]) -> list[int]:
    """Each token's nesting depth: brackets and ``CASE`` ... ``END`` (a closing token at its opener's).

    >>> [d for d in depths(list(tokens("RETURN CASE WHEN n.end THEN [1] END")))]
    [0, 0, 1, 1, 1, 1, 1, 1, 2, 1, 0]
    """
    out: list[int] = []
    stack: list[str] = []
    for i, token in enumerate(toks):
        if closes(toks, i, stack[-1] if stack else None):
            stack.pop()
        out.append(len(stack))
        if opens(toks, i):
            stack.append(token.kind)
    return out
