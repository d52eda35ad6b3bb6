"""Each bad input of issue 13 is refused plainly: file and line, a non-zero exit, no traceback,
nothing written (``validate`` and ``load`` of a spoiled copy of the example package; ``import``
of a spoiled table; ``query -p``)."""

from __future__ import annotations

import csv
import io
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from graph.errors import PackageInvalid
from graph.stores.falkor_store import FalkorStore
from loaders.files.yaml_lines import C_LOADER
from loaders.package import read_package
from tests.badinput import assert_refused, copy_example, edit, ptgraph, store_is_empty

Spoil = Callable[[Path], None]


def _append(name: str, text: str) -> Spoil:
    def spoil(root: Path) -> None:
        with (root / name).open("a", encoding="utf-8") as handle:
            handle.write(text)
    return spoil


def _replace(name: str, old: str, new: str) -> Spoil:
    return lambda root: edit(root / name, old, new)


def _write_bytes(name: str, old: bytes, new: bytes) -> Spoil:
    def spoil(root: Path) -> None:
        data = (root / name).read_bytes()
        assert old in data
        (root / name).write_bytes(data.replace(old, new, 1))
    return spoil


NOTE = "- id: n1\n  kind: curation\n  about: [pt2]\n  text: "
THEORY_2 = "  number: 2\n"
THEORY_5 = "  number: 5\n"
# The "billion laughs": nine aliases of nine aliases..., 9^9 = 387 million strings once expanded.
BOMB = NOTE + "x\n  section: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"  {b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))
BOMB += "#" * (565 - len(BOMB.encode()) - 1) + "\n"  # the size the issue measured

