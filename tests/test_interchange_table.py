"""The CMOC extraction table: export → ptgraph import → load gives the same graph (issue 10)."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graph.errors import ImportInvalid
from graph.interchange.exporter import ExportRequest, export
from graph.interchange.graphs import full_graph, resolve_scope
from graph.load import load_package
from graph.stores.falkor_store import FalkorStore
from loaders.tables.importer import ImportRequest, plan_import, write_import
from tests.processes import ptgraph


def _graph(store, review):
    G = full_graph(store, resolve_scope(store, review, None))
    nodes = {n: dict(d) for n, d in G.nodes(data=True)}
    edges = {(a, b, k): dict(d) for a, b, k, d in G.edges(keys=True, data=True)}
    return nodes, edges


def _round_trip(store, review: str, table: Path, ptgraph_home: Path, tmp_path: Path) -> None:
    export(store, "table", table, ExportRequest(review=review))
    plan = plan_import(ImportRequest([table], review))
    written = write_import(plan, tmp_path / "package")
    assert written.startswith(f"Wrote {tmp_path / 'package'}")
    other = FalkorStore(f"{store.graph_name}_back", home=ptgraph_home)
    try:
        load_package(other, plan.written)
        nodes, edges = _graph(store, review)
        back_nodes, back_edges = _graph(other, review)
        assert len(back_nodes) == len(nodes) and len(back_edges) == len(edges)
        assert back_nodes == nodes  # every node: same id, label and every property
        assert back_edges == edges  # every relationship, LEADS_TO included, with every property
    finally:
        other.drop()
        other.close()


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_reco_comes_back_identical_from_its_table(reco_store, ptgraph_home, tmp_path, suffix):
    _round_trip(reco_store, "reco", tmp_path / f"reco.{suffix}", ptgraph_home, tmp_path)
    # the glossary comes back as the mapping a person writes, not the stores' 'TERM: meaning' strings
    review_yaml = (tmp_path / "package" / "review.yaml").read_text(encoding="utf-8")
    assert "\nabbreviations:\n  CCG: clinical commissioning group\n" in review_yaml


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_the_example_comes_back_identical_from_its_table(example_store, ptgraph_home, tmp_path, suffix):
    _round_trip(example_store, "example", tmp_path / f"example.{suffix}", ptgraph_home, tmp_path)


def test_the_table_reads_as_an_extraction_table(reco_store, tmp_path):
    out = tmp_path / "reco.xlsx"
    export(reco_store, "table", out, ExportRequest())
    book = load_workbook(out, read_only=True)
    assert book.sheetnames[:5] == ["CMOCs", "Review", "Vocabulary", "Abbreviations", "Theories"]
    assert ["CCG", "clinical commissioning group"] in [list(r) for r in book["Abbreviations"].values]
    rows = list(book["CMOCs"].iter_rows(values_only=True))
    header, body = rows[0], [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]
    assert header[:3] == ("theory", "cmoc", "context") and "quote" in header
    row = next(r for r in body if r["cmoc"] == "pt5-synthesis" and r["evidence_id"] == "pt5-q02")
    assert row["context"] == "Committed leadership across organisations"
    assert row["resource"] == "Training, supervision and practice-based learning"
    assert row["response"].split("\n") == ["Staff confidence and skills", "Staff empathy and compassion"]
    assert row["participant"] == "SP60" and row["role"] == "Staff" and row["site"] == "Case Study F"
    assert row["quote"].startswith("[O]ur leaders are very supportive")
    assert any(r["context"] and r["context"].startswith("absent: ") for r in body)


def test_the_main_sheet_alone_still_joins_concepts_into_chains(reco_store, tmp_path):
    """Without companions or detail columns, concepts are made from their names: one node each."""
    out = tmp_path / "reco.csv"
    export(reco_store, "table", out, ExportRequest())
    basic = tmp_path / "basic.csv"
    keep = (
        "theory",
        "cmoc",
        "context",
        "resource",
        "response",
        "outcome",
        "outcome_level",
        "polarity",
        "quote",
        "participant",
        "role",
        "site",
        "source",
    )
    with (
        out.open(encoding="utf-8", newline="") as handle,
        basic.open("w", encoding="utf-8", newline="") as new,
    ):
        writer = csv.DictWriter(new, fieldnames=keep)
        writer.writeheader()
        for row in csv.DictReader(handle):
            writer.writerow({k: row[k] for k in keep})
    plan = plan_import(ImportRequest([basic], "basic"))
    package = plan.package
    assert len(package.cmocs) == 159 and len(package.concepts) == 71
    from graph.causal import derive_links

    assert len(derive_links(package.cmocs, {c.id: c for c in package.concepts})) == 350


def _table(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(dict.fromkeys(k for r in rows for k in r)))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_element_cells_with_lines_absences_wordings_and_levels(tmp_path):
    path = _table(
        tmp_path,
        [
            {
                "theory": "PT1 Trust",
                "context": "Local recruitment\nabsent: Stipend delays",
                "context_wording": "CHWs come from the village\nstipends were not late",
                "mechanism": "Mothers trust the CHW",
                "outcome": "Visits welcomed\nEarlier care",
                "outcome_level": "proximal\ndistal",
                "quote": "She is one of us",
                "participant": "M1",
                "role": "Mother",
            }
        ],
    )
    cmoc = plan_import(ImportRequest([path], "t")).package.cmocs[0]
    assert [(e.concept, e.wording, e.absent) for e in cmoc.context] == [
        ("local-recruitment", "CHWs come from the village", False),
        ("stipend-delays", "stipends were not late", True),
    ]
    assert [(e.concept, e.level) for e in cmoc.outcome] == [
        ("visits-welcomed", "proximal"),
        ("earlier-care", "distal"),
    ]
    assert cmoc.mechanism[0].wording == "Mothers trust the CHW"  # no wording column: the cell's own words


def test_bad_detail_cells_and_companion_rows_are_told_by_row(tmp_path):
    path = _table(
        tmp_path,
        [
            {
                "theory": "PT1",
                "context": "A",
                "mechanism": "B",
                "outcome": "C\nD",
                "outcome_level": "proximal\nx\ny",
                "cmoc_paragraph": "two",
                "relation": "refutes",
                "quote": "q",
                "participant": "P1",
                "role": "R",
                "evidence_id": "e1",
            },
            {
                "theory": "PT1",
                "context": "A",
                "mechanism": "B",
                "resource": "R",
                "outcome": "C",
                "quote": "other",
                "participant": "P1",
                "role": "R",
                "evidence_id": "e1",
            },
        ],
    )
    (tmp_path / "t.theories.csv").write_text("id,name,stage\nPT 1,One,final\n", encoding="utf-8")
    (tmp_path / "t.abbreviations.csv").write_text(
        "term,meaning\nPT,programme theory\nPT,physical therapy\nCMOC,\n", encoding="utf-8"
    )
    with pytest.raises(ImportInvalid) as caught:
        plan_import(ImportRequest([path], "t"))
    text = "\n".join(map(str, caught.value.problems))
    assert "t.csv, row 2: 3 outcome levels for 2 outcomes" in text
    assert "t.csv, row 2: relation 'refutes' is not one of challenges, supports" in text
    assert "t.csv, row 3: gives both an undivided mechanism and a resource/response" in text
    assert "t.theories.csv, row 2: id: ids may use lower-case letters" in text
    assert (
        "t.theories.csv, row 2: stage: must be one of 'draft', 'initial' or 'refined' (got 'final')" in text
    )
    assert "t.abbreviations.csv, row 3: abbreviation 'PT' is given twice" in text
    assert "t.abbreviations.csv, row 4: an abbreviation needs a meaning" in text


def test_evidence_told_differently_on_two_rows_is_a_problem(tmp_path):
    path = _table(
        tmp_path,
        [
            {
                "cmoc": "c1",
                "context": "A",
                "mechanism": "B",
                "outcome": "C",
                "quote": "said once",
                "participant": "P1",
                "role": "R",
                "evidence_id": "e1",
            },
            {
                "cmoc": "c2",
                "context": "A",
                "mechanism": "D",
                "outcome": "C",
                "quote": "said twice",
                "participant": "P1",
                "role": "R",
                "evidence_id": "e1",
            },
        ],
    )
    with pytest.raises(ImportInvalid, match="row 3: evidence 'e1' is stated differently here than in row 2"):
        plan_import(ImportRequest([path], "t"))


def test_export_table_then_import_on_the_command_line(cli_env, tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return ptgraph(cli_env, *args, cwd=tmp_path)

    assert run("load", "example").returncode == 0
    done = run("export", "table", "example.xlsx")
    assert done.returncode == 0 and "5 rows for 3 CMOCs" in done.stdout, done.stderr
    back = run("import", "example.xlsx", "--review", "example", "--out", "again", "--load", "--replace")
    assert back.returncode == 0, back.stderr
    assert "(guessed)" not in back.stdout  # a table with ptgraph's own headers needs no guessing
    assert "Loaded review 'example': 28 nodes, 39 relationships" in back.stdout
