"""The explorer in real headless Chromium (dash[testing]'s dash_duo), on the example package."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from graph.falkor_store import FalkorStore
from tests.browser import cy_count, shot, start, wait_for

pytestmark = pytest.mark.browser


@pytest.fixture
def app(example_store: FalkorStore):
    return create_app(example_store)


def test_network_page_shows_the_graph(dash_duo, app) -> None:
    start(dash_duo, app)
    dash_duo.wait_for_contains_text("#network-search-status", "9 concepts, 9 links", timeout=15)
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node") == 9)
    assert cy_count(dash_duo, "edge.negative") == 1
    dash_duo.find_element("#network-negative input").click()  # exclude disconfirming links
    dash_duo.wait_for_contains_text("#network-search-status", "9 concepts, 8 links")
    wait_for(dash_duo, lambda: cy_count(dash_duo, "edge.negative") == 0)
    shot(dash_duo, "dashboard-network.png")
    assert dash_duo.get_logs() == []


def test_search_selects_a_concept_and_shows_its_evidence(dash_duo, app) -> None:
    start(dash_duo, app)
    dash_duo.wait_for_contains_text("#network-search-status", "9 concepts", timeout=15)
    search = dash_duo.find_element("#network-search")
    search.send_keys("engagement\n")
    dash_duo.wait_for_contains_text("#network-search-status", "1 match")
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node.match") == 1)
    dash_duo.wait_for_contains_text("#network-detail", "Engagement in treatment")
    dash_duo.wait_for_contains_text("#network-detail", "leaders are very supportive")
    assert "SP60, staff, Case Study F" in dash_duo.find_element("#network-detail").text
    assert "PT 5: continuous workforce development" in dash_duo.find_element("#network-detail").text
    shot(dash_duo, "dashboard-evidence.png")


def test_tapping_a_link_shows_its_evidence(dash_duo, app) -> None:
    start(dash_duo, app)
    dash_duo.wait_for_contains_text("#network-search-status", "9 links", timeout=15)
    wait_for(dash_duo, lambda: cy_count(dash_duo, "edge") == 9)
    edge = "example:non-judgemental-attitudes|example:team-training|positive"
    dash_duo.driver.execute_script(f"window.cy.getElementById({edge!r}).emit('tap')")
    dash_duo.wait_for_contains_text("#network-detail", "Non-judgemental staff attitudes → Team-wide")
    dash_duo.wait_for_contains_text("#network-detail", "Literature: Adams MW")
    assert "SP92, staff, Case Study B" in dash_duo.find_element("#network-detail").text


def test_pathway_search_lists_and_highlights_a_chain(dash_duo, app) -> None:
    start(dash_duo, app)
    dash_duo.wait_for_element("#app-nav-pathways").click()
    dash_duo.wait_for_element("#pathway-find", timeout=15)
    wait_for(dash_duo, lambda: dash_duo.find_element("#pathway-review").text.strip() != "")
    dash_duo.find_element("#pathway-from").send_keys("attitudes")
    dash_duo.find_element("#pathway-to").send_keys("engagement")
    hops = dash_duo.find_element("#pathway-max-hops")
    hops.clear()
    hops.send_keys("5")
    dash_duo.find_element("#pathway-find").click()
    dash_duo.wait_for_contains_text("#pathway-status", "1 chain found", timeout=15)
    chain = dash_duo.find_element("#pathway-chain").text
    assert "Non-judgemental staff attitudes → Team-wide training" in chain
    assert "Engagement in treatment" in chain and "4 hops" in chain and "PTs: pt2, pt5" in chain
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node.highlight") == 5)
    assert cy_count(dash_duo, "edge.highlight") == 4
    dash_duo.wait_for_contains_text("#pathway-evidence", "Therapeutic relationship → Engagement")
    assert len(dash_duo.find_elements("#pathway-evidence .pathway-hop")) == 4
    assert "SP60, staff, Case Study F" in dash_duo.find_element("#pathway-evidence").text
    shot(dash_duo, "dashboard-pathways.png")
