"""Read a spreadsheet (CSV, TSV or XLSX) into sheets of rows, saying plainly what was odd about it.

CSV files are read as UTF-8; a byte-order mark, a file in Windows-1252 (Excel's "CSV" on
Windows) and a delimiter other than the comma are detected and named in a note. A row
with more cells than the header is a problem (usually a stray delimiter in an unquoted
cell). Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import Problem
from graph.models import unstorable

__all__ = ["Sheet", "read_table", "TABLE_SUFFIXES", "csv_problem"]

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}


@dataclass
class Sheet:
    """One sheet of a table: its name, header and ``(row number, {header: cell})`` rows."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    file: str = ""

    @property
    def where(self) -> str:
        """How problems name this sheet: the file, and the sheet of a workbook."""
        return f"{self.file}, sheet '{self.name}'" if self.name else self.file


def _decode(data: bytes, name: str, notes: list[str]) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        notes.append(
            f"{name} starts with a byte-order mark (BOM), as Excel's 'CSV UTF-8' writes: "
            "read as UTF-8 without it"
        )
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        notes.append(f"{name} is UTF-16 text (it starts with a UTF-16 byte-order mark): read as such")
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        notes.append(
            f"{name} is not UTF-8: read as Windows-1252, the encoding Excel on Windows saves "
            "'CSV' in; check accented letters and curly quotes, or save it as 'CSV UTF-8'"
        )
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str, suffix: str, name: str, notes: list[str]) -> str:
    if suffix == ".tsv":
        return "\t"
    header = io.StringIO(text.split("\n", 1)[0], newline="")  # newline="": a stray '\r' ends the line
    try:
        first = next(iter(csv.reader(header, delimiter="\x00")), [""])[0]
    except csv.Error:  # a header cell over the CSV reader's limit: told when the rows are read
        return ","
    counts = {d: first.count(d) for d in _DELIMITERS}
    chosen = max(counts, key=lambda d: counts[d])
    if counts[chosen] == 0:
        return ","
    if chosen != ",":
        notes.append(
            f"{name} separates its cells with a {_DELIMITERS[chosen]} ('{chosen}'), not a comma: "
            "read that way"
        )
    return chosen


def _read_csv(path: Path, problems: list[Problem], notes: list[str]) -> list[Sheet]:
    text = _decode(path.read_bytes(), path.name, notes)
    delimiter = _delimiter(text, path.suffix.lower(), path.name, notes)
    records = _records(text, delimiter, path.name, problems)
    sheet = Sheet("", [h.strip() for h in (records[0] if records else [])], file=path.name)
    for number, cells in enumerate(records[1:], start=2):
        _add_row(sheet, number, cells, delimiter, problems)
    return [sheet]


def _records(text: str, delimiter: str, name: str, problems: list[Problem]) -> list[list[str]]:
    """Every record; one the CSV reader refuses (a cell over 131,072 characters) is a problem at its
    row, and an empty record in its place keeps the rows after it numbered as they are."""
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        try:
            records.append(next(reader))
        except StopIteration:
            return records
        except csv.Error as e:
            problems.append(Problem(name, len(records) + 1, csv_problem(e), unit="row"))
            records.append([])


def csv_problem(error: csv.Error) -> str:
    """What Python's CSV reader refused, in words."""
    if "field larger than field limit" in str(error):
        limit = csv.field_size_limit()
        return f"a cell is longer than {limit:,} characters, more than a CSV cell may hold here"
    return f"cannot be read as CSV: {error}"


def _add_row(sheet: Sheet, number: int, cells: list[str], delimiter: str, problems: list[Problem]) -> None:
    width = len(sheet.header)
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        name = _DELIMITERS.get(delimiter, repr(delimiter))
        problems.append(
            Problem(
                sheet.where,
                number,
                f"has {len(cells)} cells but the header has {width}: "
                f"probably a stray {name} ('{delimiter}') in a cell that is not in double "
                "quotes",
                unit="row",
            )
        )
        return
    values = {h: (cells[i] if i < len(cells) else "").strip() for i, h in enumerate(sheet.header) if h}
    bad = next(filter(None, (unstorable(v, f"the cell under '{h}'") for h, v in values.items())), None)
    if bad:
        problems.append(Problem(sheet.where, number, bad, unit="row"))
        return
    if any(values.values()):
        sheet.rows.append((number, values))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path, problems: list[Problem], sheets: tuple[str, ...]) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a file that is not a workbook
        problems.append(Problem(path.name, None, f"cannot be read as an Excel workbook ({e})"))
        return []
    unknown = [s for s in sheets if s not in book.sheetnames]
    for name in unknown:
        problems.append(
            Problem(path.name, None, f"has no sheet '{name}' (sheets: {', '.join(book.sheetnames)})")
        )
    out = []
    for ws in book.worksheets:
        if sheets and ws.title not in sheets:
            continue
        rows = ws.iter_rows(values_only=True)
        header = [_cell(v).strip() for v in next(rows, ())]
        sheet = Sheet(ws.title, header, file=path.name)
        for number, values in enumerate(rows, start=2):
            _add_row(sheet, number, [_cell(v) for v in values], ",", problems)
        out.append(sheet)
    book.close()
    return out


def read_table(
    path: Path, problems: list[Problem], notes: list[str], sheets: tuple[str, ...] = ()
) -> list[Sheet]:
    """Every sheet of ``path`` (only ``sheets`` when named); problems and notes are appended."""
    suffix = path.suffix.lower()
    if not path.is_file():
        problems.append(Problem(str(path), None, "no such file"))
        return []
    if suffix in (".qdc", ".qdpx"):
        problems.append(
            Problem(path.name, None, "is a REFI-QDA codebook or project: import it with 'ptgraph import-qda'")
        )
        return []
    if suffix not in TABLE_SUFFIXES:
        problems.append(
            Problem(path.name, None, f"is not a table ptgraph reads ({', '.join(TABLE_SUFFIXES)})")
        )
        return []
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, problems, sheets)
    return _read_csv(path, problems, notes)
