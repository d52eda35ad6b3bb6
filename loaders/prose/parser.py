"""Annotated prose in: the CMOC marks and attributed quotes of a realist report, as a draft review.

Realist reports mark configurations inline: "… accept that it is part of their role
(context), then … a more satisfying first contact (mechanism – resource)" (also
``[context]``, ``(mechanism resource)``, ``(outcomes)``, ``(proximal outcome)``,
``(intermediary outcome)``, ``(distal outcome)``), and attribute quotes on a line of their
own ("SP22, Case Study C", "P28, (Carer) Case Study A") or inline
("‘friendly, non-judgemental’ (SP92, Case Study B)"). :func:`parse_prose` finds them with
their locators (the section heading and the paragraph after it, as docs/package-format.md
counts them); :func:`draft_package` makes a package of them for a person to review. The
text of every element and quote is the source's own, cut at the marks, never reworded;
whatever the parser cannot settle becomes a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.schema import OUTCOME_LEVELS

__all__ = [
    "Mark",
    "DraftCMOC",
    "DraftQuote",
    "ProseDraft",
    "parse_prose",
    "chapter_lines",
    "HEADING",
    "ROLE_PREFIXES",
]

HEADING = re.compile(
    r"^(chapter \d+\b.*|(refined |initial |candidate )?programme theor(y \d+\b.*|ies\b.*)"
    r"|finalisation of the programme theories|summary|appendix \d+\b.*)$",
    re.I,
)
# speaker-code prefixes: RECO's SP… staff, P… service users (carers say "(Carer)")
ROLE_PREFIXES = {"SP": "staff", "P": "service_user"}
_MARK = re.compile(
    r"[(\[]\s*(?P<mark>context|mechanisms?\s*(?:[–—-]\s*)?(?:resources?|responses?)(?:\s*\d)?|mechanisms?"
    r"|(?P<level>proximal|intermediary|intermediate|distal)?\s*outcomes?)\s*[)\]]",
    re.I,
)
_SPEAKER = re.compile(
    r"^(?P<speaker>[A-Z]{1,3}\d{1,4})(?:\s*,\s*(?:(?P<detail>[a-z][a-z ]*),\s*)?|\s+)"
    r"(?:\((?P<role>[A-Za-z ]+)\)\s*)?(?P<site>(?:Case [Ss]tudy|Site)\s+\w+)\s*$"
)
_INLINE = re.compile(
    r"‘(?P<quote>[^‘]+?)’(?=[\s,.;:)\]]|$)\s*[(\[](?P<who>[A-Z]{1,3}\d{1,4}[^()\[\]]*"
    r"(?:\([^()]*\)[^()\[\]]*)*)[)\]]"
)
_TABLE_ROW = re.compile(r"^(?P<title>[^|]{1,200}?)\s*\|\s*(?P<statement>.+?)\s*\|?\s*$")
_TABLE_NAME = re.compile(r"\b(Table \d+)\b")
_THEORY_NUMBER = re.compile(r"(?:programme theory|\bPT)\s*(\d+)\b", re.I)
_ABBREVIATIONS = ("e.g", "i.e", "etc", "vs", "cf", "al", "approx")


@dataclass(frozen=True)
class Mark:
    """One marked element: the role its mark names and the source's words before the mark."""

    role: str  # context, mechanism, resource, response or outcome
    text: str
    section: str
    paragraph: int | None
    line: int
    level: str | None = None


@dataclass
class DraftCMOC:
    theory: str
    section: str
    paragraph: int | None
    text: str
    line: int
    marks: list[Mark] = field(default_factory=list)
    table: bool = False


@dataclass(frozen=True)
class DraftQuote:
    text: str
    speaker: str
    role: str
    site: str
    section: str
    paragraph: int | None
    line: int
    inline: bool = False


