"""Benchmark: ``ptgraph serve`` on a fresh home, from "store ready" to RECO drawn in the browser.

Run: .venv/bin/python bench/bench_serve.py [--repeat N]
Target: under 3 s from the store being ready (this includes loading RECO into the empty store,
building the app and the browser drawing all concepts). Needs Debian's chromium + chromedriver.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders.package import read_package  # noqa: E402
from tests.browser import chromium_options  # noqa: E402
from tests.serving import serving  # noqa: E402

TARGET_S = 3.0


def drawn(driver: webdriver.Chrome, concepts: int) -> bool:
    return driver.execute_script("return window.cy ? window.cy.nodes().length : -1") == concepts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    concepts = len(read_package("reco").concepts)
    driver = webdriver.Chrome(options=chromium_options())  # started first: users have a browser open
    try:
        for run in range(args.repeat):
            with serving(Path(tempfile.mkdtemp())) as (url, ready):
                started = time.perf_counter()
                driver.get(url)
                WebDriverWait(driver, 30, poll_frequency=0.05).until(lambda d: drawn(d, concepts))
                done = time.perf_counter()
            print(f"run {run + 1}: store ready → URL printed {started - ready:.2f}s, "
                  f"→ {concepts} concepts drawn {done - ready:.2f}s (target < {TARGET_S:.0f}s)")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
