"""Fuzzing ``ptgraph import-prose``: report text with inline (context) / (mechanism) / (outcome)
marks and attributed quotes, spliced, spoiled and mixed with hostile text, gives a draft package
that validates and can be stored, or one of ptgraph's own errors; never another exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from graph.errors import PtgraphError
from graph.models import Review
from loaders.prose.draft import draft_package
from loaders.prose.parser import chapter_lines, parse_prose
from tests.fuzzing import assert_storable, examples, hostile_text

REPORT = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "reco-hta-report-2024.txt"
MARKS = ["(context)", "(mechanism – resource)", "(mechanism – response)", "(mechanism)", "(outcome)",
         "(outcome – proximal)", "(outcome – distal)", "(Carer)", "(context", "outcome)", "()", "(("]
LINES = ["Programme theory 5: committed leadership", "Refined programme theory 12", "Chapter 4 Results",
         "SP22, Case Study C", "P3, service user", "SP4", "Table 7 CMOC", "| PT 3 | If staff … then |",
         "Summary", "Appendix 2 Extra", ""]


def _report_lines() -> list[str]:
    """A slice of the real report's marked chapter, so most examples start from real prose."""
    text = REPORT.read_text(encoding="utf-8")
    return [line for _, line in chapter_lines(text, 4)][:400]


REAL = _report_lines()


@st.composite
def prose(draw: st.DrawFn) -> str:
    """Real lines of the report with marks, headings, attributions and hostile text spliced in."""
    start = draw(st.integers(0, len(REAL) - 1))
    lines = REAL[start:start + draw(st.integers(0, 30))]
    for _ in range(draw(st.integers(0, 12))):
        piece = draw(st.one_of(st.sampled_from(MARKS), st.sampled_from(LINES), hostile_text))
        where = draw(st.integers(0, len(lines)))
        if lines and where < len(lines) and draw(st.booleans()):  # inside a line, at any character
            cut = draw(st.integers(0, len(lines[where])))
            lines[where] = lines[where][:cut] + piece + lines[where][cut:]
        else:
            lines.insert(where, piece)
    return "\n".join(lines).encode("utf-8", "replace").decode("utf-8")  # as a UTF-8 file reads


@examples(60)
@given(prose())
def test_prose_drafts_validate_and_store_or_are_refused_plainly(text: str) -> None:
    review = Review(id="fuzz", name="fuzz", source="report.txt")
    try:
        package = draft_package(parse_prose(chapter_lines(text)), review)
    except (PtgraphError, ValueError):  # the CLI names the file with a ValueError's sentence
        return
    assert_storable(package)
    for evidence in package.evidence:  # quotes verbatim: each is words of the text, never made up
        assert evidence.text in text, evidence.text


@examples(30)
@given(st.text(max_size=2000), st.one_of(st.none(), st.integers(-3, 20)))
def test_any_text_and_chapter_give_lines_or_a_plain_refusal(text: str, chapter: int | None) -> None:
    try:
        lines = chapter_lines(text, chapter)
    except ValueError:  # the CLI names the file and says which chapter was not found
        return
    try:
        package = draft_package(parse_prose(lines), Review(id="fuzz", name="fuzz", source="report.txt"))
    except PtgraphError:
        return
    assert_storable(package)
