"""The network page as a new user sees it, at 1400×900 on the full RECO review (headless Chromium).

Measured from the rendered page: label sizes on screen (font size × zoom), label bounding
boxes (no two overlap), horizontal overflow after clicking a link, and the zoom to a search match.
"""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from dashboard.app import create_app
from graph.stores.falkor_store import FalkorStore
from tests.browser import cy_count, set_viewport, shot, start, wait_for

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1400, 900
# Every node's label box on screen, and its font size on screen (cytoscape font size × zoom).
LABELS_JS = """
const cy = document.getElementById('network-graph')._cyreg.cy;
return cy.nodes().filter(n => n.style('label')).map(n => {
    const box = n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true});
    return {id: n.id(), px: parseFloat(n.style('font-size')) * cy.zoom(),
            x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2};
});
"""
MATCH_JS = """
const cy = document.getElementById('network-graph')._cyreg.cy;
const m = cy.$('.match');
if (!m.length) { return null; }
const p = m.renderedBoundingBox();
return {zoom: cy.zoom(), cx: (p.x1 + p.x2) / 2, cy: (p.y1 + p.y2) / 2, w: cy.width(), h: cy.height(),
        dimmed: cy.$('.dimmed').length};
"""


def sized(dash_duo) -> None:
    set_viewport(dash_duo, WIDTH, HEIGHT)


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]:
                found.append((a["id"], b["id"]))
    return found


def labels_settled(dash_duo) -> list[dict]:
    """The label boxes once the graph has stopped changing (two equal reads in a row)."""
    previous: list = []

    def stable() -> bool:
        nonlocal previous
        current = dash_duo.driver.execute_script(LABELS_JS)
        same = bool(current) and current == previous
        previous = current
        return same

    wait_for(dash_duo, stable, timeout=15)
    return previous


@pytest.fixture
def app(reco_store: FalkorStore):
    return create_app(reco_store)


def test_the_first_view_reads_at_1400_by_900(dash_duo, app, reco_store) -> None:
    start(dash_duo, app)
    sized(dash_duo)
    dash_duo.wait_for_contains_text("#network-search-status", "key concepts", timeout=20)
    total = len(reco_store.run("get_concepts", {"review": "reco"}))
    wait_for(dash_duo, lambda: 8 <= cy_count(dash_duo, "node") < total)
    boxes = labels_settled(dash_duo)
    shot(dash_duo, "network-first-view.png")
    smallest = min(b["px"] for b in boxes)
    print(
        f"default view: {len(boxes)} labels, smallest label {smallest:.1f} px on screen, "
        f"{len(overlaps(boxes))} overlapping pairs"
    )
    assert smallest >= 12, smallest
    assert overlaps(boxes) == []
    assert dash_duo.driver.execute_script(
        "return document.getElementById('network-graph')._cyreg.cy.nodes().every(n => n.data('full'))"
    )
    assert dash_duo.get_logs() == []


def test_clicking_a_link_keeps_the_page_inside_the_window(dash_duo, app) -> None:
    start(dash_duo, app)
    sized(dash_duo)
    wait_for(dash_duo, lambda: cy_count(dash_duo, "edge") > 5, timeout=20)
    edge = dash_duo.driver.execute_script(
        "return document.getElementById('network-graph')._cyreg.cy.edges('.negative')[0].id()"
    )
    dash_duo.driver.execute_script(
        f"document.getElementById('network-graph')._cyreg.cy.getElementById({edge!r}).emit('tap')"
    )
    dash_duo.wait_for_contains_text("#network-detail", "Disconfirming (negative) link", timeout=10)
    detail = dash_duo.find_element("#network-detail").text
    assert "PT " in detail and "reco:" not in detail  # PTs named in words, not ids
    width = dash_duo.driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    print(f"after clicking a link: scrollWidth {width[0]} at innerWidth {width[1]}")
    assert width[0] <= width[1]
    shot(dash_duo, "network-link-detail.png")


