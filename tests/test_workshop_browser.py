"""Workshop mode in headless Chromium on the full RECO review: keys, hop-by-hop reveal, live updates."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard.app import create_app
from graph.stores.falkor_store import FalkorStore
from tests.browser import cy_count, shot, start, wait_for

pytestmark = pytest.mark.browser

LIVE_NAME = "Legitimised, renamed during the workshop"


@pytest.fixture
def app(reco_store: FalkorStore):
    return create_app(reco_store)


def press(dash_duo, key: str) -> None:
    ActionChains(dash_duo.driver).send_keys(key).perform()


def progress(dash_duo) -> str:
    return dash_duo.find_element("#workshop-progress").text


def test_keys_move_through_slides_and_reveal_a_chain_hop_by_hop(dash_duo, app) -> None:
    start(dash_duo, app, "/workshop?deck=reco&slide=1")
    dash_duo.wait_for_text_to_equal("#workshop-progress", "1 / 8", timeout=20)
    dash_duo.wait_for_contains_text("#workshop-slide-title", "Committed leadership")
    assert not dash_duo.find_element("#app-nav-network").is_displayed()  # the nav bar is hidden here
    press(dash_duo, Keys.ARROW_RIGHT)
    dash_duo.wait_for_text_to_equal("#workshop-progress", "2 / 8 · 0 of 3 hops shown")
    wait_for(dash_duo, lambda: "slide=2&step=0" in dash_duo.driver.current_url)
    dash_duo.wait_for_contains_text("#workshop-slide-step", "How does “Committed leadership across")
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node") == 4)
    assert cy_count(dash_duo, "edge.highlight") == 0 and cy_count(dash_duo, ".unrevealed") == 6
    for hops in (1, 2, 3):
        press(dash_duo, Keys.ARROW_RIGHT if hops != 2 else Keys.SPACE)
        dash_duo.wait_for_text_to_equal("#workshop-progress", f"2 / 8 · {hops} of 3 hops shown")
        wait_for(dash_duo, lambda hops=hops: cy_count(dash_duo, "edge.highlight") == hops)
        assert len(dash_duo.find_elements("#workshop-slide-hops .workshop-hop")) == hops
        assert f"step={hops}" in dash_duo.driver.current_url
    sections = dash_duo.find_elements("#workshop-slide-hops .workshop-hop")
    assert sections[-1].location["y"] < sections[0].location["y"]  # the newest hop is drawn first, on top
    assert "3. Legitimisation of the COSMHAD role → Engagement" in sections[-1].text
    assert "— SP84, staff, Case Study E" in sections[-1].get_attribute("textContent")  # quotes attributed
    shot(dash_duo, "workshop-slide.png")
    press(dash_duo, Keys.ARROW_LEFT)
    dash_duo.wait_for_text_to_equal("#workshop-progress", "2 / 8 · 2 of 3 hops shown")
    dash_duo.driver.execute_script(
        "const box = document.createElement('input'); box.id = 'typing'; document.body.appendChild(box);")
    dash_duo.find_element("#typing").send_keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)  # typing never navigates
    dash_duo.find_element("#workshop-next").click()
    dash_duo.wait_for_text_to_equal("#workshop-progress", "2 / 8 · 3 of 3 hops shown")
    dash_duo.find_element("#workshop-next").click()
    dash_duo.wait_for_text_to_equal("#workshop-progress", "3 / 8")
    assert "slide=3&step=0" in dash_duo.driver.current_url
    ActionChains(dash_duo.driver).send_keys(Keys.PAGE_DOWN, Keys.PAGE_DOWN, Keys.PAGE_DOWN).perform()
    dash_duo.wait_for_text_to_equal("#workshop-progress", "4 / 8 · 2 of 3 hops shown")  # no press lost
    press(dash_duo, Keys.PAGE_UP)
    dash_duo.wait_for_text_to_equal("#workshop-progress", "4 / 8 · 1 of 3 hops shown")
    assert dash_duo.get_logs() == []


def test_the_open_slide_follows_database_edits_without_reloading(dash_duo, any_reco_store,
                                                                  outside_write) -> None:
    """Edits made with Cypher outside ptgraph (a property-only rename, then a new link) show on
    the projected slide, on both stores."""
    start(dash_duo, create_app(any_reco_store), "/workshop?deck=reco&slide=2&step=3")
    dash_duo.wait_for_text_to_equal("#workshop-progress", "2 / 8 · 3 of 3 hops shown", timeout=20)
    dash_duo.wait_for_contains_text("#workshop-slide-step", "Hop 3 of 3: Legitimisation of the COSMHAD role")
    first_update = dash_duo.find_element("#workshop-updated").text
    assert first_update.startswith("updated ")
    dash_duo.driver.execute_script("window.__noReload = 1;")
    outside_write("MATCH (c:Mechanism {id: $id}) SET c.name = $name",
                  {"id": "reco:legitimisation", "name": LIVE_NAME})
    heading = f"Hop 3 of 3: {LIVE_NAME} → Engagement with services"
    dash_duo.wait_for_text_to_equal("#workshop-slide-step", heading, timeout=8)
    assert dash_duo.driver.execute_script("return window.__noReload") == 1
    newest = dash_duo.find_elements("#workshop-slide-hops .workshop-hop")[-1]
    assert f"3. {LIVE_NAME} → Engagement" in newest.text

    while not progress(dash_duo).startswith("8 / 8"):  # on to the whole network, one press at a time
        shown = progress(dash_duo)
        dash_duo.find_element("#workshop-next").click()
        wait_for(dash_duo, lambda shown=shown: progress(dash_duo) != shown, timeout=15)
    wait_for(dash_duo, lambda: cy_count(dash_duo, "edge") == 350)
    outside_write("MATCH (a {id: $a}), (b {id: $b}) CREATE (a)-[:LEADS_TO {polarity: 'positive', "
                  "theories: ['reco:pt6'], cmocs: [], reviewId: 'reco'}]->(b)",
                  {"a": "reco:recovery", "b": "reco:committed-leadership"})
    wait_for(dash_duo, lambda: cy_count(dash_duo, "edge") == 351, timeout=8)
    new_edge = "reco:recovery|reco:committed-leadership|positive"
    assert dash_duo.driver.execute_script(f"return window.cy.getElementById({new_edge!r}).length") == 1
    dash_duo.wait_for_contains_text("#workshop-slide-status", "351 links")
    assert dash_duo.driver.execute_script("return window.__noReload") == 1
    assert dash_duo.find_element("#workshop-updated").text.startswith("updated ")
    shot(dash_duo, f"workshop-live-{any_reco_store.kind}.png")
    assert dash_duo.get_logs() == []


def test_theory_slide_full_screen_and_a_broken_deck(dash_duo, app) -> None:
    start(dash_duo, app, "/workshop?deck=reco&slide=1")
    dash_duo.wait_for_text_to_equal("#workshop-progress", "1 / 8", timeout=20)
    dash_duo.wait_for_contains_text("#workshop-title", "PT 6")  # the theory view, under the workshop prefix
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node#reco\\:committed-leadership") == 1)
    dash_duo.driver.execute_script("window.cy.getElementById('reco:committed-leadership').emit('tap')")
    dash_duo.wait_for_contains_text("#workshop-detail", "Committed leadership across organisations")
    dash_duo.wait_for_contains_text("#workshop-detail", "Evidence (")
    assert dash_duo.find_element("#workshop-prev").get_attribute("disabled")  # the first slide
    dash_duo.find_element("#workshop-next").click()
    dash_duo.wait_for_text_to_equal("#workshop-progress", "2 / 8 · 0 of 3 hops shown")
    dash_duo.driver.get(dash_duo.server_url + "/workshop?deck=reco&slide=8")
    dash_duo.wait_for_text_to_equal("#workshop-progress", "8 / 8", timeout=20)
    assert dash_duo.find_element("#workshop-next").get_attribute("disabled")  # the last slide
    dash_duo.find_element("#workshop-fullscreen").click()
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script("return document.fullscreenElement !== null"))
    dash_duo.find_element("#workshop-fullscreen").click()
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script("return document.fullscreenElement === null"))
    dash_duo.driver.get(dash_duo.server_url + "/workshop?deck=no-such-deck")
    dash_duo.wait_for_contains_text("#workshop-deck-error", "There is no deck named “no-such-deck”",
                                    timeout=15)
    assert "Traceback" not in dash_duo.find_element("#workshop-root").text
    dash_duo.driver.get(dash_duo.server_url + "/")
    wait_for(dash_duo, lambda: dash_duo.find_element("#app-nav-network").is_displayed())  # elsewhere: shown
    assert dash_duo.get_logs() == []
