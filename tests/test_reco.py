"""The built-in RECO package: complete, faithful and traceable to the report."""

from __future__ import annotations

import re
from functools import cache

import pytest

from graph.analytics.network import causal_graph
from graph.analytics.pathways import find_pathways
from graph.fidelity import fidelity_report, unevidenced_links
from graph.load import load_package
from graph.package import ReviewPackage
from graph.stores.falkor_store import FalkorStore
from loaders.package import read_package
from tests.conftest import REPORT

pytestmark = pytest.mark.skipif(not REPORT.is_file(), reason=f"the RECO report is not at {REPORT}")
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(QUOTES)).strip()


@cache
def report_lines() -> tuple[str, ...]:
    return tuple(REPORT.read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def reco() -> ReviewPackage:
    return read_package("reco")


def located_paragraph(section: str, paragraph: int) -> str:
    lines = report_lines()
    heading = lines.index(section)
    return lines[heading + paragraph]


def test_every_quote_is_verbatim_and_attributed(reco: ReviewPackage) -> None:
    whole = normalise("\n".join(report_lines()))
    quotes = [e for e in reco.evidence if e.kind == "quote"]
    assert len(quotes) >= 150
    for e in reco.evidence:
        assert normalise(e.text) in whole, f"{e.id} is not verbatim in the report"
    for e in quotes:
        assert e.speaker and e.role and e.site, e.id
        assert re.fullmatch(r"S?P\d+", e.speaker), f"{e.id}: speaker {e.speaker!r}"
        assert (e.role == "staff") == e.speaker.startswith("SP"), e.id


def test_every_evidence_locator_points_at_its_text(reco: ReviewPackage) -> None:
    for e in reco.evidence:
        assert e.section and e.paragraph, f"{e.id} has no locator"
        assert normalise(e.text) in normalise(located_paragraph(e.section, e.paragraph)), (
            f"{e.id}: text not in {e.section!r} paragraph {e.paragraph}")


def test_quote_attribution_matches_the_report(reco: ReviewPackage) -> None:
    """The speaker and site are printed with the quote (inline) or on the next line."""
    for e in (e for e in reco.evidence if e.kind == "quote"):
        here = located_paragraph(e.section, e.paragraph)
        after = located_paragraph(e.section, e.paragraph + 1)
        site_letter = e.site.removeprefix("site-").upper() if e.site else ""
        nearby = normalise(here + " " + after)
        assert e.speaker in re.findall(r"S?P\d+", nearby), f"{e.id}: {e.speaker} not printed with it"
        assert f"Case Study {site_letter}" in nearby or e.note, f"{e.id}: site not printed with it"


def test_all_eleven_theories_have_a_complete_cmoc(reco: ReviewPackage) -> None:
    refined = {t.id for t in reco.theories if t.stage == "refined" and t.number}
    assert refined == {f"pt{n}" for n in range(1, 12)}
    complete = {c.theory for c in reco.cmocs if c.complete}
    assert refined <= complete
    assert any(c.polarity == "negative" for c in reco.cmocs)


def test_sites_carry_the_reports_costs(reco: ReviewPackage) -> None:
    row = re.compile(r"^[A-F] \| (Network|Consultancy|Lead and link) \| ")
    table5 = {line[0]: line for line in report_lines() if row.match(line)}
    assert len(reco.sites) == 6
    for site in reco.sites:
        letter = site.id.removeprefix("site-").upper()
        assert site.annual_cost and site.annual_cost in table5[letter], site.id
        assert site.annual_cost_gbp and site.annual_cost_gbp > 0


def test_references_are_the_reports_reference_list(reco: ReviewPackage) -> None:
    lines = report_lines()
    start = lines.index("References") + 1
    printed = []
    for line in lines[start:]:
        if not line.startswith("- "):
            break
        printed.append(line[2:])
    assert [r.citation for r in sorted(reco.references, key=lambda r: r.number or 0)] == printed
    cited = {ref for e in reco.evidence for ref in e.cites}
    assert cited <= {r.id for r in reco.references}
    assert len(cited) >= 30


def test_every_link_has_evidence_or_is_marked_theory_only(reco: ReviewPackage) -> None:
    assert [link for link in unevidenced_links(reco) if not link[3]] == []


def test_inconsistencies_are_recorded(reco: ReviewPackage) -> None:
    text = " ".join(n.text for n in reco.notes if n.kind == "inconsistency").lower()
    for topic in ("carer", "six", "lead and link"):
        assert topic in text, topic
    assert any(n.kind == "rigour" and "pt4" in n.about for n in reco.notes)


def test_fidelity_report_covers_every_theory(reco: ReviewPackage) -> None:
    text = fidelity_report(reco)
    for n in range(1, 12):
        assert f"Refined programme theory {n}:" in text
    assert "## Inconsistencies in the source" in text and "## Concept consolidation" in text


def test_chains_cross_theories(store: FalkorStore, reco: ReviewPackage) -> None:
    load_package(store, reco)
    G = causal_graph(store, "reco")
    names = {n: d["name"].lower() for n, d in G.nodes(data=True)}
    leadership = find_pathways(G, "leadership", "engagement", max_hops=4, limit=10)
    assert any(any("legitim" in names[n] for n in chain.nodes) for chain in leadership)
    training = find_pathways(G, "training", "engagement", max_hops=4, limit=None)
    training += find_pathways(G, "training", "therapeutic relationship", max_hops=4, limit=None)
    crossing = [c for c in training if any("confidence" in names[n] for n in c.nodes)
                and len(c.theories) > 1]
    assert crossing


def test_serve_seeds_an_empty_store_with_reco_once(store: FalkorStore) -> None:
    from dashboard.data import ensure_seeded

    assert ensure_seeded(store) is True
    assert [r["id"] for r in store.run("list_reviews")] == ["reco"]
    assert ensure_seeded(store) is False
