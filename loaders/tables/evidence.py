"""The evidence item of one table row: its kind, attribution, references and the CMOC it backs.

Rows that give the same ``evidence_id`` (or, without that column, the same quote, source,
page and participant) are one item supporting or challenging several CMOCs; they must then
say the same about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from graph.errors import Problem
from graph.extraction import AUTHOR_ROLES, EVIDENCE_KIND_WORDS, RELATIONS, lines, short_hash, slug, text_key
from graph.models import ID_PATTERN, ID_RULE, CaseSite, Reference
from graph.validation import did_you_mean
from loaders.tables.bibtex import BibEntry
from loaders.tables.cells import RowCells, choice, number, problem
from loaders.tables.companions import Companions

__all__ = ["Collected", "row_evidence", "check_sources"]

_COMPARED = ("kind", "text", "speaker", "role", "site", "page", "cites", "section", "paragraph", "note")


@dataclass
class Collected:
    """Everything the rows' evidence adds to the package, with where each item was first read."""

    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    sites: dict[str, CaseSite] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    locations: dict[str, tuple[str, int]] = field(default_factory=dict)
    first_row: dict[str, int] = field(default_factory=dict)


def check_sources(
    row: RowCells, bib: dict[str, BibEntry] | None, companions: Companions, problems: list[Problem]
) -> list[str]:
    """The row's sources, one per line; a key the BibTeX file lacks is a problem."""
    sources = lines(row.cells.get("source", ""))
    for source in sources:
        known = companions.find("references", source) is not None
        if source and bib is not None and " " not in source and source not in bib and not known:
            problems.append(
                problem(
                    row, f"source {source!r} is not a key of the BibTeX file{did_you_mean(source, list(bib))}"
                )
            )
    return [s for s in sources if s]


def _reference(source: str, bib: dict[str, BibEntry] | None, companions: Companions, found: Collected) -> str:
    known = companions.find("references", source)
    if known is not None:
        return str(known.id)
    entry = (bib or {}).get(source)
    rid = "ref-" + slug(entry.key if entry else source, 50)
    found.references.setdefault(
        rid, Reference(id=rid, citation=entry.citation() if entry else source, key=entry.key if entry else "")
    )
    return rid


def _site(text: str, companions: Companions, found: Collected) -> str | None:
    if not text:
        return None
    known = companions.find("sites", text)
    if known is not None:
        return str(known.id)
    site = "site-" + slug(text, 40)
    found.sites.setdefault(site, CaseSite(id=site, name=text))
    return site


def _term(vocabulary: str, text: str, companions: Companions) -> str:
    term = companions.term(vocabulary, text)
    return term.id if term else slug(text, 30).replace("-", "_")


def _id(row: RowCells, quote: str, source: str, participant: str, problems: list[Problem]) -> str:
    given = row.cells.get("evidence_id", "").strip()
    if given and not re.match(ID_PATTERN, given):
        problems.append(problem(row, f"evidence id: {ID_RULE} (got {given!r})"))
    if given:
        return given
    return f"ev-{slug(source or participant or 'row', 24)}-" + short_hash(
        "|".join([text_key(quote), source, row.cells.get("page", ""), participant])
    )


def row_evidence(
    row: RowCells,
    cmoc: str,
    sources: list[str],
    bib: dict[str, BibEntry] | None,
    companions: Companions,
    found: Collected,
    problems: list[Problem],
) -> None:
    """Add the row's evidence item (or the row's CMOC to an item already read)."""
    quote = row.cells["quote"]
    kind = choice(row, "evidence_kind", EVIDENCE_KIND_WORDS, problems)
    relation = choice(row, "relation", {r: r for r in RELATIONS}, problems) or "supports"
    participant = row.cells.get("participant", "").strip()
    role_text = row.cells.get("role", "").strip()
    authored = role_text.casefold() in AUTHOR_ROLES or participant.casefold() in AUTHOR_ROLES
    role = None if authored or not role_text else _term("roles", role_text, companions)
    chosen = kind or ("quote" if role else "document")
    if role:
        found.roles.setdefault(role, role_text)
    source_text = row.cells.get("source_type", "")
    source_type = (
        _term("source_types", source_text, companions)
        if source_text
        else (role if chosen in ("quote", "focus_group") and role else chosen)
    )
    found.sources.setdefault(
        source_type, source_text or found.roles.get(source_type) or source_type.replace("_", " ").capitalize()
    )
    eid = _id(row, quote, "\n".join(sources), participant, problems)
    item = {
        "id": eid,
        "kind": chosen,
        "text": quote,
        "speaker": "" if authored else participant,
        "role": role,
        "site": _site(row.cells.get("site", "").strip(), companions, found),
        "source_type": source_type,
        "page": row.cells.get("page", ""),
        "cites": [_reference(s, bib, companions, found) for s in sources],
        "section": row.cells.get("evidence_section", "")
        if row.has("evidence_section")
        else f"{row.where}, row {row.number}",
        "paragraph": number(row, "evidence_paragraph", problems),
        "note": row.cells.get("evidence_note", ""),
        "supports": [],
        "challenges": [],
    }
    known = found.evidence.setdefault(eid, item)
    if known is not item and row.has("evidence_id"):
        differs = [f for f in _COMPARED if f != "section" and known[f] != item[f]]
        if differs:
            problems.append(
                problem(
                    row,
                    f"evidence {eid!r} is stated differently here than in row "
                    f"{found.first_row[eid]} ({', '.join(differs)}): rows with the same "
                    "evidence id must say the same about it",
                )
            )
    found.first_row.setdefault(eid, row.number)
    found.locations.setdefault(eid, (row.where, row.number))
    links = known["supports" if relation == "supports" else "challenges"]
    if cmoc not in links:
        links.append(cmoc)
