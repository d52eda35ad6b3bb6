"""The explorer in headless Chromium on the session's real Neo4j, holding RECO."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.keys import Keys

from dashboard.app import create_app
from graph.load import load_package
from graph.stores.neo4j_store import Neo4jStore
from loaders.package import read_package
from tests.browser import cy_count, shot, start, wait_for

pytestmark = pytest.mark.browser


def test_explorer_on_neo4j_draws_finds_a_pathway_and_refuses_writes(dash_duo, neo4j_store: Neo4jStore):
    load_package(neo4j_store, read_package("reco"))
    concepts = neo4j_store.run("get_concepts", {"review": "reco"})
    start(dash_duo, create_app(neo4j_store))
    dash_duo.wait_for_contains_text("#network-search-status", "concepts", timeout=30)
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node") == len(concepts), timeout=20)
    shot(dash_duo, "neo4j-network.png")

    dash_duo.driver.get(dash_duo.server_url + "/pathways")
    wait_for(dash_duo, lambda: dash_duo.find_element("#pathway-review").text.strip() != "", timeout=20)
    dash_duo.find_element("#pathway-from").send_keys("leadership")
    dash_duo.find_element("#pathway-to").send_keys("engagement")
    dash_duo.find_element("#pathway-find").click()
    dash_duo.wait_for_contains_text("#pathway-status", "found", timeout=20)
    assert "legitimis" in dash_duo.find_element("#pathway-chain").text.lower()
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node.highlight") >= 3)
    shot(dash_duo, "neo4j-pathway.png")

    before = neo4j_store.run("count_nodes")
    dash_duo.driver.get(dash_duo.server_url + "/console")
    editor = dash_duo.find_element("#console-editor")
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys("CREATE (n:Review {id: 'x'}) RETURN n")
    dash_duo.find_element("#console-run").click()
    dash_duo.wait_for_contains_text("#console-error", "This console is read-only, so the query was not run",
                                    timeout=20)
    assert "Traceback" not in dash_duo.find_element("#console-error").text
    assert neo4j_store.run("count_nodes") == before
    assert dash_duo.get_logs() == []
