"""The explorer in real headless Chromium (dash[testing]'s dash_duo), on the example package."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from graph.stores.falkor_store import FalkorStore
from tests.browser import allow_downloads, cy_count, shot, start, wait_for

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
    wait_for(dash_duo, lambda: cy_count(dash_duo, ".dimmed") > 0)  # the rest of the graph steps back
    shot(dash_duo, "dashboard-evidence.png")


def test_tapping_a_link_shows_its_evidence(dash_duo, app) -> None:
    start(dash_duo, app)
    dash_duo.wait_for_contains_text("#network-search-status", "9 links", timeout=15)
    wait_for(dash_duo, lambda: cy_count(dash_duo, "edge") == 9)
    edge = "example:non-judgemental-attitudes|example:team-training|positive"
    dash_duo.driver.execute_script(f"window.cy.getElementById({edge!r}).emit('tap')")
    dash_duo.wait_for_contains_text("#network-detail", "Non-judgemental staff attitudes → Team-wide")
    dash_duo.wait_for_contains_text("#network-detail",
                                    "Literature: Adams")  # a short citation (full on hover)
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
    assert "Engagement in treatment" in chain and "4 hops" in chain and "PTs: PT 2, PT 5" in chain
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node.highlight") == 5)
    assert cy_count(dash_duo, "edge.highlight") == 4
    dash_duo.wait_for_contains_text("#pathway-evidence", "Therapeutic relationship → Engagement")
    assert len(dash_duo.find_elements("#pathway-evidence .pathway-hop")) == 4
    assert "SP60, staff, Case Study F" in dash_duo.find_element("#pathway-evidence").text
    shot(dash_duo, "dashboard-pathways.png")


def test_reco_loads_in_causal_layers_with_its_state_in_the_url(dash_duo, reco_store) -> None:
    start(dash_duo, create_app(reco_store), "/?view=all")  # the whole graph: one click from the overview
    dash_duo.wait_for_contains_text("#network-search-status", "concepts", timeout=15)
    concepts = reco_store.run("get_concepts", {"review": "reco"})
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node") == len(concepts))
    xs = dash_duo.driver.execute_script(
        "return ['context', 'resource', 'response', 'outcome'].map("
        "k => Math.min(...window.cy.nodes('.' + k).map(n => n.position('x'))))")
    assert xs == sorted(xs) and len(set(xs)) == 4  # left to right: C → resource → response → O
    dash_duo.find_element("#network-negative input").click()
    wait_for(dash_duo, lambda: "negative=" in dash_duo.driver.current_url)
    shot(dash_duo, "dashboard-reco-network.png")
    assert dash_duo.get_logs() == []


def test_url_restores_filters_and_selfie_filter_narrows(dash_duo, reco_store) -> None:
    start(dash_duo, create_app(reco_store), "/?domain=reco:selfie-financing&negative=")
    dash_duo.wait_for_contains_text("#network-search-status", "0 concepts, 0 links", timeout=15)
    assert "Financing (no PT, white area)" in dash_duo.find_element("#network-domain").text
    dash_duo.driver.get(dash_duo.server_url + "/?domain=reco:selfie-workforce&sources=carer&q=engagement")
    dash_duo.wait_for_contains_text("#network-search-status", "match", timeout=15)
    status = dash_duo.find_element("#network-search-status").text
    total = len(reco_store.run("get_concepts", {"review": "reco"}))
    assert 0 < int(status.split()[0]) < total  # "12 of 71 concepts, …"
    assert dash_duo.find_element("#network-search").get_attribute("value") == "engagement"
    dash_duo.driver.get(dash_duo.server_url + "/gaps?review=__all__")  # not the default review
    wait_for(dash_duo, lambda: "All reviews" in dash_duo.find_element("#gaps-review").text, timeout=15)


def test_png_and_svg_export_download_images(dash_duo, example_store) -> None:
    start(dash_duo, create_app(example_store))
    downloads = allow_downloads(dash_duo)
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node") == 9, timeout=15)
    dash_duo.find_element("#network-export-png").click()
    png = downloads / "ptgraph-network.png"
    wait_for(dash_duo, lambda: png.is_file() and png.stat().st_size > 1000)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dash_duo.find_element("#network-export-svg").click()
    svg = downloads / "ptgraph-network.svg"
    wait_for(dash_duo, lambda: svg.is_file() and svg.stat().st_size > 1000)
    assert "<svg" in svg.read_text() and "Therapeutic relationship" in svg.read_text()
    assert "disconfirming (negative) link" in svg.read_text()  # the legend travels with the image


def test_reco_leadership_to_engagement_chain_is_listed_and_highlighted(dash_duo, reco_store) -> None:
    start(dash_duo, create_app(reco_store), "/pathways")
    wait_for(dash_duo, lambda: dash_duo.find_element("#pathway-review").text.strip() != "", timeout=20)
    dash_duo.find_element("#pathway-from").send_keys("leadership")
    dash_duo.find_element("#pathway-to").send_keys("engagement")

    def offered(end: str) -> list[str]:
        options = dash_duo.find_elements(f"#pathway-{end}-names option")
        return [o.get_attribute("value") for o in options]

    # the type-ahead follows what is typed, never every concept (thousands froze the browser)
    wait_for(dash_duo, lambda: offered("from") and all("leadership" in n.lower() for n in offered("from")))
    wait_for(dash_duo, lambda: offered("to") and all("engagement" in n.lower() for n in offered("to")))
    dash_duo.find_element("#pathway-find").click()
    dash_duo.wait_for_contains_text("#pathway-status", "found", timeout=20)
    chains = dash_duo.find_element("#pathway-chain").text
    assert "legitimis" in chains.lower()  # the report's headline chain is among them
    first = dash_duo.find_elements("#pathway-chain .pathway-chain-label")[0].text
    hops = int(first.split(" hops")[0].split()[-1])
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node.highlight") == hops + 1)
    assert cy_count(dash_duo, "edge.highlight") >= hops
    assert len(dash_duo.find_elements("#pathway-evidence .pathway-hop")) == hops
    shot(dash_duo, "dashboard-reco-pathway.png")
    downloads = allow_downloads(dash_duo)
    dash_duo.find_element("#pathway-export-csv").click()
    table = downloads / "ptgraph-pathway.csv"
    wait_for(dash_duo, table.is_file)
    lines = table.read_text().splitlines()
    assert lines[0].startswith("rank,chain,hops") and len(lines) == 1 + len(
        dash_duo.find_elements("#pathway-chain .pathway-chain-label"))
    assert "Committed leadership" in lines[1]


def test_pathway_filters_come_from_the_url(dash_duo, reco_store) -> None:
    start(dash_duo, create_app(reco_store),
          "/pathways?review=reco&from=leadership&to=engagement&sources=carer")
    dash_duo.wait_for_contains_text("#pathway-status", "No chain", timeout=20)  # carers back none
    dash_duo.driver.get(dash_duo.server_url + "/pathways?from=leadership&to=engagement"
                        "&domain=reco:selfie-leadership-governance")
    dash_duo.wait_for_contains_text("#pathway-status", "found", timeout=20)
    assert "Leadership and governance" in dash_duo.find_element("#pathway-domain").text
    assert "domain=reco" in dash_duo.driver.current_url
