"""``ptgraph import`` on the synthetic CHW review (tests/fixtures/chw): CSV and XLSX, bad rows, ids."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.errors import ImportInvalid
from graph.extraction import COLUMNS, guess_mapping
from loaders.package import read_package
from loaders.tables.importer import ImportRequest, plan_import, write_import

FIXTURE = Path(__file__).parent / "fixtures" / "chw"
MAP = ("quote=Supporting data excerpt",)


def request(*tables: Path, **options) -> ImportRequest:
    return ImportRequest(list(tables), "chw", maps=MAP, bib=FIXTURE / "references.bib", **options)


def fixture_rows(name: str = "extraction-fixed.csv") -> list[dict[str, str]]:
    with (FIXTURE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_fixture_is_a_realistic_review() -> None:
    rows = fixture_rows()
    assert len(rows) >= 300 and len({r["Study"] for r in rows}) >= 20
    assert "SYNTHETIC" in (FIXTURE / "README.md").read_text(encoding="utf-8")
    assert any("\n" in r["Supporting data excerpt"] for r in rows)
    assert any("“" in r["Supporting data excerpt"] and "–" in r["Supporting data excerpt"] for r in rows)


def test_malformed_rows_are_reported_by_row_and_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(ImportInvalid) as caught:
        plan_import(request(FIXTURE / "extraction.csv"))
    found = {(p.line, p.message.split(" (")[0]) for p in caught.value.problems}
    assert {line for line, _ in found} == {42, 97, 152, 212}
    text = "\n".join(map(str, caught.value.problems))
    assert "extraction.csv, row 42: no mechanism" in text
    assert "row 97: outcome level 'long' is not one of distal, intermediate, proximal" in text
    assert "row 152: source 'gurung2099' is not a key of the BibTeX file (did you mean 'gurung2018'?)" in text
    assert "row 212: has 18 cells but the header has 16: probably a stray comma (',')" in text
    assert not (tmp_path / "chw").exists()


def test_fixed_table_writes_a_package_that_validates(tmp_path: Path) -> None:
    plan = plan_import(request(FIXTURE / "extraction-fixed.csv"))
    assert any("(guessed)" in line for line in plan.report()) and plan.guessed
    write_import(plan, tmp_path / "chw")
    package = read_package(tmp_path / "chw")
    assert len(package.cmocs) > 200 and len(package.references) == 24
    assert all(c.mechanism and not c.resource for c in package.cmocs)  # one undivided mechanism column
    assert {t.id for t in package.review.roles} >= {"mother", "chw", "supervisor"}
    assert {t.id for t in package.review.attributes} == {"confidence", "country", "study_design"}
    assert [t.id for t in package.review.frameworks] == ["cfir"] and len(package.components) == 4
    assert all(t.domains for t in package.theories if t.name != "Unassigned")
    assert any(t.id == "pt-unassigned" or t.name == "Unassigned" for t in package.theories)
    kinds = {e.kind for e in package.evidence}
    assert kinds >= {"quote", "focus_group", "document", "observation"}
    assert all(e.cites and e.page for e in package.evidence)
    assert any(c.polarity == "negative" for c in package.cmocs)


def test_every_quote_survives_verbatim(tmp_path: Path) -> None:
    write_import(plan_import(request(FIXTURE / "extraction-fixed.csv")), tmp_path / "chw")
    texts = {e.text for e in read_package(tmp_path / "chw").evidence}
    for row in fixture_rows():
        assert row["Supporting data excerpt"].strip() in texts


def test_reimporting_the_same_table_gives_the_same_files(tmp_path: Path) -> None:
    for out in ("a", "b"):
        write_import(plan_import(request(FIXTURE / "extraction-fixed.csv")), tmp_path / out)
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def xlsx_from_csv(target: Path, rows: list[dict[str, str]]) -> Path:
    """The fixture as a workbook with two sheets of rows and a notes sheet without CMOC columns."""
    from openpyxl import Workbook

    book = Workbook()
    header = list(rows[0])
    for title, part in (("First studies", rows[:170]), ("Later studies", rows[170:])):
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in part:
            sheet.append([int(row[h]) if h == "Page" else row[h] for h in header])
    book["Sheet"].append(["Notes"])
    book["Sheet"].append(["Extraction by two reviewers; disagreements resolved by discussion."])
    book.save(target)
    return target


def test_xlsx_with_several_sheets_gives_the_csv_graph(tmp_path: Path) -> None:
    rows = fixture_rows()
    workbook = xlsx_from_csv(tmp_path / "extraction.xlsx", rows)
    plan = plan_import(request(workbook))
    assert any("sheet 'Sheet' has no context or outcome column" in n for n in plan.notes)
    write_import(plan, tmp_path / "from-xlsx")
    write_import(plan_import(request(FIXTURE / "extraction-fixed.csv")), tmp_path / "from-csv")
    xlsx, csv_ = read_package(tmp_path / "from-xlsx"), read_package(tmp_path / "from-csv")
    assert {c.id for c in xlsx.cmocs} == {c.id for c in csv_.cmocs}
    assert {c.id: c.name for c in xlsx.concepts} == {c.id: c.name for c in csv_.concepts}
    assert {e.text for e in xlsx.evidence} == {e.text for e in csv_.evidence}


def test_a_bad_row_in_a_workbook_names_its_sheet(tmp_path: Path) -> None:
    rows = fixture_rows()
    rows[180]["Outcome (O)"] = ""
    with pytest.raises(ImportInvalid) as caught:
        plan_import(request(xlsx_from_csv(tmp_path / "bad.xlsx", rows)))
    assert [str(p) for p in caught.value.problems] == [
        "bad.xlsx, sheet 'Later studies', row 12: no outcome (the cell is empty: fill it, or write "
        "'missing: <why>')"
    ]


def test_bom_windows_1252_and_semicolons_are_named(tmp_path: Path) -> None:
    table = tmp_path / "excel.csv"
    text = (
        "Context;Mechanism;Outcome;Quote;Source\r\nStaff “trust” us;We feel safe – mostly;Café visits rise;"
        "“She knows me”;Sow 2019\r\n"
    )
    table.write_bytes(text.encode("cp1252"))
    plan = plan_import(ImportRequest([table], "win"))
    notes = " ".join(plan.notes)
    assert "not UTF-8: read as Windows-1252" in notes and "semicolon (';')" in notes
    assert plan.package.evidence[0].text == "“She knows me”"
    assert plan.package.concepts[0].name == "Staff “trust” us"
    table.write_bytes(b"\xef\xbb\xbf" + text.replace(";", ",").encode("utf-8"))
    plan = plan_import(ImportRequest([table], "bom"))
    assert any("byte-order mark (BOM)" in n for n in plan.notes)
    assert plan.package.concepts[0].name == "Staff “trust” us"


def test_mapping_mistakes_say_what_was_meant(tmp_path: Path) -> None:
    with pytest.raises(ImportInvalid) as caught:
        plan_import(
            ImportRequest(
                [FIXTURE / "extraction-fixed.csv"],
                "chw",
                maps=("contxt=Context (C)", "quote=Supporting excerpt"),
            )
        )
    text = "\n".join(map(str, caught.value.problems))
    assert "--map names no field 'contxt' (did you mean 'context'?)" in text
    assert (
        "--map quote='Supporting excerpt': no such column (did you mean 'Supporting data excerpt'?)" in text
    )


def test_canonical_headers_need_no_mapping() -> None:
    headers = [c.field for c in COLUMNS]
    assert guess_mapping(headers) == {h: h for h in headers}


def test_codebook_is_the_concept_layer(tmp_path: Path) -> None:
    plan = plan_import(request(FIXTURE / "extraction-fixed.csv", codebook=FIXTURE / "codebook.yaml"))
    write_import(plan, tmp_path / "chw")
    assert (tmp_path / "chw" / "merges.csv").is_file()
    plain = read_package(tmp_path / "chw")
    without = plan_import(request(FIXTURE / "extraction-fixed.csv")).package
    assert len(plain.concepts) < len(without.concepts)
    trust = next(c for c in plain.concepts if c.name == "Mothers trust the CHW as one of their own")
    wordings = {e.wording for c in plain.cmocs for e in c.mechanism if e.concept == trust.id}
    assert len(wordings) >= 3  # every original wording stays on its CMOC
    assert set(trust.aliases) == wordings - {trust.name}


def test_an_import_can_apply_a_mapping_of_accepted_merges(tmp_path: Path) -> None:
    plain = plan_import(request(FIXTURE / "extraction-fixed.csv")).package
    names = {c.name: c.id for c in plain.concepts}
    keep = names["Mothers trust the CHW as one of their own"]
    merge = names["Mothers place their trust in a familiar local health worker"]
    mapping = tmp_path / "mapping.csv"
    mapping.write_text(
        f"decision,rename,keep,merge\naccept,,chw:{keep},chw:{merge}\nreject,,chw:a,chw:b\n", encoding="utf-8"
    )
    write_import(plan_import(request(FIXTURE / "extraction-fixed.csv", mapping=mapping)), tmp_path / "chw")
    package = read_package(tmp_path / "chw")
    assert merge not in {c.id for c in package.concepts} and len(package.merges) == 1