CASES: dict[str, tuple[Spoil, list[str]]] = {
    "self-referencing anchor": (
        _append("notes.yaml", "- &a\n  id: n1\n  kind: curation\n  about: [pt2]\n  text: *a\n"),
        ["notes.yaml:9: the alias *a is inside its own anchor &a"]),
    "5,000-deep lists": (
        _append("notes.yaml", NOTE + "[" * 5000 + "]" * 5000 + "\n"),
        ["notes.yaml:8: lists or mappings are nested more than 100 levels deep"]),
    "5,000-deep maps": (
        _append("notes.yaml", NOTE + "{a: " * 5000 + "1" + "}" * 5000 + "\n"),
        ["notes.yaml:8: lists or mappings are nested more than 100 levels deep"]),
    "5,000-deep block maps": (
        _append("notes.yaml", NOTE + "".join(f"\n{'  ' * (i + 2)}k{i}:" for i in range(5000)) + " 1\n"),
        ["notes.yaml:", "nested more than 100 levels deep"]),
    "alias bomb": (lambda root: (root / "notes.yaml").write_text(BOMB, encoding="utf-8"),
                   ["notes.yaml:", "repeat more than 100,000 values (an 'alias bomb'?)"]),
    "self refines": (_replace("theories.yaml", THEORY_2, THEORY_2 + "  refines: [pt2]\n"),
                     ["theories.yaml:1: pt2: refines itself"]),
    "circular refines": (
        lambda root: (_replace("theories.yaml", THEORY_2, THEORY_2 + "  refines: [pt5]\n")(root),
                      _replace("theories.yaml", THEORY_5, THEORY_5 + "  refines: [pt2]\n")(root)),
        ["theories.yaml:1: pt2: refines round a circle: pt2 → pt5 → pt2"]),
    "duplicate key": (_replace("theories.yaml", THEORY_2, THEORY_2 + "  name: Another name\n"),
                      ["theories.yaml:5: the key 'name' is given twice in one mapping (lines 3 and 5)"]),
    "duplicate key in a nested mapping": (
        _replace("cmocs.yaml", "      wording: enhanced staff empathy\n",
                 "      wording: enhanced staff empathy\n      wording: again\n"),
        ["cmocs.yaml:18: the key 'wording' is given twice in one mapping (lines 17 and 18)"]),
    "NUL byte in a YAML file": (
        _replace("notes.yaml", "this example carries", "this example\x00 carries"),
        ["notes.yaml:4: holds the character U+0000 (NUL), which a YAML file may not contain"]),
    "NUL escape in a YAML text field": (
        _replace("notes.yaml", "text: The report cites", 'text: "The report\\0 cites"\n  #'),
        ["notes.yaml:1: note-example-refs: field 'text' holds a NUL character (\\0)"]),
    "NUL escape in a CMOC element": (
        _replace("cmocs.yaml", "wording: enhanced staff empathy", 'wording: "enhanced\\x00 empathy"'),
        ["cmocs.yaml:1: pt2-synthesis: field 'outcome' → item 1 → wording holds a NUL character"]),
    "NUL in a CSV cell": (_write_bytes("concepts.csv", b"Staff empathy,", b"Staff\x00empathy,"),
                          ["concepts.csv:8: staff-empathy: field 'name' holds a NUL character"]),
    "lone surrogate escape": (
        _replace("notes.yaml", "text: The report cites", 'text: "The report\\ud800 cites"\n  #'),
        ["notes.yaml:4: not valid YAML: found invalid Unicode character escape code"] if C_LOADER  # libyaml
        else ["notes.yaml:1: note-example-refs: field 'text' holds a lone surrogate (U+D800"]),
    ".nan where a number is expected": (
        _replace("sites.yaml", "consultancy}", "consultancy, annual_cost_gbp: .nan}"),
        ["sites.yaml:1: site-b: field 'annual_cost_gbp': input should be a finite number"]),
    ".inf where a number is expected": (
        _replace("sites.yaml", "service_model: consultancy}", "service_model: consultancy, staff: .inf}"),
        ["sites.yaml:1: site-b: field 'staff': input should be a finite number"]),
    ".nan where text is expected": (
        _replace("sites.yaml", "service_model: consultancy}", "service_model: consultancy, remit: .nan}"),
        ["sites.yaml:1: site-b: field 'remit': input should be a valid string"]),
    ".inf in a list of ids": (
        _replace("notes.yaml", "about: [e-lit-positive-attitudes]", "about: [.inf]"),
        ["notes.yaml:1: note-example-refs: field 'about.0': input should be a valid string"]),
    "a number too large to store": (
        _replace("theories.yaml", THEORY_2, "  number: 99999999999999999999\n"),
        ["theories.yaml:1: pt2: field 'number': input should be less than or equal to 9223372036854775807"]),
    # found by the fuzz tests (tests/test_fuzz_*.py)
    "empty theory reference": (_replace("cmocs.yaml", "theory: pt2\n", 'theory: ""\n'),
                               ["cmocs.yaml:1: pt2-synthesis: an empty theory (PT reference)"]),
    "empty id in a list": (_replace("theories.yaml", THEORY_2, THEORY_2 + '  refines: [""]\n'),
                           ["theories.yaml:1: pt2: an empty theory in refines"]),
    "empty review.yaml": (lambda root: (root / "review.yaml").write_text("# nothing yet\n"),
                          ["review.yaml:1: is empty: expected a mapping of fields"]),
    "impossible date": (_replace("notes.yaml", "kind: curation", "kind: curation\n  section: 2024-02-30"),
                        ["notes.yaml:3: '2024-02-30' reads as a date, but it is not one (day is out"]),
    "tagged value that is not its type": (
        _replace("theories.yaml", THEORY_2, "  number: !!int two\n"),
        ["theories.yaml:2: 'two' reads as a whole number, but it is not one: put it in quotes"]),
    "CSV cell over the reader's limit": (
        _replace("concepts.csv", "Staff empathy,", "Staff empathy" + "x" * 131_073 + ","),
        ["concepts.csv:8: a cell is longer than 131,072 characters"]),
    "attribute named like a CMOC property": (
        _replace("cmocs.yaml", "section: Table 8\n", "section: Table 8\n  attributes: {missingReason: x}\n"),
        ["cmocs.yaml:1: pt2-synthesis: attribute 'missingReason' has the name of a CMOC field"]),
    "attribute name with a backtick": (
        _replace("cmocs.yaml", "section: Table 8\n", "section: Table 8\n  attributes: {'a`b': x}\n"),
        ["cmocs.yaml:1: pt2-synthesis: attribute 'a`b': an attribute's name may not be empty or hold a"]),
    "Windows-1252 CSV": (
        lambda root: (root / "concepts.csv").write_bytes((root / "concepts.csv").read_text(encoding="utf-8")
                                                         .replace("Staff empathy", "Staff empathy – ‘caring’")
                                                         .encode("cp1252")),
        ["concepts.csv:8: is not UTF-8 text (byte 0x96 on this line): it looks saved as Windows-1252"]),
}


def _spoil(name: str, folder: Path) -> tuple[Path, list[str]]:
    spoil, expected = CASES[name]
    root = copy_example(folder / "pkg")
    spoil(root)
    return root, expected


@pytest.fixture(params=sorted(CASES), ids=lambda name: name.replace(" ", "-"))
def spoiled(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, list[str]]:
    return _spoil(request.param, tmp_path)


