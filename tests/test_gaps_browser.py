"""The evidence gap map and the pathway Sankey in real headless Chromium, on the full RECO review."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from selenium.webdriver.common.actions.action_builder import ActionBuilder

from dashboard.app import create_app
from graph.stores.falkor_store import FalkorStore
from tests.browser import shot, start, wait_for

pytestmark = pytest.mark.browser

# The plotted figure as plotly.js holds it in the page (not as the server sent it).
FIGURE_JS = """
const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
if (!gd || !gd.data || !gd.data.length || !gd.data[0].z) { return null; }
return {text: gd.data[0].text, ticks: gd.layout.xaxis.ticktext, rows: gd.layout.yaxis.ticktext,
        drawn: Array.from(gd.querySelectorAll('.heatmaplayer text')).map(t => t.textContent)};
"""
# Where a cell's centre is on screen: the plot area's corner plus the axes' own data → pixel map.
CELL_JS = """
const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
gd.scrollIntoView({block: 'center'});
const area = gd.querySelector('.nsewdrag').getBoundingClientRect();
const full = gd._fullLayout;
return [Math.round(area.left + full.xaxis.l2p(arguments[2])),
        Math.round(area.top + full.yaxis.l2p(arguments[1]))];
"""


@pytest.fixture
def app(reco_store: FalkorStore):
    return create_app(reco_store)


def figure(dash_duo, graph_id: str) -> Any:
    return dash_duo.driver.execute_script(FIGURE_JS, graph_id)


def click_cell(dash_duo, graph_id: str, row: int, column: int) -> None:
    """A real mouse click on one heat map cell, so plotly itself raises the click event."""
    x, y = dash_duo.driver.execute_script(CELL_JS, graph_id, row, column)
    actions = ActionBuilder(dash_duo.driver)
    actions.pointer_action.move_to_location(x, y).click()
    actions.perform()


def test_gap_map_shows_gaps_and_a_clicked_cell_quotes_its_evidence(dash_duo, app) -> None:
    start(dash_duo, app, "/gaps")
    dash_duo.wait_for_contains_text("#gaps-status", "12 programme theories", timeout=20)
    wait_for(dash_duo, lambda: figure(dash_duo, "gaps-domains") and figure(dash_duo, "gaps-sources"))
    domains = figure(dash_duo, "gaps-domains")
    assert len(domains["rows"]) == 12 and len(domains["ticks"]) == 6  # every SELFIE domain, mapped or not
    white = [i for i, tick in enumerate(domains["ticks"]) if "white area" in tick]
    assert len(white) == 3 and all(row[white[0]] == "gap" for row in domains["text"])
    assert "Financing" in domains["ticks"][white[0]]
    assert "gap" in domains["drawn"] and any(t.isdigit() for t in domains["drawn"])  # written in the cells
    sources = figure(dash_duo, "gaps-sources")
    assert [t.replace("<br>", " ") for t in sources["ticks"]] == [
        "<b>Literature</b>", "<b>Staff</b>", "<b>Service</b> <b>users</b>", "<b>Carers</b>"]
    shot(dash_duo, "gaps-map.png")

    row = next(i for i, label in enumerate(sources["rows"]) if label.startswith("PT 6:"))
    click_cell(dash_duo, "gaps-sources", row, 1)  # PT 6 × Staff
    dash_duo.wait_for_contains_text("#gaps-evidence", "PT 6: opinion leaders × Staff", timeout=10)
    panel = dash_duo.find_element("#gaps-evidence").text
    assert "clout to get things done" in panel and "SP84, staff, Case Study E" in panel
    assert sources["text"][row][1] + " evidence items" in panel  # the panel lists exactly the cell's count
    assert "cell=sources" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_a_shared_link_opens_a_white_area_gap(dash_duo, app) -> None:
    cell = quote("domains|reco:pt6|reco:selfie-financing")
    start(dash_duo, app, f"/gaps?review=reco&stage=refined&cell={cell}")
    dash_duo.wait_for_contains_text("#gaps-evidence", "No evidence here — a gap", timeout=20)
    panel = dash_duo.find_element("#gaps-evidence").text
    assert "× Financing" in panel and "marks Financing as a white area" in panel
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script(
        "const gd = document.querySelector('#gaps-domains .js-plotly-plot');"
        "return gd && gd.layout.shapes && gd.layout.shapes.length === 1"))  # the cell is outlined
    assert dash_duo.get_logs() == []


def sankey_nodes(dash_duo) -> int:
    """Concepts drawn in the Sankey: labelled nodes (its pass-through nodes have no label)."""
    return dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#pathway-sankey .sankey .sankey-node .node-label'))"
        ".filter(label => label.textContent.trim() !== '').length")


def test_pathway_sankey_shows_the_flows_of_the_found_chains(dash_duo, app) -> None:
    start(dash_duo, app, "/pathways")
    wait_for(dash_duo, lambda: dash_duo.find_element("#pathway-review").text.strip() != "", timeout=20)
    # before a search: a line saying what will come, no empty plotly axes and no whole-review tangle
    dash_duo.wait_for_contains_text("#pathway-sankey-hint", "Find chains to see their flows", timeout=20)
    assert not dash_duo.find_element("#pathway-sankey").is_displayed()
    dash_duo.find_element("#pathway-from").send_keys("leadership")
    dash_duo.find_element("#pathway-to").send_keys("engagement")
    dash_duo.find_element("#pathway-find").click()
    dash_duo.wait_for_contains_text("#pathway-status", "found", timeout=20)

    def drawn_as_titled() -> bool:  # plotly animates the change, so wait until it settles
        title = dash_duo.find_element("#pathway-sankey .gtitle").text
        return title.startswith("Flows:") and f"Flows: {sankey_nodes(dash_duo)} concepts" in title

    first = dash_duo.find_elements("#pathway-chain .pathway-chain-label")[0].text
    hops = int(first.split(" hops")[0].split()[-1])
    # the selected chain's flows only: its concepts, and no others
    wait_for(dash_duo, lambda: sankey_nodes(dash_duo) == hops + 1 and drawn_as_titled())
    assert not dash_duo.find_element("#pathway-sankey-hint").is_displayed()
    labels = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#pathway-sankey .sankey .node-label'))"
        ".map(n => n.textContent)")
    assert any("leadership" in label.lower() for label in labels)
    assert any("engagement" in label.lower() for label in labels)
    assert "from=leadership" in dash_duo.driver.current_url and "to=engagement" in dash_duo.driver.current_url
    dash_duo.driver.execute_script("document.getElementById('pathway-sankey').scrollIntoView()")
    shot(dash_duo, "pathway-sankey.png")
    assert dash_duo.get_logs() == []


def test_a_shared_pathway_link_reruns_the_search(dash_duo, app) -> None:
    start(dash_duo, app, "/pathways?review=reco&from=leadership&to=engagement&hops=4&chain=1")
    dash_duo.wait_for_contains_text("#pathway-status", "chains found", timeout=20)
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script(
        "const r = document.querySelectorAll('#pathway-chain input');"
        "return r.length > 1 && r[1].checked"))
    assert dash_duo.find_element("#pathway-max-hops").get_attribute("value") == "4"
    assert len(dash_duo.find_elements("#pathway-evidence .pathway-hop")) > 0
    assert dash_duo.get_logs() == []
