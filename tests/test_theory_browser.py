"""The theory view in headless Chromium, on the full RECO review."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from dashboard.app import create_app
from graph.stores.falkor_store import FalkorStore
from tests.browser import (
    allow_downloads,
    cy_count,
    data_uri_bytes,
    png_size,
    shot,
    start,
    svg_parts,
    wait_for,
)

pytestmark = pytest.mark.browser

LEADERSHIP = "reco:committed-leadership"


def url(dash_duo) -> str:
    """The address bar, decoded (the URL sync writes ':' as %3A)."""
    return unquote(dash_duo.driver.current_url)


@pytest.fixture
def app(reco_store: FalkorStore):
    return create_app(reco_store)


def test_theory_view_lays_out_pt6_with_evidence_lineage_and_details(dash_duo, app) -> None:
    start(dash_duo, app, "/theory?theory=reco:pt6")
    dash_duo.wait_for_contains_text("#theory-title", "PT 6: opinion leaders", timeout=20)
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node.column-header") == 4)
    for kind in ("context", "resource", "response", "outcome"):
        assert cy_count(dash_duo, f"node.{kind}") >= 1, kind
    assert cy_count(dash_duo, "edge.negative") >= 1  # PT 6 has disconfirming CMOCs
    headers = dash_duo.driver.execute_script(
        "return window.cy.nodes('.column-header').map(n => [n.data('label'), n.position('x')])")
    assert [label.split()[0] for label, _ in sorted(headers, key=lambda h: h[1])] == [
        "Context", "Mechanism:", "Mechanism:", "Outcome"]

    cmocs = dash_duo.find_element("#theory-cmocs").text
    assert "clout to get things done" in cmocs and "SP84, staff, Case Study E" in cmocs
    assert "Disconfirming (negative)" in cmocs
    assert "Refined programme theory 6: leadership, paragraph 4" in cmocs
    assert "Dedicated, respected leaders" in dash_duo.find_element("#theory-statement").text
    links = {a.get_attribute("href").split("/", 3)[-1] for a in dash_duo.find_elements("#theory-lineage a")}
    assert links == {"theory?theory=reco:draft6", "theory?theory=reco:ipt6", "theory?theory=reco:pt6"}
    notes = dash_duo.find_element("#theory-framing").text
    assert "SELFIE framework for integrated care for multimorbidity" in notes
    assert "Service user and carer evidence for this PT is indirect" in notes

    dash_duo.driver.execute_script(f"window.cy.getElementById({LEADERSHIP!r}).emit('tap')")
    dash_duo.wait_for_contains_text("#theory-detail", "Committed leadership across organisations")
    dash_duo.wait_for_contains_text("#theory-detail", "SP84, staff, Case Study E")
    assert "it relies on clinicians doing it" in dash_duo.find_element("#theory-detail").text
    assert "theory=reco:pt6" in url(dash_duo)
    shot(dash_duo, "theory-view.png")
    dash_duo.driver.execute_script("document.getElementById('theory-graph').scrollIntoView()")
    shot(dash_duo, "theory-graph.png")
    dash_duo.driver.execute_script("document.getElementById('theory-cmocs').scrollIntoView()")
    shot(dash_duo, "theory-cmocs.png")
    dash_duo.driver.execute_script("document.getElementById('theory-framing').scrollIntoView()")
    shot(dash_duo, "theory-notes.png")
    downloads = allow_downloads(dash_duo)
    dash_duo.find_element("#theory-export-png").click()  # cytoscape renders the image in the browser
    png = downloads / "ptgraph-theory.png"
    wait_for(dash_duo, lambda: png.is_file() and png.stat().st_size > 1000)
    graph = png_size(data_uri_bytes(dash_duo.driver.execute_script(
        "return window.cy.png({full: true, scale: 2, output: 'base64uri'})")))
    assert png_size(png.read_bytes())[1] > graph[1] + 2 * 100  # a caption above, the legend below
    dash_duo.find_element("#theory-export-svg").click()
    svg = downloads / "ptgraph-theory.svg"
    wait_for(dash_duo, lambda: svg.is_file() and svg.stat().st_size > 1000)
    parts = svg_parts(svg.read_text(encoding="utf-8"))
    for words in ("PT 6: opinion leaders", "Refined programme theory 6: leadership",
                  "A programme theory of RECO: realist evaluation of service models", "14 CMOCs",
                  "ptgraph · data: Hughes et al. 2024"):
        assert words in parts["caption"], words
    assert parts["caption_bottom"] < parts["graph_top"]
    assert dash_duo.get_logs() == []


def test_lineage_link_and_picker_change_the_theory_and_the_url(dash_duo, app) -> None:
    start(dash_duo, app, "/theory?theory=reco:pt6")
    dash_duo.wait_for_contains_text("#theory-title", "PT 6: opinion leaders", timeout=20)
    dash_duo.find_element("#theory-lineage a[href$='reco:ipt6']").click()
    dash_duo.wait_for_contains_text("#theory-title", "Initial PT 6: opinion leaders")
    wait_for(dash_duo, lambda: "theory=reco:ipt6" in url(dash_duo))
    assert "No CMOCs recorded" in dash_duo.find_element("#theory-cmocs").text

    dash_duo.find_element("#theory-theory").click()  # Dash 4 dropdown: a popover with a search box
    dash_duo.wait_for_element(".dash-dropdown-search-container input").send_keys("networking")
    wait_for(dash_duo, lambda: len(dash_duo.find_elements(".dash-options-list-option")) == 2)
    labels = [o.text for o in dash_duo.find_elements(".dash-options-list-option")]
    assert labels == ["PT 7: formalised networking opportunities",
                      "Initial PT 7: formalised networking opportunities"]  # refined first
    dash_duo.find_elements(".dash-options-list-option")[0].click()
    dash_duo.wait_for_contains_text("#theory-title", "PT 7: formalised networking opportunities")
    wait_for(dash_duo, lambda: "theory=reco:pt7" in url(dash_duo))
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node.outcome") >= 2)
    assert dash_duo.get_logs() == []
