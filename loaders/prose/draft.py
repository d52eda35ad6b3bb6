"""A draft review package from parsed prose (:mod:`loaders.prose.parser`), for a person to review.

Each marked configuration becomes a CMOC (the marks a paragraph does not make are listed as
missing, with why), each marked span a concept named by the source's own words, each
attributed quote a verbatim evidence item supporting the nearest configuration before it in
its section. Marks that make no CMOC (no mechanism among them) and everything the parser
could not settle are notes, so nothing is silently dropped or guessed.
"""

from __future__ import annotations

import re

from graph.extraction import short_hash, slug
from graph.models import CMOC, CaseSite, Concept, Element, Evidence, Note, Review, Term, Theory
from graph.naming import source_label
from graph.package import ReviewPackage
from graph.schema import Role
from loaders.prose.parser import DraftCMOC, DraftQuote, ProseDraft

__all__ = ["draft_package"]

_MECHANISMS = ("mechanism", "resource", "response")


class _Builder:
    def __init__(self, draft: ProseDraft) -> None:
        self.draft = draft
        self.theories: dict[str, Theory] = {}
        self.concepts: dict[str, Concept] = {}
        self.notes: list[Note] = []
        self.cmocs: list[tuple[DraftCMOC, CMOC]] = []

    def theory(self, key: str) -> str:
        key = key or "unassigned"
        tid = key if re.match(r"^pt\d+$", key) else f"pt-{slug(key, 40)}"
        if tid not in self.theories:
            number = re.match(r"^pt(\d+)$", tid)
            name = self.draft.theories.get(key, "Outside any programme theory section")
            self.theories[tid] = Theory(id=tid, name=name, number=int(number.group(1)) if number else None)
        return tid

    def concept(self, text: str, role: str) -> str:
        base = slug(text)
        cid = (
            base
            if self.concepts.get(base, None) in (None,) or self.concepts[base].name == text
            else f"{base}-{short_hash(text)}"
        )
        self.concepts.setdefault(cid, Concept(id=cid, kind=Role(role), name=text))
        return cid

    def note(self, about: str, text: str, section: str, paragraph: int | None) -> None:
        self.notes.append(
            Note(
                id=f"note-{len(self.notes) + 1:03d}",
                kind="curation",
                about=[about],
                text=text,
                section=section,
                paragraph=paragraph,
            )
        )


def _cmoc(b: _Builder, found: DraftCMOC, index: int) -> CMOC | None:
    tid = b.theory(found.theory)
    roles = [m.role for m in found.marks]
    where = "its table row" if found.table else f"paragraph {found.paragraph}"
    if not any(r in _MECHANISMS for r in roles):
        b.note(
            tid,
            f"{where} marks {', '.join(dict.fromkeys(roles))} but no mechanism, so it states no CMOC: "
            f"{'; '.join(repr(m.text[:60]) for m in found.marks)}",
            found.section,
            found.paragraph,
        )
        return None
    split = any(r in ("resource", "response") for r in roles)
    elements: dict[str, list[Element]] = {}
    for mark in found.marks:
        role = "response" if split and mark.role == "mechanism" else mark.role
        level = mark.level if role == "outcome" else None
        concept = b.concept(mark.text, role)
        elements.setdefault(role, []).append(
            Element.model_validate({"concept": concept, "wording": mark.text, "level": level})
        )
    wanted = ("context", "resource", "response", "outcome") if split else ("context", "mechanism", "outcome")
    missing = [r for r in wanted if r not in elements]
    cid = f"{tid}-table" if found.table else f"{tid}-p{found.paragraph}" + (f"-{index}" if index else "")
    first = next(m.text for m in found.marks if m.role in _MECHANISMS)
    return CMOC.model_validate(
        {
            "id": cid,
            "theory": tid,
            "name": f"{'Table' if found.table else 'Paragraph ' + str(found.paragraph)}: {first[:100]}",
            "source": "synthesis" if found.table else "extraction",
            "section": found.section,
            "paragraph": found.paragraph,
            "text": found.text,
            **elements,
            "missing": missing,
            "missing_reason": "not marked in the source: " + ", ".join(missing) if missing else "",
        }
    )


def _supported(b: _Builder, quote: DraftQuote) -> str | None:
    """The nearest configuration before the quote in its section, else the first after it."""
    same = [(d, c) for d, c in b.cmocs if d.section == quote.section and not d.table]
    before = [c for d, c in same if d.line <= quote.line]
    after = [c for d, c in same if d.line > quote.line]
    chosen = before[-1] if before else after[0] if after else None
    return chosen.id if chosen else None


def _evidence(b: _Builder, sites: dict[str, CaseSite], roles: dict[str, str]) -> list[Evidence]:
    items = []
    for i, quote in enumerate(b.draft.quotes, start=1):
        cmoc = _supported(b, quote)
        if cmoc is None:
            b.note(
                b.theory(""),
                f"the quote ‘{quote.text[:60]}…’ ({quote.speaker}) has no marked configuration in "
                "its section to support: not taken",
                quote.section,
                quote.paragraph,
            )
            continue
        role = quote.role or "participant"
        roles.setdefault(role, source_label(role))  # 'Service users', as the explorer names them
        site = "site-" + slug(quote.site, 30)
        sites.setdefault(site, CaseSite(id=site, name=quote.site))
        how = "inline" if quote.inline else "block"
        items.append(
            Evidence(
                id=f"q{i:03d}-{slug(quote.speaker, 10)}",
                kind="quote",
                text=quote.text,
                speaker=quote.speaker,
                role=role,
                site=site,
                section=quote.section,
                paragraph=quote.paragraph,
                supports=[cmoc],
                note=f"{how} quote; the parser linked it to {cmoc}, the nearest marked "
                "configuration before it: check",
            )
        )
    return items


def draft_package(draft: ProseDraft, review: Review) -> ReviewPackage:
    """The draft as a package that validates; every judgement the parser made is noted on it."""
    b = _Builder(draft)
    per_paragraph: dict[tuple[str, int | None, int], int] = {}
    for found in draft.cmocs:
        key = (found.section, found.paragraph, found.line)
        index = per_paragraph.get(key, 0)
        cmoc = _cmoc(b, found, index)
        per_paragraph[key] = index + 1
        if cmoc is not None:
            b.cmocs.append((found, cmoc))
    sites: dict[str, CaseSite] = {}
    roles: dict[str, str] = {}
    evidence = _evidence(b, sites, roles)
    for section, paragraph, _line, text in draft.notes:
        theory = next((k for k, v in draft.theories.items() if v == section), "")
        b.note(b.theory(theory), text, section, paragraph)
    vocabulary = [Term(id=k, name=v) for k, v in roles.items()]
    return ReviewPackage(
        review=review.model_copy(update={"roles": vocabulary, "source_types": vocabulary}),
        theories=list(b.theories.values()),
        concepts=list(b.concepts.values()),
        cmocs=[c for _, c in b.cmocs],
        evidence=evidence,
        sites=list(sites.values()),
        notes=b.notes,
    )
