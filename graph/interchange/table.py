"""The CMOC extraction table: a review as the spreadsheet ``ptgraph import`` reads back.

The ``CMOCs`` sheet has one row per CMOC and evidence item (a CMOC no evidence backs gets one
row), in the columns of :mod:`graph.extraction`: element cells name their concepts, one per
line, the ``*_wording`` columns hold the CMOC's own words, and the detail columns keep what
an extraction table usually leaves out (ids, locators, notes). Companion sheets carry the
rest of the review in the package's own columns: Review, Vocabulary, Abbreviations, Theories,
Concepts, Sites, Service models, Framework components, Formal theories, References, Notes. As CSV, the
main table is the file named and each companion is ``<stem>.<collection>.csv`` beside it.
Importing the table (``ptgraph import TABLE --review ID``) gives the same graph back.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from graph.extraction import (
    ABBREVIATIONS_SHEET,
    ABSENT_MARK,
    COMPANION_SHEETS,
    FIELDS,
    MISSING_MARK,
    NO_LEVEL,
    REVIEW_SHEET,
    VOCABULARY_SHEET,
    WORDING_FIELDS,
    companion_file,
)
from graph.interchange.xlsx import write_workbook
from graph.models import CMOC, Evidence
from graph.package import ReviewPackage
from graph.schema import Role

__all__ = ["table_sheets", "write_table", "MAIN_SHEET"]

MAIN_SHEET = "CMOCs"
_REVIEW_FIELDS = ("id", "name", "citation", "license", "source", "description")
_VOCABULARIES = ("roles", "source_types", "frameworks", "attributes")
_LIST_SEPARATOR = "; "


def _element_cells(cmoc: CMOC, role: Role, names: dict[str, str]) -> tuple[str, str]:
    if role in cmoc.missing:
        return f"{MISSING_MARK} {cmoc.missing_reason}".strip(), ""
    elements = cmoc.elements(role)
    concepts = [f"{ABSENT_MARK} {names[e.concept]}" if e.absent else names[e.concept] for e in elements]
    wordings = [e.wording for e in elements]
    return "\n".join(concepts), "\n".join(wordings) if any(wordings) else ""


def _levels(cmoc: CMOC) -> str:
    levels = [e.level or NO_LEVEL for e in cmoc.outcome]
    return "" if all(level == NO_LEVEL for level in levels) else "\n".join(levels)


def _cmoc_cells(cmoc: CMOC, package: ReviewPackage, names: dict[str, str]) -> dict[str, Any]:
    theories = {t.id: t.name for t in package.theories}
    cells: dict[str, Any] = {
        "theory": theories[cmoc.theory],
        "cmoc": cmoc.id,
        "polarity": cmoc.polarity,
        "outcome_level": _levels(cmoc),
        "cmoc_name": cmoc.name,
        "cmoc_source": cmoc.source,
        "cmoc_section": cmoc.section,
        "cmoc_paragraph": cmoc.paragraph,
        "cmoc_row": cmoc.row,
        "cmoc_text": cmoc.text,
        "cmoc_theory_only": "yes" if cmoc.theory_only else "",
    }
    for role in Role:
        cells[role.value], cells[WORDING_FIELDS[role.value]] = _element_cells(cmoc, role, names)
    return {**cells, **cmoc.attributes}


def _evidence_cells(item: Evidence, relation: str, package: ReviewPackage) -> dict[str, Any]:
    roles = {t.id: t.label for t in package.review.roles}
    sources = {t.id: t.label for t in package.review.source_types}
    sites = {s.id: s.name for s in package.sites}
    return {
        "quote": item.text,
        "evidence_id": item.id,
        "relation": relation,
        "evidence_kind": item.kind,
        "participant": item.speaker,
        "role": roles.get(item.role or "", item.role or ""),
        "source_type": sources.get(item.source_type or "", item.source_type or ""),
        "site": sites.get(item.site or "", ""),
        "source": "\n".join(item.cites),
        "page": item.page,
        "evidence_section": item.section,
        "evidence_paragraph": item.paragraph,
        "evidence_note": item.note,
    }


def _main_rows(package: ReviewPackage) -> list[dict[str, Any]]:
    names = {c.id: c.name for c in package.concepts}
    linked: dict[str, list[tuple[Evidence, str]]] = {}
    for item in package.evidence:
        for cmoc in item.supports:
            linked.setdefault(cmoc, []).append((item, "supports"))
        for cmoc in item.challenges:
            linked.setdefault(cmoc, []).append((item, "challenges"))
    order = {t.id: i for i, t in enumerate(package.theories)}
    rows = []
    for config in sorted(package.cmocs, key=lambda c: (order.get(c.theory, 0), c.id)):
        cells = _cmoc_cells(config, package, names)
        links = sorted(linked.get(config.id, []), key=lambda pair: pair[0].id)
        if not links:
            rows.append(cells)
        rows += [{**cells, **_evidence_cells(item, relation, package)} for item, relation in links]
    return rows


def _columns(rows: list[dict[str, Any]], attributes: list[str]) -> list[str]:
    """The columns that carry something, and those whose absence would mean a default on import."""
    used = {k for row in rows for k, v in row.items() if v not in (None, "")}
    used |= {"cmoc_section", "cmoc_row"}  # blank here means none; a table without them gets the table's
    used |= {"evidence_section"} if "quote" in used else set()
    used |= {WORDING_FIELDS[role] for role in WORDING_FIELDS if role in used}
    return [f for f in FIELDS if f in used] + [a for a in attributes if a in used]


def _record(item: BaseModel) -> dict[str, Any]:
    data = item.model_dump(mode="json", exclude_defaults=True)
    return {
        k: _LIST_SEPARATOR.join(data[k]) if isinstance(data[k], list) else data[k]
        for k in type(item).model_fields
        if k in data
    }


def _collection_rows(items: list[BaseModel]) -> list[list[Any]]:
    records = [_record(i) for i in items]
    columns = [f for f in type(items[0]).model_fields if any(f in r for r in records)]
    return [columns] + [[r.get(k, "") for k in columns] for r in records]


def table_sheets(package: ReviewPackage) -> dict[str, list[list[Any]]]:
    """Every sheet of the table, as rows with the header first."""
    rows = _main_rows(package)
    columns = _columns(rows, [t.id for t in package.review.attributes])
    sheets = {MAIN_SHEET: [columns] + [[row.get(c, "") for c in columns] for row in rows]}
    review = package.review
    sheets[REVIEW_SHEET] = [["field", "value"]] + [
        [f, getattr(review, f)] for f in _REVIEW_FIELDS if getattr(review, f)
    ]
    terms = [[v, t.id, t.name, t.description] for v in _VOCABULARIES for t in getattr(review, v)]
    if terms:
        sheets[VOCABULARY_SHEET] = [["vocabulary", "id", "name", "description"], *terms]
    if review.abbreviations:
        sheets[ABBREVIATIONS_SHEET] = [["term", "meaning"], *map(list, review.abbreviations.items())]
    for sheet, collection in COMPANION_SHEETS.items():
        items = getattr(package, collection)
        if items:
            sheets[sheet] = _collection_rows(items)
    return sheets


def write_table(package: ReviewPackage, out: Path) -> str:
    """Write the table as XLSX (one workbook) or CSV (the main file and its companions)."""
    sheets = table_sheets(package)
    if out.suffix.lower() == ".xlsx":
        write_workbook(out, sheets)
        written = f"{out} ({', '.join(sheets)} sheets)"
    elif out.suffix.lower() == ".csv":
        for sheet, rows in sheets.items():
            path = out if sheet == MAIN_SHEET else companion_file(out, sheet)
            with path.open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows([["" if v is None else v for v in row] for row in rows])
        written = f"{out} and {len(sheets) - 1} companion files beside it ({out.stem}.<sheet>.csv)"
    else:
        from graph.interchange.source import ExportError

        raise ExportError(f"{out}: the table is written as .xlsx or .csv")
    return (
        f"Wrote {written}: {len(sheets[MAIN_SHEET]) - 1} rows for {len(package.cmocs)} CMOCs and "
        f"{len(package.evidence)} evidence items; read it back with "
        f"'ptgraph import {out.name} --review {package.review.id} --out DIR'"
    )
