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
        wait_for(dash_br, lambda: cy_count(dash_br, "node") > 8, timeout=30)  # the key concepts
        dash_br.wait_for_contains_text("#network-search-status", f"of {concepts} concepts")
        assert "RECO" in dash_br.find_element("#network-review").text
        shot(dash_br, "serve-reco.png")
        assert embedded.running_server(home) is not None
    assert embedded.running_server(home) is None


def test_a_port_in_use_is_named_and_no_address_is_printed(tmp_path: Path) -> None:
    import os
    import socket
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PTGRAPH_"))}
    env["PTGRAPH_HOME"] = str(tmp_path / "home")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "cli", "serve", "--no-load", "--port", str(port)],
                              env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert f"Port {port} on 127.0.0.1 is already in use" in done.stderr and "--port" in done.stderr
    assert "ptgraph explorer on" not in done.stdout and "Traceback" not in done.stderr
    assert embedded.running_server(tmp_path / "home") is None  # the store it started is stopped again
