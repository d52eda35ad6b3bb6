"""Annotated prose in (issue 10): inline CMOC marks and attributed quotes, scored on RECO chapter 4."""

from __future__ import annotations

import subprocess
import sys

import pytest

from graph.models import Review
from loaders.package import read_package
from loaders.prose.draft import draft_package
from loaders.prose.evaluate import evaluate_prose
from loaders.prose.parser import chapter_lines, parse_prose
from loaders.writer import write_package
from tests.conftest import REPORT

TEXT = """Chapter 4 Refining the theories
These are summarised in Table 3.
PT 1: trust | If CHWs live locally (context), mothers trust them (mechanism – response) and visits rise (outcome) |
Refined programme theory 1: trust
Summary of evidence
When leaders speak for the programme [context], families accept the CHW (mechanism – resource) and mothers feel safe (mechanism–response), so more visits happen (proximal outcome). Staff said it was ‘everyone’s business’ (SP3, Case Study A; P4, (Carer) Case Study B).
She is one of us, so we open the door.
P7, Case Study A
Late stipends (context) (mechanism – resource) lower morale (outcomes).
The money comes late — three months.
SP9 Case study C
Chapter 5 Discussion
Nothing here (context) counts.
"""  # noqa: E501


def test_marks_and_quotes_are_found_with_their_locators():
    draft = parse_prose(chapter_lines(TEXT, 4))
    table, first, late = draft.cmocs
    assert table.section == "Table 3" and table.theory == "pt1" and table.paragraph is None
    assert [(m.role, m.text) for m in table.marks] == [
        ("context", "If CHWs live locally"),
        ("response", "mothers trust them"),
        ("outcome", "visits rise"),
    ]
    assert first.section == "Refined programme theory 1: trust" and first.paragraph == 2  # heading's 2nd line
    assert [(m.role, m.text, m.level) for m in first.marks] == [
        ("context", "When leaders speak for the programme", None),
        ("resource", "families accept the CHW", None),
        ("response", "mothers feel safe", None),
        ("outcome", "more visits happen", "proximal"),
    ]
    assert [(m.role, m.text) for m in late.marks] == [
        ("context", "Late stipends"),
        ("outcome", "lower morale"),
    ]
    assert any("'(mechanism – resource)' has no words of its own" in note[3] for note in draft.notes)
    quotes = {(q.speaker, q.role, q.site, q.paragraph, q.inline): q.text for q in draft.quotes}
    assert quotes == {
        ("SP3", "staff", "Case Study A", 2, True): "everyone’s business",
        ("P4", "carer", "Case Study B", 2, True): "everyone’s business",  # one item per speaker
        ("P7", "service_user", "Case Study A", 3, False): "She is one of us, so we open the door.",
        ("SP9", "staff", "Case study C", 6, False): "The money comes late — three months.",
    }
    assert all(m.section != "Chapter 5 Discussion" for m in draft.marks)


def test_the_draft_package_validates_and_notes_what_it_could_not_settle(tmp_path):
    package = draft_package(parse_prose(chapter_lines(TEXT, 4)), Review(id="draft", name="Draft"))
    written = write_package(package, tmp_path / "draft")
    cmocs = {c.id: c for c in written.cmocs}
    assert set(cmocs) == {"pt1-table", "pt1-p2"}
    assert [m.value for m in cmocs["pt1-table"].missing] == ["resource"]  # never invented
    assert cmocs["pt1-table"].missing_reason == "not marked in the source: resource"
    notes = [n.text for n in written.notes]
    assert any(n.startswith("paragraph 5 marks context, outcome but no mechanism") for n in notes)
    quote = next(e for e in written.evidence if e.speaker == "P7")
    assert quote.supports == ["pt1-p2"] and "nearest marked configuration" in quote.note
    assert {t.id for t in written.review.roles} == {"staff", "carer", "service_user"}
    assert any("no words of its own" in n.text for n in written.notes)


@pytest.fixture(scope="module")
def reco_draft():
    if not REPORT.is_file():
        pytest.skip(f"the RECO report is not at {REPORT} (../shared beside the checkout)")
    text = REPORT.read_text(encoding="utf-8")
    return text, parse_prose(chapter_lines(text, 4))


def test_on_reco_chapter_4_quotes_stay_verbatim_and_the_scores_hold(reco_draft):
    text, draft = reco_draft
    assert all(q.text in text for q in draft.quotes) and all(m.text in text for m in draft.marks)
    scores = evaluate_prose(draft, read_package("reco"))
    print("\n".join(scores.report()))
    # floors a little under the measured values (docs/interchange.md): a regression fails here
    assert scores.elements.precision >= 0.90 and scores.elements.recall >= 0.65
    assert scores.quotes.precision >= 0.95 and scores.quotes.recall >= 0.88
    assert scores.quotes.curated == 234 and scores.elements.curated == 562


def test_on_reco_chapter_4_the_draft_validates(reco_draft, tmp_path):
    package = draft_package(reco_draft[1], Review(id="reco-draft", name="RECO draft"))
    written = write_package(package, tmp_path / "reco-draft")
    assert len(written.theories) == 11 and len(written.cmocs) > 100 and len(written.evidence) > 200
    assert all(e.section and e.paragraph for e in written.evidence)


def test_evaluate_prose_command_prints_precision_and_recall(cli_env, tmp_path):
    if not REPORT.is_file():
        pytest.skip(f"the RECO report is not at {REPORT}")
    done = subprocess.run(
        [sys.executable, "-m", "cli", "evaluate-prose", str(REPORT), "--chapter", "4", "--against", "reco"],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "CMOC elements: precision 0." in done.stdout and "quote attribution: precision 0." in done.stdout
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "cli",
            "import-prose",
            str(tmp_path / "none.txt"),
            "--review",
            "x",
            "--out",
            str(tmp_path / "x"),
        ],
        env=cli_env,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 1 and "none.txt: no such file" in missing.stderr
    assert not (tmp_path / "x").exists()