def test_validate_refuses_it_naming_file_and_line(spoiled: tuple[Path, list[str]]) -> None:
    root, expected = spoiled
    assert_refused(ptgraph("validate", root), *expected)


def test_load_refuses_it_and_writes_nothing(spoiled: tuple[Path, list[str]], store: FalkorStore) -> None:
    root, expected = spoiled
    assert_refused(ptgraph("load", root, graph=store.graph_name), *expected)
    assert store_is_empty(store)


UNREAD = {"CSV cell over the reader's limit"}  # the row cannot be read, so its id is rightly unknown


@pytest.mark.parametrize("name", sorted(set(CASES) - UNREAD), ids=lambda name: name.replace(" ", "-"))
def test_the_one_problem_is_the_only_one_told(name: str, tmp_path: Path) -> None:
    """No cascade: an unreadable or refused value does not make every reference to it 'unknown'."""
    root, _ = _spoil(name, tmp_path)
    with pytest.raises(PackageInvalid) as caught:
        read_package(root)
    assert not [p for p in caught.value.problems if "unknown" in p.message], caught.value


def test_the_alias_bomb_is_refused_fast_and_small(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "pkg")
    (root / "notes.yaml").write_text(BOMB, encoding="utf-8")
    assert len(BOMB.encode()) == 565
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(PackageInvalid, match="alias bomb"):
        read_package(root)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 1.0 and peak < 50_000_000, (elapsed, peak)  # before: 39 s and 2.4 GB


def test_merge_keys_may_still_override_what_they_merge(tmp_path: Path) -> None:
    """Refusing a key given twice does not refuse YAML merges, whose keys may be overridden."""
    root = copy_example(tmp_path / "pkg")
    edit(root / "sites.yaml", "- {id: site-b, name: Case Study B, service_model: consultancy}",
         "- &b {id: site-b, name: Case Study B, service_model: consultancy}\n- {<<: *b, id: site-x}")
    assert "site-x" in {s.id for s in read_package(root).sites}


def test_an_excel_csv_with_a_byte_order_mark_reads_every_row(tmp_path: Path, store: FalkorStore) -> None:
    root = copy_example(tmp_path / "pkg")
    for name in ("concepts.csv", "references.csv"):
        (root / name).write_bytes(b"\xef\xbb\xbf" + (root / name).read_bytes())
    (root / "review.yaml").write_bytes(b"\xef\xbb\xbf" + (root / "review.yaml").read_bytes())
    assert len(read_package(root).concepts) == len(read_package("example").concepts)
    done = ptgraph("load", root, graph=store.graph_name)
    assert done.exit_code == 0, done.output


@pytest.mark.parametrize("pair, problem", [
    ("a`b=1", "a parameter name may use only letters, digits and '_'"),
    ("`x`=1", "a parameter name may use only letters, digits and '_'"),
    ("two words=1", "a parameter name may use only letters, digits and '_'"),
    ("1st=1", "may not start with a digit"),
    ("$id=1", "a parameter name may use only letters, digits and '_'"),
    ("=1", "is not key=value"),
    ("nokey", "is not key=value"),
    ('m={"a`b": 1}', "a key of a JSON object may not be empty or hold a backtick"),
    ('m={"": 1}', "a key of a JSON object may not be empty or hold a backtick"),
    ("n=1e400", "the number is too large (it would be infinite)"),
    ("n=[99999999999999999999]", "the number is too large to store (more than 64 bits)"),
    ('s="a\\u0000b"', "the value holds a NUL character"),
])
def test_query_parameters_with_bad_names_or_values_are_refused(pair: str, problem: str,
                                                               store: FalkorStore) -> None:
    done = ptgraph("query", "RETURN 1 AS one", "-p", pair, graph=store.graph_name)
    assert_refused(done, problem, "--param")


def test_nan_and_infinity_parameters_are_text(store: FalkorStore) -> None:
    done = ptgraph("query", "--json", "RETURN $x AS x, $y AS y", "-p", "x=NaN", "-p", "y=-Infinity",
                   graph=store.graph_name)
    assert done.exit_code == 0, done.output
    assert '"x": "NaN"' in done.output and '"y": "-Infinity"' in done.output


# ptgraph import: a table with a bad cell is refused at its row, and nothing is written.
FIXTURE = Path(__file__).parent / "fixtures" / "chw" / "extraction-fixed.csv"
BIB = FIXTURE.parent / "references.bib"


