"""The explorer in real headless Chromium (dash[testing]'s dash_duo), on the example package."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from dashboard.app import create_app
from dashboard.export import caption_items
from graph.stores.falkor_store import FalkorStore
from tests.browser import (
    allow_downloads,
    cy_count,
    data_uri_bytes,
    png_size,
    shot,
    start,
    svg_overflow,
    svg_parts,
    wait_for,
)

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
    downloads = allow_downloads(dash_duo)
    dash_duo.find_element("#pathway-to").send_keys(" typed later")  # edited, not searched: not the caption
    dash_duo.find_element("#pathway-export-svg").click()
    svg = downloads / "ptgraph-pathway.svg"
    wait_for(dash_duo, lambda: svg.is_file() and svg.stat().st_size > 1000)
    caption = svg_parts(svg.read_text(encoding="utf-8"))["caption"]
    for words in ("Causal chains from “Non-judgemental staff attitudes” to “Engagement in treatment”",
                  "up to 5 links per chain", "1 chain found; highlighted: chain 1 (4 links)"):
        assert words in caption, words
    assert "typed later" not in caption


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
    """An exported view is a figure: a caption (review, filters from the URL, credit) above the graph,
    the legend below; the SVG is well-formed XML whatever the search holds, and no row runs off it."""
    start(dash_duo, create_app(example_store), "/?negative=&" + urlencode({"q": "care <&> “staff”"}))
    downloads = allow_downloads(dash_duo)
    dash_duo.wait_for_contains_text("#network-search-status", "9 concepts, 8 links", timeout=15)
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node") == 9, timeout=15)
    dash_duo.find_element("#network-export-png").click()
    png = downloads / "ptgraph-network.png"
    wait_for(dash_duo, lambda: png.is_file() and png.stat().st_size > 1000)
    width, height = png_size(png.read_bytes())
    graph = png_size(data_uri_bytes(dash_duo.driver.execute_script(
        "return window.cy.png({full: true, scale: 2, output: 'base64uri'})")))
    legend = 2 * (2 * 14 + 26 * 4)  # two columns of the eight legend rows, drawn at 2×
    assert width >= max(graph[0], 2 * 760) and height >= graph[1] + legend + 2 * 5 * 18  # ≥ 5 caption rows
    dash_duo.find_element("#network-export-svg").click()
    svg = downloads / "ptgraph-network.svg"
    wait_for(dash_duo, lambda: svg.is_file() and svg.stat().st_size > 1000)
    text = svg.read_text(encoding="utf-8")
    assert "Therapeutic relationship" in text and "disconfirming (negative) link" in text  # graph, legend
    parts = svg_parts(text)
    caption = parts["caption"]
    for words in ("Key concepts of the causal graph", "Example — two RECO programme theories",
                  "all programme theories", "search “care <&> “staff”” (matches ringed",
                  "disconfirming (negative) links hidden", "Shown: 9 concepts, 8 links",
                  "ptgraph · data: Hughes et al. 2024, https://doi.org/10.3310/JTNT0476, CC BY 4.0 · "
                  "exported"):
        assert words in caption, words
    assert "care &lt;&amp;&gt;" in text  # escaped in the file, read back as written
    assert parts["rows"] > 5 and parts["caption_bottom"] < parts["graph_top"]  # wrapped, and above the graph
    assert svg_overflow(dash_duo, text) == []
    assert dash_duo.get_logs() == []


def test_a_long_caption_wraps_inside_the_image(dash_duo, example_store) -> None:
    """Rows break at spaces, and inside a word too long for a row, so nothing runs off the figure."""
    start(dash_duo, create_app(example_store))
    downloads = allow_downloads(dash_duo)
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node") == 9, timeout=15)
    long_word, sentence = "W" * 300, " ".join(["overflowing"] * 120)
    items = caption_items(["Title " + long_word, sentence, "credit"])
    assert dash_duo.driver.execute_script(
        "return window.ptgraphExport('svg', 'network-graph', 'ptgraph-long', [], arguments[0])", items)
    svg = downloads / "ptgraph-long.svg"
    wait_for(dash_duo, lambda: svg.is_file() and svg.stat().st_size > 1000)
    text = svg.read_text(encoding="utf-8")
    parts = svg_parts(text)
    assert parts["caption"].replace(" ", "").count("W") == 300 and parts["rows"] >= 8
    assert svg_overflow(dash_duo, text) == []


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
