"""Benchmark: the network page's first render on a 2,000-concept / ~6,000-link review.

Run: .venv/bin/python bench/bench_explorer.py [--package /tmp/big/big] [--repeat N]
(without --package it generates one: ``python -m bench.corpus --cmocs 1400 --concepts 2000
--review big --out /tmp/big`` gives 2,000 concepts and about 6,200 links).

Target: the first render (page opened → the default view drawn by cytoscape) within 2 s in
headless Chromium, and the browser is sent at most ``MAX_ELEMENTS`` graph elements, for any
view. RECO (71 concepts) is timed in the same run, on the same machine, and the ratio printed:
the machines are shared and noisy, so the ratio says more than either time alone.
Needs Debian's chromium + chromedriver.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.views.network_views import MAX_ELEMENTS  # noqa: E402
from tests.browser import chromium_options  # noqa: E402
from tests.serving import serving  # noqa: E402

TARGET_S = 2.0
DRAWN_JS = """
const el = document.getElementById('network-graph');
const cy = el && el._cyreg && el._cyreg.cy;
const status = document.getElementById('network-search-status');
return cy && cy.nodes().length && status && status.textContent ? cy.elements().length : 0;
"""


def generated(folder: Path) -> Path:
    """A 2,000-concept review written by bench.corpus (about 6,200 links)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.corpus",
            "--cmocs",
            "1400",
            "--concepts",
            "2000",
            "--review",
            "big",
            "--out",
            str(folder),
        ],
        check=True,
        capture_output=True,
    )
    return folder / "big"


def loaded_home(package: Path | None) -> Path:
    """A fresh PTGRAPH_HOME holding ``package`` (None: left empty, so serve loads RECO)."""
    home = Path(tempfile.mkdtemp(prefix="ptgraph-bench-"))
    if package is not None:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PTGRAPH_"))},
            "PTGRAPH_HOME": str(home),
        }
        subprocess.run(
            [sys.executable, "-m", "cli", "load", str(package)], env=env, check=True, capture_output=True
        )
    return home


def first_render(driver: webdriver.Chrome, url: str) -> tuple[float, int]:
    """Seconds from opening ``url`` to the drawn default view, and the elements the browser holds."""
    driver.get("about:blank")
    started = time.perf_counter()
    driver.get(url)
    count = WebDriverWait(driver, 60, poll_frequency=0.02).until(lambda d: d.execute_script(DRAWN_JS))
    return time.perf_counter() - started, int(count)


def largest_view(driver: webdriver.Chrome, url: str) -> int:
    """The elements the browser holds for the whole-graph view (the largest the page sends)."""
    driver.get(url + "?view=all")
    WebDriverWait(driver, 60, poll_frequency=0.05).until(
        lambda d: (
            "whole graph"
            in (
                d.execute_script(
                    "const s = document.getElementById('network-search-status'); return s && s.textContent"
                )
                or ""
            )
        )
    )
    return int(driver.execute_script(DRAWN_JS))


def measure(driver: webdriver.Chrome, home: Path, repeat: int) -> tuple[list[float], int, int, str]:
    with serving(home, timeout=120) as (url, _):
        first_render(driver, url)  # warm: the app's first request builds its caches
        runs = [first_render(driver, url) for _ in range(repeat)]
        status = driver.execute_script("return document.getElementById('network-search-status').textContent")
        return [t for t, _ in runs], runs[-1][1], largest_view(driver, url), status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--package", type=Path, help="a review package (default: generate one)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    package = args.package or generated(Path(tempfile.mkdtemp(prefix="ptgraph-big-")))
    big_home, reco_home = loaded_home(package), loaded_home(None)
    driver = webdriver.Chrome(options=chromium_options())
    driver.set_window_size(1400, 900)
    try:
        big, big_elements, big_largest, big_status = measure(driver, big_home, args.repeat)
        reco, reco_elements, _, _ = measure(driver, reco_home, args.repeat)
    finally:
        driver.quit()
    best_big, best_reco = min(big), min(reco)
    print(f"large review: {big_status}")
    print(
        f"  first render {', '.join(f'{t:.2f}s' for t in big)} (best {best_big:.2f}s, "
        f"target < {TARGET_S:.0f}s); "
        f"{big_elements} elements in the browser; whole-graph view {big_largest} "
        f"(bound {MAX_ELEMENTS})"
    )
    print(
        f"RECO: first render {', '.join(f'{t:.2f}s' for t in reco)} (best {best_reco:.2f}s); "
        f"{reco_elements} elements"
    )
    print(f"ratio large / RECO (best of each, same run): {best_big / best_reco:.2f}")
    ok = best_big < TARGET_S and max(big_elements, big_largest) <= MAX_ELEMENTS
    print("PASS" if ok else "FAIL")


if __name__ == "__main__":
    main()