def _fixture_rows(count: int) -> list[list[str]]:
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[: count + 1]


def _write_table(path: Path, rows: list[list[str]], encoding: str = "utf-8", prefix: bytes = b"") -> Path:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_bytes(prefix + out.getvalue().encode(encoding))
    return path


def _import(table: Path, out: Path) -> Result:
    return ptgraph("import", table, "--review", "chw", "--out", out, "-y", "--map",
                   "quote=Supporting data excerpt", "--bib", BIB)


def test_an_excel_csv_with_a_byte_order_mark_imports_every_row(tmp_path: Path) -> None:
    rows = _fixture_rows(40)
    table = _write_table(tmp_path / "excel.csv", rows, prefix=b"\xef\xbb\xbf")
    done = _import(table, tmp_path / "out")
    assert done.exit_code == 0, done.output
    assert "byte-order mark" in done.output and "(from 40 rows)" in done.output
    assert "'Programme theory'" in done.output  # the first header is read without the mark


def test_a_windows_1252_csv_is_named_and_read_with_its_accents(tmp_path: Path) -> None:
    rows = _fixture_rows(5)
    rows[1][5] = "Le médecin m’a dit « non » – vraiment"
    done = _import(_write_table(tmp_path / "win.csv", rows, encoding="cp1252"), tmp_path / "out")
    assert done.exit_code == 0, done.output
    assert "is not UTF-8: read as Windows-1252" in done.output
    texts = {e.text for e in read_package(tmp_path / "out").evidence}
    assert "Le médecin m’a dit « non » – vraiment" in texts


@pytest.mark.parametrize("cell, problem", [
    ("a\x00b", "win.csv, row 3: the cell under 'Context (C)' holds a NUL character (\\0)"),
    ("x" * 131_073, "win.csv, row 3: a cell is longer than 131,072 characters"),
])
def test_a_table_cell_no_store_can_keep_is_refused_at_its_row(tmp_path: Path, cell: str,
                                                               problem: str) -> None:
    rows = _fixture_rows(4)
    rows[2][1] = cell
    out = tmp_path / "out"
    assert_refused(_import(_write_table(tmp_path / "win.csv", rows), out), problem)
    assert not out.exists()


@pytest.mark.parametrize("header", ["Programme theory\r", "x" * 131_073])
def test_an_odd_first_line_does_not_stop_the_import_with_a_traceback(tmp_path: Path, header: str) -> None:
    """A stray carriage return, or a header cell over the CSV reader's limit (found by fuzzing)."""
    rows = _fixture_rows(3)
    rows[0][0] = header
    out = tmp_path / "out"
    done = _import(_write_table(tmp_path / "t.csv", rows), out)
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    assert "Traceback" not in done.output
    assert (done.exit_code == 0) == out.exists(), done.output


# URL state: found by fuzzing (tests/test_fuzz_urlstate.py).
def test_a_chain_number_that_is_a_digit_but_not_a_number_opens_the_pathway_page() -> None:
    from dashboard.pages import pathways

    assert pathways.initial_state({"chain": "²"})["chain"] is None  # str.isdigit('²') is True, int() fails
    pathways.layout(chain="²", hops="²")


def test_a_nul_in_a_link_never_reaches_the_store() -> None:
    from dashboard.pages import network

    assert network.initial_state({"q": "lead\x00er", "focus": "reco:\x00x"})["q"] == "leader"


def test_a_nul_in_the_bibtex_file_is_refused_at_its_line(tmp_path: Path) -> None:
    """Found by reading the importer after the model check: it was a ValidationError traceback."""
    bib = tmp_path / "references.bib"
    bib.write_bytes(BIB.read_bytes().replace(b"title", b"ti\x00tle", 1))
    line = BIB.read_text(encoding="utf-8").split("title", 1)[0].count("\n") + 1
    out = tmp_path / "out"
    done = ptgraph("import", _write_table(tmp_path / "t.csv", _fixture_rows(3)), "--review", "chw", "--out",
                   out, "-y", "--map", "quote=Supporting data excerpt", "--bib", bib)
    assert_refused(done, f"references.bib:{line}: holds a NUL character (\\0)")
    assert not out.exists()


def test_a_deck_name_longer_than_a_file_name_says_there_is_no_such_deck() -> None:
    """?deck=xxx…x (300 letters) raised OSError 'File name too long' (found by fuzzing)."""
    from dashboard.views.deck import DeckError, load_deck

    with pytest.raises(DeckError, match="There is no deck named"):
        load_deck("x" * 300)
