"""Fuzzing ``ptgraph import``: generated CSV, TSV and XLSX tables with hostile cells (NUL, control
characters, huge cells, formulas, unicode, mixed encodings), with or without a BibTeX file (itself
spoiled at times), give a package that validates and can be stored, or a refusal naming the table
and row with nothing written; ``--load`` too."""

from __future__ import annotations

import csv
import io
import re
import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import event, given, note
from hypothesis import strategies as st
from openpyxl import Workbook

from graph.stores.falkor_store import FalkorStore
from loaders.package import read_package
from tests.badinput import ptgraph, store_is_empty
from tests.fuzzing import assert_storable, examples, hostile_text, mutate_bytes

FIXTURE = Path(__file__).parent / "fixtures" / "chw" / "extraction-fixed.csv"
BIB = FIXTURE.parent / "references.bib"
with FIXTURE.open(encoding="utf-8", newline="") as _handle:
    _ROWS = list(csv.reader(_handle))
HEADER, REAL_ROWS = _ROWS[0], _ROWS[1:40]
HEADERS = [*HEADER, "Resource", "Response", "Quote", "Source", "Polarity", "CMOC", "Notes", "", "Context (C)",
           "id", "name", "review_id", "__line__", "a`b", "Outcome\n(O)", "=SUM(A1)"]
huge = st.sampled_from(["x" * 131_073, "word " * 40_000])
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # what a workbook cannot hold


@st.composite
def table(draw: st.DrawFn) -> list[list[str]]:
    """A real extraction table with a few hostile cells, or odd columns and rows of anything."""
    if draw(st.booleans()):
        header = list(HEADER)
        rows = [list(r) for r in draw(st.lists(st.sampled_from(REAL_ROWS), min_size=1, max_size=4))]
    else:
        header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8))
        rows = [[draw(hostile_text) for _ in header] for _ in range(draw(st.integers(0, 4)))]
    for _ in range(draw(st.integers(0, 2))):
        target = draw(st.sampled_from([header, *rows]))
        if target:
            target[draw(st.integers(0, len(target) - 1))] = draw(st.one_of(hostile_text, huge))
    if rows and draw(st.integers(0, 4)) == 0:  # a row cut short, or with a cell too many
        rows[0] = rows[0][:-1] if draw(st.booleans()) else [*rows[0], draw(hostile_text)]
    return [header, *rows]


def _csv_bytes(rows: list[list[str]], delimiter: str, encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def _xlsx(rows: list[list[str]], path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for row in rows:  # Excel holds at most 32,767 characters in a cell
        sheet.append([NOT_XML.sub("", cell)[:32_767] for cell in row])
    book.save(path)


@st.composite
def table_file(draw: st.DrawFn, folder: Path) -> Path:
    rows = draw(table())
    kind = draw(st.sampled_from(["csv", "csv", "tsv", "semicolon", "xlsx", "cp1252", "utf-16", "bytes"]))
    note(f"{kind}: {[[c[:40] for c in r] for r in rows]}")
    if kind == "xlsx":
        path = folder / "table.xlsx"
        _xlsx(rows, path)
        return path
    path = folder / ("table.tsv" if kind == "tsv" else "table.csv")
    delimiter = {"tsv": "\t", "semicolon": ";"}.get(kind, ",")
    data = _csv_bytes(rows, delimiter, {"cp1252": "cp1252", "utf-16": "utf-16"}.get(kind, "utf-8"))
    path.write_bytes(draw(mutate_bytes(data)) if kind == "bytes" else data)
    return path


@st.composite
def bib_options(draw: st.DrawFn, folder: Path) -> tuple[str, ...]:
    """No BibTeX file, the fixture's, or the fixture's with hostile text or bytes in it."""
    kind = draw(st.sampled_from(["none", "none", "real", "text", "bytes"]))
    if kind == "none":
        return ()
    data = BIB.read_bytes()
    if kind == "text":
        text = data.decode("utf-8")
        at = draw(st.integers(0, len(text)))
        data = (text[:at] + draw(hostile_text) + text[at:]).encode("utf-8")
    elif kind == "bytes":
        data = draw(mutate_bytes(data))
    path = folder / "references.bib"
    path.write_bytes(data)
    return ("--bib", str(path))


def import_or_refuse(table_path: Path, out: Path, *options: str, graph: str | None = None) -> int:
    """Run ``ptgraph import``: a package that validates and can be stored, or nothing written."""
    done = ptgraph("import", table_path, "--review", "fz", "--out", out, "-y", *options, graph=graph)
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    assert "Traceback" not in done.output, done.output
    event(f"exit {done.exit_code}")
    if done.exit_code == 0:
        assert_storable(read_package(out))
    else:
        assert not out.exists(), done.output
        assert "problem" in done.output or "Error" in done.output, done.output
    return done.exit_code


@examples(150)
@given(st.data())
def test_generated_tables_import_or_are_refused_plainly(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = data.draw(table_file(Path(tmp)))
        mapped = data.draw(st.sampled_from([(), ("--map", "quote=Supporting data excerpt")]))
        import_or_refuse(path, Path(tmp) / "out", *mapped, *data.draw(bib_options(Path(tmp))))


@pytest.mark.usefixtures("ptgraph_home")
@examples(25)
@given(st.data())
def test_import_and_load_of_generated_tables_writes_all_or_nothing(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = data.draw(table_file(Path(tmp)))
        store = FalkorStore(f"fuzz_{uuid.uuid4().hex[:10]}")
        try:
            if import_or_refuse(path, Path(tmp) / "out", "--load", graph=store.graph_name) == 0:
                assert store.run("list_reviews")
            else:
                assert store_is_empty(store)
        finally:
            store.drop()
            store.close()
