"""Helpers for the explorer's browser tests (dash[testing]'s ``dash_duo`` in headless Chromium)."""

from __future__ import annotations

import base64
import os
import socket
from pathlib import Path
from typing import Any

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CY = "return window.cy"  # dash-cytoscape exposes the last mounted cytoscape instance


def chromium_options() -> Any:
    """Options for Debian's Chromium, headless, without the background traffic a closed network refuses."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(flag)
    return options


def free_port() -> int:
    """A loopback port nobody listens on, so parallel test runs never share Dash's default 8050."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(dash_duo: Any, app: Any, path: str = "/") -> None:
    """Serve ``app`` on a free port and open ``path`` in the browser."""
    dash_duo.start_server(app, port=free_port())
    if path != "/":
        dash_duo.driver.get(dash_duo.server_url + path)


def set_viewport(dash_duo: Any, width: int, height: int) -> None:
    """Make the page's viewport (not the window around it) exactly ``width`` × ``height``."""
    dash_duo.driver.set_window_size(width, height)
    inner = dash_duo.driver.execute_script("return [window.innerWidth, window.innerHeight]")
    dash_duo.driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])


def allow_downloads(dash_duo: Any) -> Path:
    """Let headless Chromium save downloads, and return the folder they land in."""
    folder = Path(dash_duo.download_path)
    dash_duo.driver.execute_cdp_cmd("Page.setDownloadBehavior",
                                    {"behavior": "allow", "downloadPath": str(folder)})
    return folder


def shot(dash_duo: Any, name: str) -> Path:
    """Save a screenshot under artifacts/ (CI keeps it) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / name
    dash_duo.driver.save_screenshot(str(target))
    return target


def cy_count(dash_duo: Any, selector: str) -> int:
    """How many elements of the page's cytoscape graph match ``selector`` (-1: no graph yet)."""
    return dash_duo.driver.execute_script(f"{CY} ? window.cy.elements({selector!r}).length : -1")


def wait_for(dash_duo: Any, predicate: Any, timeout: float = 10) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(dash_duo.driver, timeout).until(lambda _: predicate())


def data_uri_bytes(uri: str) -> bytes:
    """The decoded payload of a ``data:...;base64,`` URI."""
    return base64.b64decode(uri.split(",", 1)[1])
