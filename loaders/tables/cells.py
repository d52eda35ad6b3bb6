"""Reading one row of an extraction table: its elements, choices and numbers, every problem told.

An element cell may name several concepts, one per line (``absent: <concept>`` for a concept
whose absence the source describes), or say ``missing: <why>``. The ``*_wording`` columns
give the CMOC's own words line by line; ``outcome_level`` gives one level for every outcome
or one per outcome line (``-`` for none).
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import Problem
from graph.extraction import (
    ABSENT_MARK,
    CMOC_SOURCES,
    EVIDENCE_KIND_WORDS,
    LEVELS,
    MISSING_MARK,
    NO_LEVEL,
    RELATIONS,
    WORDING_FIELDS,
    lines,
)
from graph.schema import Role
from graph.validation import did_you_mean

__all__ = ["RowCells", "Cell", "row_elements", "check_details", "choice", "number", "yes_no", "problem"]

_ELEMENT_FIELDS = {
    "context": Role.CONTEXT,
    "mechanism": Role.MECHANISM,
    "resource": Role.RESOURCE,
    "response": Role.RESPONSE,
    "outcome": Role.OUTCOME,
}
_YES = ("yes", "y", "true", "1", "x")
_NO = ("", "no", "n", "false", "0")


@dataclass
class RowCells:
    """One row: where it is, its theory, its cells by field and its extra columns by attribute id."""

    where: str
    number: int
    theory: str
    cells: dict[str, str]
    attributes: dict[str, str]

    def has(self, field: str) -> bool:
        """Whether the table has the column (even if this row's cell is blank)."""
        return field in self.cells


@dataclass(frozen=True)
class Cell:
    """One element of a row: the concept's words, the CMOC's own wording, absence and level."""

    text: str
    wording: str
    absent: bool = False
    level: str | None = None

    def key(self) -> tuple[str, str, bool, str]:
        return (" ".join(self.text.split()).casefold(), self.wording, self.absent, self.level or "")


def problem(row: RowCells, message: str) -> Problem:
    return Problem(row.where, row.number, message, unit="row")


def choice(
    row: RowCells, name: str, allowed: dict[str, str], problems: list[Problem], value: str | None = None
) -> str | None:
    """The canonical word for the cell (or ``value``), None when blank; a problem when unknown."""
    value = (row.cells.get(name, "") if value is None else value).strip()
    if not value:
        return None
    found = allowed.get(value.casefold())
    if found is None:
        words = sorted(set(allowed.values()))
        problems.append(
            problem(
                row,
                f"{name.replace('_', ' ')} {value!r} is not one of {', '.join(words)}"
                f"{did_you_mean(value.casefold(), list(allowed))}",
            )
        )
    return found


def number(row: RowCells, name: str, problems: list[Problem]) -> int | None:
    value = row.cells.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit():
        problems.append(problem(row, f"{name.replace('_', ' ')} {value!r} is not a whole number"))
        return None
    return int(value)


def yes_no(row: RowCells, name: str, problems: list[Problem]) -> bool:
    value = row.cells.get(name, "").strip().casefold()
    if value not in _YES + _NO:
        problems.append(problem(row, f"{name.replace('_', ' ')} {value!r} is not yes or no"))
    return value in _YES


def _cells(row: RowCells, field: str, role: Role, problems: list[Problem]) -> list[Cell]:
    texts = lines(row.cells.get(field, ""))
    wordings = lines(row.cells.get(WORDING_FIELDS[field], ""))
    if len(wordings) > len(texts):
        problems.append(
            problem(
                row,
                f"{len(wordings)} lines of {field} wording for {len(texts)} {field} "
                "line(s): give one wording line per element line",
            )
        )
    levels: list[str | None] = [None] * len(texts)
    if role is Role.OUTCOME:
        levels = _levels(row, len(texts), problems)
    found = []
    for i, text in enumerate(texts):
        absent = text.casefold().startswith(ABSENT_MARK)
        words = text[len(ABSENT_MARK) :].strip() if absent else text
        if not words:
            continue
        # without a wording column, the cell's words are the CMOC's own
        wording = (wordings[i] if i < len(wordings) else "") if row.has(WORDING_FIELDS[field]) else words
        found.append(Cell(words, wording, absent, levels[i]))
    return found


def _levels(row: RowCells, outcomes: int, problems: list[Problem]) -> list[str | None]:
    given = lines(row.cells.get("outcome_level", ""))
    if len(given) not in (0, 1, outcomes):
        problems.append(
            problem(
                row,
                f"{len(given)} outcome levels for {outcomes} outcomes: give one level "
                f"for all, or one per outcome line ('{NO_LEVEL}' for none)",
            )
        )
        return [None] * outcomes
    parsed = [
        None if g in ("", NO_LEVEL) else choice(row, "outcome_level", LEVELS, problems, g) for g in given
    ]
    return parsed * outcomes if len(parsed) == 1 else parsed or [None] * outcomes


def row_elements(row: RowCells, problems: list[Problem]) -> tuple[dict[Role, list[Cell]], dict[Role, str]]:
    """The row's elements by role, and the roles it marks as missing (with the reason)."""
    given: dict[Role, list[Cell]] = {}
    missing: dict[Role, str] = {}
    for field, role in _ELEMENT_FIELDS.items():
        text = row.cells.get(field, "").strip()
        if text.casefold().startswith(MISSING_MARK):
            missing[role] = text[len(MISSING_MARK) :].strip()
        elif text:
            given[role] = _cells(row, field, role, problems)
    for role in (Role.CONTEXT, Role.OUTCOME):
        if role not in given and role not in missing:
            problems.append(
                problem(row, f"no {role.value} (the cell is empty: fill it, or write '{MISSING_MARK} <why>')")
            )
    split = [r for r in (Role.RESOURCE, Role.RESPONSE) if r in given or r in missing]
    undivided = Role.MECHANISM in given or Role.MECHANISM in missing
    if split and undivided:
        problems.append(
            problem(row, "gives both an undivided mechanism and a resource/response: fill one or the other")
        )
    elif not split and not undivided:
        problems.append(
            problem(row, f"no mechanism (the cell is empty: fill it, or write '{MISSING_MARK} <why>')")
        )
    return given, missing


def check_details(row: RowCells, problems: list[Problem]) -> None:
    """Problems with the row's choice, number and yes/no cells, told with the row's other problems."""
    choice(row, "cmoc_source", {s: s for s in CMOC_SOURCES}, problems)
    if row.cells.get("quote"):
        choice(row, "relation", {r: r for r in RELATIONS}, problems)
        choice(row, "evidence_kind", EVIDENCE_KIND_WORDS, problems)
        number(row, "evidence_paragraph", problems)
    for name in ("cmoc_paragraph", "cmoc_row"):
        number(row, name, problems)
    yes_no(row, "cmoc_theory_only", problems)
