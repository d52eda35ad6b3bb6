"""REFI-QDA import (issue 10): codebooks and projects built to the published schema become draft reviews."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from graph.errors import ImportInvalid
from graph.models import Review
from loaders.package import read_package
from loaders.qda.refiqda import plan_qda
from loaders.writer import write_package
from tests.processes import ptgraph
from tests.qda_files import FIXTURES, INTERVIEW_A, INTERVIEW_B, span, write_qdpx

REVIEW = Review(id="chw-qda", name="CHW interviews")


def test_codes_become_concepts_with_their_kind_from_the_hierarchy():
    plan = plan_qda(FIXTURES / "codebook.qdc", REVIEW)
    kinds = {c.name: c.kind.value for c in plan.package.concepts}
    assert kinds == {
        "Village leaders endorse the programme": "context",
        "Stipends are paid late": "context",
        "Mothers trust the CHW": "mechanism",
        "Families welcome home visits": "outcome",
        "Care is sought earlier": "outcome",
    }
    leaders = next(c for c in plan.package.concepts if c.id == "village-leaders-endorse-the-programme")
    assert leaders.definition == "Leaders speak for the CHW programme in public"
    assert [t.name for t in plan.package.theories] == ["PT1 Community trust"]
    assert "left out: Striking quotes" in plan.notes[0]  # a code with no kind is told, not guessed


def test_a_mapping_file_gives_kinds_the_hierarchy_does_not(tmp_path):
    codes = tmp_path / "codes.yaml"
    codes.write_text(
        "Striking quotes: outcome\nPT1 Community trust/Mechanisms/Mothers trust the CHW: response\n"
    )
    kinds = {
        c.name: c.kind.value for c in plan_qda(FIXTURES / "codebook.qdc", REVIEW, codes).package.concepts
    }
    assert kinds["Striking quotes"] == "outcome" and kinds["Mothers trust the CHW"] == "response"
    codes.write_text("Striking quotes: feeling\n")
    with pytest.raises(ImportInvalid, match="codes.yaml: Striking quotes: kind 'feeling' is not one of"):
        plan_qda(FIXTURES / "codebook.qdc", REVIEW, codes)


def test_coded_segments_become_verbatim_evidence_with_document_and_position(tmp_path):
    plan = plan_qda(write_qdpx(tmp_path / "chw.qdpx"), REVIEW)
    package = write_package(plan.package, tmp_path / "draft")  # written, read back and validated
    evidence = {e.id: e for e in package.evidence}
    start, end = span(INTERVIEW_A, "When the chief said")[0], span(INTERVIEW_A, "we open the door.")[1]
    quote = evidence[f"ev-interview-m04-{start}-{end}"]
    assert quote.text == INTERVIEW_A[start:end]  # verbatim, by the project's own character positions
    assert (quote.kind, quote.speaker, quote.role) == ("quote", "M04", "mother")
    assert (quote.section, quote.paragraph, quote.page) == ("Interview M04", 2, f"characters {start}–{end}")
    b = next(e for e in package.evidence if e.speaker == "CHW11" and "baraza" in e.text)
    assert "—" in b.text and b.note == "baraza: a public meeting" and b.text in INTERVIEW_B
    trust = next(
        c for c in package.cmocs if {e.id for e in package.evidence if c.id in e.supports} >= {quote.id}
    )
    assert (
        trust.theory == "pt1-community-trust"
        and len([e for e in package.evidence if trust.id in e.supports]) == 2
    )
    assert [e.concept for e in trust.context] == ["village-leaders-endorse-the-programme"]
    early = next(c for c in package.cmocs if c.outcome and c.outcome[0].concept == "care-is-sought-earlier")
    assert [m.value for m in early.missing] == ["context"]  # a draft says what is missing, never guesses
    assert early.missing_reason == "the segment is not coded with a context code"
    assert not any(c.context and c.context[0].concept == "stipends-are-paid-late" for c in package.cmocs)
    assert any("1 coded selection(s) carry no mechanism code" in n for n in plan.notes)
    assert {t.id for t in package.review.roles} == {"mother", "community_health_worker", "researcher"}
    assert "1 coded selection(s) carry no code with a kind" in plan.notes[-1]
    assert read_package(tmp_path / "draft").review.id == "chw-qda"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda p: p.write_text("not a zip"), "chw.qdpx: is not a .qdpx project (a zip file)"),
        (lambda p: write_qdpx(p, qde="<Project><Sources>"), "chw.qdpx: project.qde:1: not well-formed XML"),
        (lambda p: write_qdpx(p, sources=False), "TextSource 'Interview M04': its text internal://"),
        (lambda p: write_qdpx(p, bad_position=True), "PlainTextSelection 'B2' of Interview CHW11: positions"),
        (
            lambda p: write_qdpx(p, unknown_code=True),
            "PlainTextSelection 'C1' of Clinic field notes: Coding refers to no code",
        ),
    ],
)
def test_a_broken_project_is_told_plainly_and_nothing_is_written(tmp_path, build, message):
    path = tmp_path / "chw.qdpx"
    build(path)
    with pytest.raises(ImportInvalid) as caught:
        plan_qda(path, REVIEW)
    assert message in "\n".join(map(str, caught.value.problems))


def test_import_qda_command_writes_a_draft_or_nothing(cli_env, tmp_path: Path):
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return ptgraph(cli_env, *args, cwd=tmp_path)

    write_qdpx(tmp_path / "chw.qdpx")
    done = run("import-qda", "chw.qdpx", "--review", "chw-qda", "--out", "draft", "--load")
    assert done.returncode == 0, done.stderr
    assert (
        "2 CMOCs" in done.stdout
        and "3 evidence items" in done.stdout
        and "Loaded review 'chw-qda'" in done.stdout
    )
    (tmp_path / "broken.qdpx").write_text("nope")
    failed = run("import-qda", "broken.qdpx", "--review", "x", "--out", "nothing")
    assert failed.returncode == 1 and "broken.qdpx: is not a .qdpx project" in failed.stderr
    assert "Traceback" not in failed.stderr and not (tmp_path / "nothing").exists()


def test_the_table_import_points_a_qda_file_to_import_qda(tmp_path):
    from loaders.tables.importer import ImportRequest, plan_import

    with pytest.raises(ImportInvalid, match="chw.qdpx: is a REFI-QDA codebook or project: import it with"):
        plan_import(ImportRequest([write_qdpx(tmp_path / "chw.qdpx")], "chw"))