@dataclass
class ProseDraft:
    cmocs: list[DraftCMOC] = field(default_factory=list)
    quotes: list[DraftQuote] = field(default_factory=list)
    theories: dict[str, str] = field(default_factory=dict)  # theory key -> heading
    notes: list[tuple[str, int | None, int, str]] = field(
        default_factory=list
    )  # section, paragraph, line, text

    @property
    def marks(self) -> list[Mark]:
        return [m for c in self.cmocs for m in c.marks]


def chapter_lines(text: str, chapter: int | None = None) -> list[tuple[int, str]]:
    """``(line number, line)`` of the whole text, or of one chapter (its heading to the next).

    >>> chapter_lines("Chapter 1\\na\\nChapter 2\\nb", 2)
    [(3, 'Chapter 2'), (4, 'b')]
    >>> chapter_lines("fine\\nbro\\x00ken")
    Traceback (most recent call last):
    ...
    ValueError: line 2 holds a NUL character (\\0), which the stores cannot keep: remove it
    """
    numbered = list(enumerate(text.splitlines(), start=1))
    broken = next((number for number, line in numbered if "\x00" in line), None)
    if broken is not None:  # checked here, before any draft is built from the text
        raise ValueError(f"line {broken} holds a NUL character (\\0), which the stores cannot keep: "
                         "remove it")
    if chapter is None:
        return numbered
    start = next(
        (i for i, (_, line) in enumerate(numbered) if re.match(rf"chapter {chapter}\b", line, re.I)), None
    )
    if start is None:
        raise ValueError(f"no line starting 'Chapter {chapter}'")
    end = next(
        (i for i, (_, line) in enumerate(numbered) if i > start and re.match(r"chapter \d+\b", line, re.I)),
        len(numbered),
    )
    return numbered[start:end]


def _role(mark: str) -> str:
    words = re.sub(r"[^a-z]+", " ", mark.casefold()).split()
    if words[0] == "context":
        return "context"
    if words[0].startswith("outcome") or words[-1].startswith("outcome"):
        return "outcome"
    if any(w.startswith("resource") for w in words):
        return "resource"
    if any(w.startswith("response") for w in words):
        return "response"
    return "mechanism"


def _level(word: str | None) -> str | None:
    if not word:
        return None
    word = word.casefold()
    return "intermediate" if word == "intermediary" else word if word in OUTCOME_LEVELS else None


def _sentence_start(text: str, end: int) -> int:
    """Where the sentence holding ``end`` begins (a full stop followed by a space ends one)."""
    for match in reversed(list(re.finditer(r"[.?!]['’”]?\s+(?=[A-Z‘“\[(])", text[:end]))):
        before = text[: match.start()].rsplit(" ", 1)[-1].casefold().rstrip(".")
        if before not in _ABBREVIATIONS:
            return match.end()
    return 0


_LEADING = re.compile(
    r"^[\s,;:–—-]*(?:and |or |but |then |which |that |so |as |while |thus |leading to |"
    r"this (?:will|would) (?:lead|result) (?:to|in) )?",
    re.I,
)


def _element_text(text: str, start: int, end: int) -> str:
    """The words between ``start`` and a mark, without the joining words and punctuation at their ends."""
    span = text[start:end]
    cut = _LEADING.match(span)
    span = span[cut.end() :] if cut else span
    return span.strip(" ,;:–—-")


def _marks(text: str, section: str, paragraph: int | None, line: int, draft: ProseDraft) -> list[Mark]:
    found: list[Mark] = []
    previous = 0
    for match in _MARK.finditer(text):
        start = max(previous, _sentence_start(text, match.start()))
        words = _element_text(text, start, match.start())
        previous = match.end()
        role = _role(match.group("mark"))
        if not words:
            draft.notes.append(
                (
                    section,
                    paragraph,
                    line,
                    f"the mark {match.group(0)!r} has no words of its own "
                    "before it (it follows another mark): not taken as an element",
                )
            )
            continue
        found.append(Mark(role, words, section, paragraph, line, _level(match.group("level"))))
    return found


_STAGE = {"context": 0, "mechanism": 1, "resource": 1, "response": 2, "outcome": 3}