def test_a_link_is_selected_by_a_tap_next_to_it(dash_duo, app) -> None:
    start(dash_duo, app)
    sized(dash_duo)
    wait_for(dash_duo, lambda: cy_count(dash_duo, "edge") > 5, timeout=20)
    labels_settled(dash_duo)
    picked = dash_duo.driver.execute_script("""
        const cy = document.getElementById('network-graph')._cyreg.cy;
        const e = cy.edges().filter(e => e.source().position('x') !== e.target().position('x'))[0];
        const s = e.source().renderedPosition(), t = e.target().renderedPosition();
        const mid = e.renderedMidpoint();
        const len = Math.hypot(t.x - s.x, t.y - s.y);
        const point = {x: mid.x - 9 * (t.y - s.y) / len, y: mid.y + 9 * (t.x - s.x) / len};
        const found = window.ptgraphGraph.nearestEdge(cy, point);
        return [e.id(), found ? found.id() : null];
    """)
    assert picked[1] is not None  # 9 px beside a 2 px line still hits a link


def test_search_zooms_to_the_match_and_dims_the_rest(dash_duo, app) -> None:
    start(dash_duo, app, "/?view=all")
    sized(dash_duo)
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node") > 50, timeout=20)
    labels_settled(dash_duo)
    before = dash_duo.driver.execute_script(
        "return document.getElementById('network-graph')._cyreg.cy.zoom()"
    )
    dash_duo.find_element("#network-search").send_keys("legitimisation\n")
    dash_duo.wait_for_contains_text("#network-search-status", "match", timeout=10)
    wait_for(dash_duo, lambda: (dash_duo.driver.execute_script(MATCH_JS) or {}).get("zoom", before) > before)
    found = dash_duo.driver.execute_script(MATCH_JS)
    print(
        f"search: zoom {before:.2f} → {found['zoom']:.2f}, "
        f"match centre ({found['cx']:.0f}, {found['cy']:.0f}) "
        f"in a {found['w']}×{found['h']} graph"
    )
    assert (
        abs(found["cx"] - found["w"] / 2) < found["w"] / 4
        and abs(found["cy"] - found["h"] / 2) < found["h"] / 4
    )
    assert found["dimmed"] > 0
    assert "q=legitimisation" in unquote(dash_duo.driver.current_url)
    shot(dash_duo, "network-search-zoom.png")


def test_focus_tools_are_url_keys(dash_duo, app) -> None:
    start(dash_duo, app, "/?view=focus&focus=reco:legitimisation&depth=1&negative=&theoryonly=")
    sized(dash_duo)
    dash_duo.wait_for_contains_text("#network-search-status", "Neighbourhood of", timeout=20)
    shot(dash_duo, "network-neighbourhood.png")
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node.focus") == 1)
    assert cy_count(dash_duo, "edge.negative") == 0 and cy_count(dash_duo, "edge.theory-only") == 0
    xs = dash_duo.driver.execute_script(
        "const cy = document.getElementById('network-graph')._cyreg.cy;"
        "const f = cy.$('.focus').position('x');"
        "return [cy.$('.focus').incomers('node').map(n => n.position('x') < f).every(Boolean),"
        "        cy.$('.focus').outgoers('node').map(n => n.position('x') > f).every(Boolean)]"
    )
    assert xs == [True, True]  # causes to the left, effects to the right
    boxes = labels_settled(dash_duo)
    assert overlaps(boxes) == [] and min(b["px"] for b in boxes) >= 12
    shot(dash_duo, "network-neighbourhood.png")
    dash_duo.driver.get(dash_duo.server_url + "/?view=theories")
    dash_duo.wait_for_contains_text("#network-search-status", "Programme theories", timeout=20)
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node.theory") == 12)  # PT 1-11 and the overall PT
    labels = dash_duo.driver.execute_script(
        "return document.getElementById('network-graph')._cyreg.cy.nodes().map(n => n.data('label'))"
    )
    assert labels[:11] == [f"PT {i}" for i in range(1, 12)]  # in numeric order
    shot(dash_duo, "network-by-theory.png")
    dash_duo.driver.get(dash_duo.server_url + "/?view=kinds")
    wait_for(dash_duo, lambda: cy_count(dash_duo, "node") == 4, timeout=20)
    assert dash_duo.get_logs() == []
