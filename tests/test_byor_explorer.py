"""The explorer on an imported review: its own framework (CFIR) and source types, quotes verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.narrowing import component_heading
from dashboard.pages.gaps import gap_matrices, vocabulary
from dashboard.views.gap_matrix import DOMAINS, SOURCES
from dashboard.views.panels import evidence_list
from graph.load import load_package
from graph.stores.falkor_store import FalkorStore
from loaders.tables.importer import ImportRequest, plan_import, write_import
from tests.browser import start, wait_for
from tests.test_gaps_browser import figure
from tests.test_import import FIXTURE, MAP, fixture_rows


@pytest.fixture
def chw_store(store: FalkorStore, tmp_path: Path) -> FalkorStore:
    request = ImportRequest(
        [FIXTURE / "extraction-fixed.csv"], "chw", maps=MAP, bib=FIXTURE / "references.bib"
    )
    plan = plan_import(request)
    write_import(plan, tmp_path / "chw")
    assert plan.written is not None
    load_package(store, plan.written)
    return store


def test_gap_map_uses_the_reviews_framework_and_source_types(chw_store: FalkorStore) -> None:
    matrices = gap_matrices(chw_store, "chw", "refined")
    sources = matrices[SOURCES]["column_labels"]
    assert "Mother" in sources and "Chw" not in sources and "CHW" in sources
    assert not {"Staff", "Carers", "Service users"} & set(sources)  # no columns for roles it never has
    domains = matrices[DOMAINS]
    assert domains["framework"] == "CFIR"
    assert domains["column_labels"] == [
        "Innovation",
        "Outer setting",
        "Inner setting",
        "Implementation process",
    ]
    assert component_heading(vocabulary(chw_store, "chw")["frameworks"]) == "CFIR component"


def test_quotes_are_displayed_verbatim(chw_store: FalkorStore) -> None:
    """Through import, load, the store's query and the evidence panel, every excerpt is unchanged."""
    excerpts = {r["Supporting data excerpt"] for r in fixture_rows()}
    cmocs = sorted({c for r in chw_store.run("get_evidence", {"review": "chw"}) for _, c in r["links"] if c})
    rows = chw_store.run("get_evidence_for_cmocs", {"cmocs": cmocs})
    assert rows and all(r["page"] for r in rows)
    shown = {quote.children[1].children for quote in evidence_list(rows, "t").children}
    assert shown == excerpts
    assert any("\n" in text for text in shown) and any("“Ela é uma de nós” –" in text for text in shown)


@pytest.mark.browser
def test_the_gap_map_of_an_imported_review_in_chromium(dash_duo, chw_store: FalkorStore) -> None:
    from dashboard.app import create_app

    start(dash_duo, create_app(chw_store), "/gaps?review=chw")
    wait_for(
        dash_duo,
        lambda: (
            (figure(dash_duo, "gaps-domains") or {}).get("ticks")
            and "Innovation" in figure(dash_duo, "gaps-domains")["ticks"][0]
        ),
    )
    domains, sources = figure(dash_duo, "gaps-domains"), figure(dash_duo, "gaps-sources")
    assert len(domains["ticks"]) == 4
    ticks = " ".join(sources["ticks"])
    assert "Mother" in ticks and "Staff" not in ticks and "Carers" not in ticks
    dash_duo.wait_for_contains_text("#gaps-domains", "CFIR component", timeout=10)
    assert dash_duo.get_logs() == []
