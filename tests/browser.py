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


def png_size(data: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels, read from its IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


SVG = "{http://www.w3.org/2000/svg}"


def svg_parts(text: str) -> dict[str, Any]:
    """An exported SVG read as XML (so it must be well-formed): its size, its caption's text (the
    wrapped rows joined by spaces), the caption's lowest baseline and where the graph starts."""
    import re

    from defusedxml import ElementTree as SafeET

    root = SafeET.fromstring(text)
    caption = root.find(f"{SVG}g[@class='caption']")
    graph = root.find(f"{SVG}g[@class='graph']")
    assert caption is not None and graph is not None and root.find(f"{SVG}g[@class='legend']") is not None
    rows = caption.findall(f"{SVG}text")
    moved = re.match(r"translate\(([-\d.e]+)[ ,]+([-\d.e]+)\)", graph.get("transform", ""))
    assert moved, graph.get("transform")
    return {"width": float(root.get("width", 0)), "height": float(root.get("height", 0)),
            "caption": " ".join(row.text or "" for row in rows), "rows": len(rows),
            "caption_bottom": max(float(row.get("y", 0)) for row in rows), "graph_top": float(moved.group(2))}


def svg_overflow(dash_duo: Any, text: str) -> list[str]:
    """The caption rows of an exported SVG that run past its right edge, as Chromium draws them."""
    return dash_duo.driver.execute_script("""
        const box = document.createElement('div');
        box.style.position = 'absolute'; box.style.left = '0'; box.style.top = '0';
        box.innerHTML = arguments[0];
        document.body.appendChild(box);
        const svg = box.querySelector('svg'), width = parseFloat(svg.getAttribute('width'));
        const wide = Array.from(svg.querySelectorAll('g.caption text')).filter(function (t) {
            const b = t.getBBox(); return b.x < 0 || b.x + b.width > width; }).map(t => t.textContent);
        box.remove();
        return wide;
    """, text)
