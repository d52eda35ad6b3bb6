"""Writing Excel workbooks (openpyxl) whose cells keep exactly the text they were given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from graph.interchange.source import ExportError

__all__ = ["write_workbook", "MAX_CELL"]

MAX_CELL = 32_767  # Excel's limit on the characters of one cell


def write_workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> None:
    """One sheet per entry (rows, header first): text stays text, header bold, header row frozen."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = sheet.cell(row=r, column=c)
                cell.value = _checked(value, title, r, c)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, even when the text starts with '='
                    if "\n" in value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    book.save(path)


def _checked(value: Any, sheet: str, row: int, column: int) -> Any:
    if not isinstance(value, str):
        return value
    if len(value) > MAX_CELL:
        raise ExportError(
            f"sheet '{sheet}', row {row}, column {column}: {len(value)} characters, more than "
            f"the {MAX_CELL} an Excel cell holds; export as CSV instead"
        )
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise ExportError(
            f"sheet '{sheet}', row {row}, column {column}: a control character Excel cannot "
            "store; export as CSV instead"
        )
    return value
