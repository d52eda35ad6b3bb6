"""``ptgraph serve`` as people run it, opened in headless Chromium: first render and peak memory.

The explorer runs in its own process on the run's embedded server (already holding the review).
Chromium starts first, as a person's browser would be open already; "first render" is from
asking for the network page to its graph being drawn. Then the pathway, theory and gap pages
are opened too, and the peak resident memory (VmHWM) of the ``serve`` process and of the
store's server is read from /proc.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.suite.measure import Sample, peak_rss_mb
from bench.suite.results import Row
from bench.suite.workload import Workload

__all__ = ["browser_rows", "RENDER_TIMEOUT_S"]

RENDER_TIMEOUT_S = 180.0
READY = "ptgraph explorer on "


def _serve(home: Path, cwd: Path) -> tuple[subprocess.Popen[str], str]:
    from tests.browser import free_port

    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PTGRAPH_"))}
    env.update(PTGRAPH_HOME=str(home), PTGRAPH_GRAPH="ptgraph")
    proc = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--no-load", "--port", str(free_port())],
                            env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.stdout:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        if line.startswith(READY):
            return proc, line[len(READY):].split()[0]
    _stop(proc)
    raise RuntimeError("ptgraph serve did not start:\n" + "".join(seen[-10:]))


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait(driver: Any, script: str, timeout: float) -> float | None:
    """Seconds until ``script`` returns true in the page, or None after ``timeout``."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if driver.execute_script(script):
                return time.perf_counter() - started
        except Exception:  # noqa: S110 - the page is navigating; ask again
            pass
        time.sleep(0.05)
    return None


DRAWN = "return !!(window.cy && window.cy.nodes().length > 0)"


def _has_text(element_id: str) -> str:
    return f"var e = document.getElementById({element_id!r}); return !!(e && e.textContent.trim());"


def browser_rows(work: Workload, home: Path, cwd: Path, store_pid: int | None, runs: int) -> list[Row]:
    from selenium import webdriver

    from tests.browser import chromium_options

    driver = webdriver.Chrome(options=chromium_options())
    proc = None
    try:
        proc, url = _serve(home, cwd)
        first = _wait_page(driver, f"{url}?review={work.review}", DRAWN)
        rows = [Row(work.size, "first render (network page)", Sample([first]) if first is not None else None,
                    note="" if first is not None else f"graph not drawn within {RENDER_TIMEOUT_S:.0f} s")]
        again = Sample()
        for _ in range(max(0, runs - 1) if first is not None else 0):
            seconds = _wait_page(driver, f"{url}?review={work.review}", DRAWN)
            if seconds is None:
                break
            again.values.append(seconds)
        if again.values:
            rows.append(Row(work.size, "render again (network page, warm server)", again))
        q = next((q for q in work.queries if q.kind == "hub → hub"), work.queries[0])
        pages = (("pathways", f"pathways?review={work.review}&from={q.source}&to={q.target}",
                  _has_text("pathway-status")),
                 ("theory", f"theory?theory={work.theory}", DRAWN),
                 ("gaps", f"gaps?review={work.review}", _has_text("gaps-status")))
        for page, path, ready in pages:
            seconds = _wait_page(driver, url + path, ready)
            late = f"not ready within {RENDER_TIMEOUT_S:.0f} s"
            sample = Sample([seconds]) if seconds is not None else None
            rows.append(Row(work.size, f"page opened ({page})", sample, note="" if sample else late))
        serve_mb = peak_rss_mb(proc.pid)
        store_mb = peak_rss_mb(store_pid) if store_pid else None
        rows += [Row(work.size, "serve peak RSS", Sample([serve_mb]) if serve_mb else None, unit="MB"),
                 Row(work.size, "store server peak RSS", Sample([store_mb]) if store_mb else None, unit="MB",
                     note="redis-server + FalkorDB module, whole run")]
        return rows
    finally:
        driver.quit()
        if proc:
            _stop(proc)


def _wait_page(driver: Any, url: str, script: str) -> float | None:
    started = time.perf_counter()
    driver.get(url)
    waited = _wait(driver, script, RENDER_TIMEOUT_S)
    return None if waited is None else time.perf_counter() - started
