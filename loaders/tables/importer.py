"""``ptgraph import``: tables in, a validated review package out, nothing written on a problem.

:func:`plan_import` reads the tables, maps their columns, builds the package and applies a
codebook or a mapping CSV, collecting every problem (raised together as ``ImportInvalid``)
and the notes and mapping to show the user. :func:`write_import` writes the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import ImportInvalid, Problem
from graph.extraction import (
    COMPANION_SHEETS,
    REVIEW_SHEETS,
    companion_file,
    companion_of_file,
)
from graph.models import Review
from graph.package import ReviewPackage
from loaders.mapping import merges_for, read_decisions
from loaders.tables.bibtex import BibEntry, read_bibtex
from loaders.tables.cmoc_table import TableRows, build_package
from loaders.tables.codebook import apply_codebook, read_codebook
from loaders.tables.columns import SheetMapping, map_sheet, parse_map_option, read_map_file
from loaders.tables.companions import Companions, is_companion, read_companion
from loaders.tables.sheets import Sheet, read_table

__all__ = ["ImportRequest", "ImportPlan", "plan_import", "write_import"]


@dataclass
class ImportRequest:
    tables: list[Path]
    review: str
    name: str | None = None
    maps: tuple[str, ...] = ()
    map_file: Path | None = None
    ignore: tuple[str, ...] = ()
    sheets: tuple[str, ...] = ()
    bib: Path | None = None
    codebook: Path | None = None
    mapping: Path | None = None
    framework: str | None = None

    def __post_init__(self) -> None:
        self.given = parse_map_option(self.maps)


@dataclass
class ImportPlan:
    package: ReviewPackage
    sheets: list[tuple[Sheet, SheetMapping]]
    notes: list[str] = field(default_factory=list)
    written: ReviewPackage | None = None

    @property
    def guessed(self) -> bool:
        return any(m.guessed for _, m in self.sheets)

    def report(self) -> list[str]:
        lines = [f"Note: {n}" for n in self.notes]
        for sheet, mapping in self.sheets:
            lines.append(f"{sheet.where}: {len(sheet.rows)} rows; columns:")
            lines += mapping.describe()
        return lines


def _review(request: ImportRequest, problems: list[Problem]) -> Review:
    try:
        return Review(
            id=request.review,
            name=request.name or request.review,
            source=", ".join(p.name for p in request.tables),
            description=f"Imported with ptgraph import from {', '.join(p.name for p in request.tables)}.",
        )
    except ValueError:
        problems.append(
            Problem(
                "--review",
                None,
                f"{request.review!r}: ids may use lower-case letters, digits, "
                "'.', '_' and '-', and start with a letter or digit",
            )
        )
        return Review(id="review", name="review")


def _companions(request: ImportRequest, problems: list[Problem], notes: list[str]) -> Companions:
    """The companion sheets of CSV tables: files ``<table>.<sheet>.csv``, given or beside a table."""
    companions = Companions()
    given = {p for p in request.tables if companion_of_file(p.name)}
    beside = [
        companion_file(p, name)
        for p in request.tables
        if p.suffix.lower() == ".csv" and p not in given
        for name in (*REVIEW_SHEETS, *COMPANION_SHEETS)
    ]
    for path in sorted(given | {p for p in beside if p.is_file()}):
        name = companion_of_file(path.name) or ""
        if path not in given:
            notes.append(f"read {path.name} as the table's {name} sheet")
        for sheet in read_table(path, problems, notes):
            read_companion(sheet, name, companions, problems)
    return companions


def _sheets(
    request: ImportRequest, problems: list[Problem], notes: list[str], companions: Companions
) -> list[tuple[Sheet, SheetMapping]]:
    given = dict(request.given)
    if request.map_file:
        given = {**read_map_file(request.map_file, problems), **given}
    found = []
    for path in request.tables:
        if companion_of_file(path.name):
            continue
        for sheet in read_table(path, problems, notes, request.sheets):
            if sheet.name and is_companion(sheet.name):
                read_companion(sheet, sheet.name, companions, problems)
                continue
            if not sheet.rows:
                notes.append(f"{sheet.where} has no rows: not imported")
                continue
            trial: list[Problem] = []
            mapping = map_sheet(sheet, given, request.ignore, trial)
            if sheet.name and not request.sheets and not {"context", "outcome"} & set(mapping.fields):
                notes.append(f"{sheet.where} has no context or outcome column: not imported")
                continue
            problems += trial
            found.append((sheet, mapping))
    return found


def plan_import(request: ImportRequest) -> ImportPlan:
    """Everything an import would write, or ImportInvalid listing every problem (sheet and row)."""
    problems: list[Problem] = []
    notes: list[str] = []
    review = _review(request, problems)
    companions = _companions(request, problems, notes)
    sheets = _sheets(request, problems, notes, companions)
    bib: dict[str, BibEntry] | None = None
    if request.bib:
        bib = {e.key: e for e in read_bibtex(request.bib, problems)}
    table = TableRows()
    for sheet, mapping in sheets:
        table.add(sheet, mapping, several_sheets=len(sheets) > 1)
    if not problems and not table.rows:
        problems.append(Problem(", ".join(p.name for p in request.tables), None, "no rows to import"))
    package = build_package(table, review, bib, problems, request.framework, companions)
    if request.codebook:
        themes = read_codebook(request.codebook, problems)
        package = apply_codebook(package, themes, notes)
    if request.mapping:
        merges, links = merges_for(review.id, read_decisions(request.mapping, problems))
        from dataclasses import replace

        package = replace(package, merges=[*package.merges, *merges], concept_links=links)
    if problems:
        raise ImportInvalid(problems)
    return ImportPlan(package, sheets, notes)


def write_import(plan: ImportPlan, out: Path) -> str:
    """Write the planned package to ``out`` (validated first) and say what was written."""
    from loaders.writer import write_package

    names = ", ".join(dict.fromkeys(s.file for s, _ in plan.sheets))
    header = (
        f"Imported by 'ptgraph import' from {names}.\n"
        "Edit freely; importing the same table again rewrites the generated files with the same ids,\n"
        "and keeps merges.csv and concept_links.csv (your concept curation)."
    )
    plan.written = p = write_package(plan.package, out, header)
    rows = sum(len(s.rows) for s, _ in plan.sheets)
    return (
        f"Wrote {out}: {len(p.theories)} theories, {len(p.cmocs)} CMOCs, {len(p.concepts)} concepts, "
        f"{len(p.evidence)} evidence items, {len(p.references)} references (from {rows} rows)"
    )
