"""The explorer while its store is stopped or killed: "database unavailable", then back by itself."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from graph.stores import embedded
from loaders.package import read_package
from tests.browser import cy_count, shot, wait_for
from tests.serving import serving

pytestmark = pytest.mark.browser


def _banner(dash_br) -> str:
    element = dash_br.find_element("#app-unavailable")
    return element.text if element.is_displayed() else ""


def test_a_stopped_or_killed_store_shows_unavailable_and_recovers(dash_br, tmp_path: Path) -> None:
    home = tmp_path / "home"
    concepts = len(read_package("reco").concepts)
    with serving(home) as (url, _):
        dash_br.driver.get(url.rstrip("/") + "/?view=all")  # the first view shows only key concepts
        wait_for(dash_br, lambda: cy_count(dash_br, "node") == concepts, timeout=60)
        info = embedded.running_server(home)
        assert info is not None and _banner(dash_br) == ""
        os.kill(info.pid, signal.SIGSTOP)
        try:
            wait_for(dash_br, lambda: _banner(dash_br).startswith("Database unavailable"), timeout=30)
            shot(dash_br, "store-unavailable.png")
        finally:
            os.kill(info.pid, signal.SIGCONT)
        wait_for(dash_br, lambda: _banner(dash_br) == "", timeout=30)
        wait_for(dash_br, lambda: cy_count(dash_br, "node") == concepts, timeout=60)
        os.kill(info.pid, signal.SIGKILL)
        wait_for(dash_br, lambda: (embedded.running_server(home) or info).pid != info.pid, timeout=60)
        dash_br.driver.refresh()
        wait_for(dash_br, lambda: cy_count(dash_br, "node") == concepts, timeout=60)
        assert _banner(dash_br) == ""
