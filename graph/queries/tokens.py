"""Cypher text as tokens: words, names, strings, numbers, parameters and punctuation.

The checks in :mod:`graph.queries.guard` and the row limit in :mod:`graph.queries.limits` read
a user's query as the database's lexer would, so that a keyword inside a string literal or a
comment is not taken for code, while comments, odd case, backtick-quoted names and Unicode
lookalikes (fullwidth letters, non-breaking spaces, dashes) do not hide code from them.
Where Cypher dialects differ, the reading that finds more code wins: any Unicode space or
format character separates tokens, and every Unicode dash is read as ``-``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

__all__ = ["Token", "tokens", "opens", "closes", "depths", "WORD", "NAME", "STRING", "NUMBER", "PARAM",
           "PUNCT"]

WORD, NAME, STRING, NUMBER, PARAM, PUNCT = "word", "name", "string", "number", "param", "punct"
_DASHES = {"\u2212", "\ufe63", "\uff0d"}  # minus sign, small and fullwidth hyphen-minus (besides Pd)


@dataclass(frozen=True)
class Token:
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

    @property
    def key(self) -> str:
        return self.value.upper() if self.kind == WORD else ""

    def is_word(self, *words: str) -> bool:
        """Whether this is one of the keywords ``words`` (given in capitals), in any case."""
        return self.kind == WORD and self.key in words

    def is_punct(self, *marks: str) -> bool:
        return self.kind == PUNCT and self.value in marks


def _separates(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Zs", "Zl", "Zp", "Cf", "Cc")


def _word_char(ch: str) -> bool:
    return ch == "_" or unicodedata.category(ch)[0] in "LNM"


def _punct(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    if ch in _DASHES or unicodedata.category(ch) == "Pd" or folded in ("-", "\u2212"):
        return "-"
    return folded[:1] or ch


def _closing(text: str, start: int, quote: str) -> int:
    """The end of the quoted run opening at ``start`` (its length if it never closes)."""
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\" and quote != "`":
            i += 2
            continue
        if ch == quote:
            if quote == "`" and text.startswith("``", i):  # a doubled backtick is an escaped one
                i += 2
                continue
            return i + 1
        i += 1
    return len(text)


def _comment_end(text: str, start: int) -> int:
    if text.startswith("//", start):
        newline = text.find("\n", start)
        return len(text) if newline < 0 else newline
    close = text.find("*/", start + 2)
    return len(text) if close < 0 else close + 2


def _run(text: str, start: int, accept: Callable[[str], bool]) -> int:
    i = start
    while i < len(text) and accept(text[i]):
        i += 1
    return i


def _number_end(text: str, start: int) -> int:
    i = _run(text, start, _word_char)  # 12, 0x1F, 1e5, 12abc (an error the database reports)
    if text.startswith(".", i) and i + 1 < len(text) and text[i + 1].isdigit():
        i = _run(text, i + 1, _word_char)
    if text[i - 1:i] in ("e", "E") and text[i:i + 1] in ("+", "-"):
        i = _run(text, i + 1, str.isdigit)
    return i


def _unquoted(text: str) -> str:
    return text[1:-1].replace("``", "`") if len(text) > 1 and text.endswith("`") else text[1:]


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text``, comments and spaces left out.

    >>> [(t.kind, t.value) for t in tokens("ｌｏａｄ /* CSV */ `a``b` 'CREATE' $p\\u00a0—1 // x")]
    [('word', 'load'), ('name', 'a`b'), ('string', 'CREATE'), ('param', 'p'), ('punct', '-'), ('number', '1')]
    """
    i = 0
    while i < len(text):
        ch = text[i]
        if _separates(ch):
            i += 1
            continue
        if text.startswith(("//", "/*"), i):
            i = _comment_end(text, i)
            continue
        kind, end = _kind_and_end(text, i)
        raw = text[i:end]
        yield Token(kind, raw, i, end, _value(kind, raw))
        i = end


def _kind_and_end(text: str, i: int) -> tuple[str, int]:
    ch = text[i]
    if ch in "'\"`":
        return (NAME if ch == "`" else STRING), _closing(text, i, ch)
    if ch == "$":
        after = text[i + 1:i + 2]
        if after == "`":
            return PARAM, _closing(text, i + 1, "`")
        if after and _word_char(after):
            return PARAM, _run(text, i + 1, _word_char)
        return PUNCT, i + 1
    if ch.isdigit():
        return NUMBER, _number_end(text, i)
    if _word_char(ch):
        return WORD, _run(text, i, _word_char)
    return PUNCT, i + 1


def _value(kind: str, raw: str) -> str:
    if kind == WORD:
        return unicodedata.normalize("NFKC", raw)
    if kind == NAME:
        return _unquoted(raw)
    if kind == STRING:
        return raw[1:-1] if len(raw) > 1 and raw[-1] == raw[0] else raw[1:]
    if kind == PARAM:
        return _unquoted(raw[1:]) if raw.startswith("$`") else raw[1:]
    if kind == PUNCT:
        return _punct(raw)
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
