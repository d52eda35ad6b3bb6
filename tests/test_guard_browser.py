"""The guard in headless Chromium: the explorer works under its Content-Security-Policy, and the
audience link shows the workshop deck and nothing else."""

from __future__ import annotations

import pytest
import requests

from dashboard.app import create_app
from dashboard.guard import Access
from graph.stores.falkor_store import FalkorStore
from tests.browser import cy_count, free_port, shot, start, wait_for

pytestmark = pytest.mark.browser

PASSWORD, AUDIENCE_TOKEN = "facilitator-pass-1", "audience-token-for-the-room"


def _csp_violations(dash_duo) -> list:
    """CSP refusals the page itself saw (``securitypolicyviolation`` events), besides the console."""
    return dash_duo.driver.execute_script("return window.__cspViolations || []")


def _watch_csp(dash_duo) -> None:
    dash_duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e => "
        "window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));")})


def test_the_explorer_works_under_its_content_security_policy(dash_duo, reco_store: FalkorStore) -> None:
    app = create_app(reco_store)
    _watch_csp(dash_duo)
    start(dash_duo, app)
    policy = requests.get(dash_duo.server_url, timeout=10).headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy and "unsafe-eval" not in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node") > 8, timeout=30)  # the key concepts drawn
    dash_duo.driver.get(dash_duo.server_url + "/pathways?from=committed+leadership&to=engagement&hops=4")
    dash_duo.wait_for_contains_text("#pathway-status", "chain", timeout=30)
    dash_duo.find_element("#pathway-find").click()
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script(  # plotly drew the Sankey
        "return document.querySelectorAll('#pathway-sankey .sankey-node').length") > 0, timeout=30)
    dash_duo.driver.get(dash_duo.server_url + "/console?q=list_shared_concepts")
    dash_duo.find_element("#console-run").click()
    dash_duo.wait_for_contains_text("#console-status", "row", timeout=30)
    shot(dash_duo, "guard-csp-console.png")
    assert _csp_violations(dash_duo) == []
    assert dash_duo.get_logs() == []


def test_the_audience_link_shows_the_deck_and_nothing_else(dash_duo, reco_store: FalkorStore, caplog) -> None:
    access = Access(facilitator=(PASSWORD,), audience=AUDIENCE_TOKEN, deck="reco")
    app = create_app(reco_store, access)
    _watch_csp(dash_duo)
    dash_duo.start_server(app, navigate=False, port=free_port())
    base = dash_duo.server.url.rstrip("/")
    assert requests.get(base + "/workshop?deck=reco", timeout=10).status_code == 401  # no link, no deck
    dash_duo.wait_for_page(f"{base}/workshop?deck=reco&access={AUDIENCE_TOKEN}", timeout=20)
    dash_duo.wait_for_contains_text("#workshop-slide-title", "Committed leadership", timeout=30)
    assert "access=" not in dash_duo.driver.current_url  # the secret left the address bar
    assert not dash_duo.find_element("#workshop-open-presenter").is_displayed()
    dash_duo.find_element("#workshop-next").click()
    dash_duo.wait_for_text_to_equal("#workshop-progress", "1 / 8 · 1 of 3 quotes shown", timeout=20)
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node") > 3)
    shot(dash_duo, "guard-audience-deck.png")
    assert _csp_violations(dash_duo) == [] and dash_duo.get_logs() == []
    cookies = {c["name"]: c for c in dash_duo.driver.get_cookies()}
    session = next(c for name, c in cookies.items() if name.startswith("ptgraph_session_"))
    assert session["httpOnly"] and session["sameSite"] == "Lax" and session["value"].startswith("audience.")
    for page in ("/console", "/pathways", "/theory?theory=reco:pt1"):
        dash_duo.driver.get(base + page)
        dash_duo.wait_for_contains_text("body", "The audience link shows the workshop deck only", timeout=10)
    dash_duo.driver.get(base + "/")  # the explorer's front page leads the audience to the deck
    dash_duo.wait_for_contains_text("#workshop-slide-title", "Committed leadership", timeout=30)
    assert "GET /workshop?deck=reco&access=[redacted]" in caplog.text  # Flask's server's request lines
    assert AUDIENCE_TOKEN not in caplog.text
