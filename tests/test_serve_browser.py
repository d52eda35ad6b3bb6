"""``ptgraph serve`` on a fresh machine: the store starts, RECO loads, the browser shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.stores import embedded
from loaders.package import read_package
from tests.browser import cy_count, shot, wait_for
from tests.serving import serving

pytestmark = pytest.mark.browser


def test_serve_on_a_fresh_home_shows_reco_and_stops_its_server(dash_br, tmp_path: Path) -> None:
    home = tmp_path / "home"
    concepts = len(read_package("reco").concepts)
    with serving(home) as (url, _):
        dash_br.driver.get(url)
        wait_for(dash_br, lambda: cy_count(dash_br, "node") == concepts, timeout=30)
        assert "RECO" in dash_br.find_element("#network-review").text
        shot(dash_br, "serve-reco.png")
        assert embedded.running_server(home) is not None
    assert embedded.running_server(home) is None
