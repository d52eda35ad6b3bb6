"""How well the prose parser reads a report: its marks and quotes against a curated package.

**CMOC elements.** A curated element (a CMOC's context, resource, response or outcome, with
its wording) is *found* when the parser marked an element of the same role in the same
section and paragraph (for a table row: the same theory) whose words contain at least half
of the curated wording's words; a parsed element is *right* when it so contains some curated
element. An undivided "(mechanism)" mark counts for a resource or a response. **Quote
attribution.** A parsed quote matches a curated one when one text contains the other (words,
any case and spacing); it is *right* when its speaker, role and site are the curated ones.
Precision is right over parsed, recall found-and-right over curated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.package import ReviewPackage
from loaders.prose.parser import Mark, ProseDraft

__all__ = ["Score", "ProseScores", "evaluate_prose", "MIN_OVERLAP"]

MIN_OVERLAP = 0.5
_STOP = frozenset(
    (
        "a",
        "an",
        "the",
        "of",
        "to",
        "and",
        "or",
        "in",
        "on",
        "for",
        "with",
        "by",
        "as",
        "at",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "that",
        "this",
        "their",
        "they",
        "it",
        "its",
        "from",
        "will",
        "would",
        "can",
        "could",
        "which",
        "who",
    )
)


@dataclass(frozen=True)
class Score:
    right: int
    parsed: int
    found: int
    curated: int

    @property
    def precision(self) -> float:
        return self.right / self.parsed if self.parsed else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.curated if self.curated else 0.0

    def line(self, what: str) -> str:
        return (
            f"{what}: precision {self.precision:.2f} ({self.right} of {self.parsed} parsed), "
            f"recall {self.recall:.2f} ({self.found} of {self.curated} curated)"
        )


@dataclass(frozen=True)
class ProseScores:
    elements: Score
    by_role: dict[str, Score]
    quotes: Score
    quotes_by_text: Score  # matched on their words alone, whatever the attribution

    def report(self) -> list[str]:
        lines = [self.elements.line("CMOC elements")]
        lines += [self.by_role[role].line(f"  {role}") for role in self.by_role]
        lines += [self.quotes.line("quote attribution"), self.quotes_by_text.line("  quotes by text alone")]
        return lines


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.casefold().replace("’", "'")) if w not in _STOP}


def _contains(parsed: str, curated: str) -> bool:
    wanted = _words(curated)
    return bool(wanted) and len(wanted & _words(parsed)) / len(wanted) >= MIN_OVERLAP


def _same_role(parsed: str, curated: str) -> bool:
    return parsed == curated or (parsed == "mechanism" and curated in ("resource", "response"))


def _curated_elements(curated: ReviewPackage, sections: set[str]) -> list[tuple[tuple, str, str]]:
    found = []
    for cmoc in curated.cmocs:
        if cmoc.section not in sections:
            continue
        place = (cmoc.section, cmoc.paragraph if cmoc.paragraph is not None else cmoc.theory)
        for role in ("context", "mechanism", "resource", "response", "outcome"):
            found += [(place, role, e.wording) for e in getattr(cmoc, role) if e.wording]
    return found


def _parsed_elements(draft: ProseDraft) -> list[tuple[tuple, Mark]]:
    return [
        ((c.section, c.paragraph if c.paragraph is not None else c.theory), m)
        for c in draft.cmocs
        for m in c.marks
    ]


def _element_score(parsed: list[tuple[tuple, Mark]], curated: list[tuple[tuple, str, str]]) -> Score:
    def hit(p: tuple[tuple, Mark], c: tuple[tuple, str, str]) -> bool:
        return p[0] == c[0] and _same_role(p[1].role, c[1]) and _contains(p[1].text, c[2])

    right = sum(any(hit(p, c) for c in curated) for p in parsed)
    found = sum(any(hit(p, c) for p in parsed) for c in curated)
    return Score(right, len(parsed), found, len(curated))


def _text(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold().replace("’", "'")))


def evaluate_prose(draft: ProseDraft, curated: ReviewPackage) -> ProseScores:
    """Precision and recall of the draft's CMOC elements and quote attributions against ``curated``."""
    sections = {c.section for c in draft.cmocs} | {q.section for q in draft.quotes}
    parsed, wanted = _parsed_elements(draft), _curated_elements(curated, sections)
    by_role = {}
    for role in ("context", "resource", "response", "outcome"):
        by_role[role] = _element_score(
            [p for p in parsed if p[1].role == role or (role == "resource" and p[1].role == "mechanism")],
            [c for c in wanted if c[1] == role],
        )
    sites = {s.id: s.name for s in curated.sites}
    gold = [e for e in curated.evidence if e.kind in ("quote", "focus_group") and e.section in sections]

    def same_text(q, e) -> bool:
        a, b = _text(q.text), _text(e.text)
        return bool(a and b) and (a in b or b in a)

    def attributed(q, e) -> bool:
        return same_text(q, e) and (q.speaker.casefold(), q.role, q.site.casefold()) == (
            e.speaker.casefold(),
            e.role,
            sites.get(e.site or "", "").casefold(),
        )

    quotes = Score(
        sum(any(attributed(q, e) for e in gold) for q in draft.quotes),
        len(draft.quotes),
        sum(any(attributed(q, e) for q in draft.quotes) for e in gold),
        len(gold),
    )
    by_text = Score(
        sum(any(same_text(q, e) for e in gold) for q in draft.quotes),
        len(draft.quotes),
        sum(any(same_text(q, e) for q in draft.quotes) for e in gold),
        len(gold),
    )
    return ProseScores(_element_score(parsed, wanted), by_role, quotes, by_text)