def _configurations(marks: list[Mark]) -> list[list[Mark]]:
    """Marks of one paragraph as configurations: a new one starts when the marks step back a stage."""
    groups: list[list[Mark]] = []
    for mark in marks:
        if not groups or _STAGE[mark.role] < _STAGE[groups[-1][-1].role]:
            groups.append([])
        groups[-1].append(mark)
    return groups


def _speaker(line: str, prefixes: dict[str, str]) -> tuple[str, str, str] | None:
    match = _SPEAKER.match(line.strip())
    if not match or len(line) > 80:
        return None
    speaker = match.group("speaker")
    given = (match.group("role") or "").strip().casefold().replace(" ", "_")
    prefix = re.match(r"[A-Z]+", speaker).group(0)  # type: ignore[union-attr]
    return speaker, given or prefixes.get(prefix, ""), match.group("site")


def _inline_quotes(
    text: str, section: str, paragraph: int | None, line: int, prefixes: dict[str, str], draft: ProseDraft
) -> None:
    for match in _INLINE.finditer(text):
        for who in match.group("who").split(";"):
            found = _speaker(who.strip(), prefixes)
            if found is None:
                draft.notes.append(
                    (
                        section,
                        paragraph,
                        line,
                        f"the attribution {who.strip()!r} of "
                        f"‘{match.group('quote')[:40]}…’ is not a speaker and site: not taken",
                    )
                )
                continue
            draft.quotes.append(
                DraftQuote(match.group("quote"), *found, section, paragraph, line, inline=True)
            )


@dataclass
class _Place:
    section: str = ""
    paragraph: int = 0
    theory: str = ""
    table: str = "Table"


def _theory(heading: str, draft: ProseDraft, *, is_heading: bool = True) -> str:
    """The theory a heading (or a table row's title) names; a section heading's words win."""
    number = _THEORY_NUMBER.search(heading)
    key = f"pt{number.group(1)}" if number else heading
    if is_heading or key not in draft.theories:
        draft.theories[key] = heading
    return key


def parse_prose(lines: list[tuple[int, str]], prefixes: dict[str, str] | None = None) -> ProseDraft:
    """Every marked configuration and attributed quote of ``lines`` (``(number, text)`` pairs)."""
    prefixes = prefixes or ROLE_PREFIXES
    draft = ProseDraft()
    place = _Place()
    previous: tuple[int, str, int] | None = None  # the last paragraph: line, text, paragraph
    for number, raw in lines:
        text = raw.strip()
        if not text:
            continue
        if HEADING.match(text) and len(text) < 250:
            place = _Place(text, 0, _theory(text, draft) if _THEORY_NUMBER.search(text) else "", place.table)
            previous = None
            continue
        place.paragraph += 1
        speaker = _speaker(text, prefixes)
        if speaker is not None:
            if previous is None:
                draft.notes.append(
                    (
                        place.section,
                        place.paragraph,
                        number,
                        f"the attribution {text!r} follows no quote: not taken",
                    )
                )
            else:
                draft.quotes.append(
                    DraftQuote(previous[1], *speaker, place.section, previous[2], previous[0])
                )
            previous = None
            continue
        table = _TABLE_ROW.match(text) if "|" in text else None
        if table:
            theory = _theory(table.group("title"), draft, is_heading=False)
            cmoc = DraftCMOC(theory, place.table, None, table.group("statement"), number, table=True)
            cmoc.marks = _marks(cmoc.text, place.table, None, number, draft)
            draft.cmocs.append(cmoc)
            continue
        named = _TABLE_NAME.findall(text)
        if named:
            place.table = named[-1]
        for group in _configurations(_marks(text, place.section, place.paragraph, number, draft)):
            draft.cmocs.append(DraftCMOC(place.theory, place.section, place.paragraph, text, number, group))
        _inline_quotes(text, place.section, place.paragraph, number, prefixes, draft)
        previous = (number, text, place.paragraph)
    return draft
