"""Run ``ptgraph serve`` as a user would, in a subprocess on a fresh home, and stop it cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.browser import free_port

READY, URL = "Store ready", "ptgraph explorer on "


@contextmanager
def serving(home: Path, timeout: float = 60) -> Iterator[tuple[str, float]]:
    """Yield the explorer's URL and the moment (perf_counter) its store became ready."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PTGRAPH_"))}
    env["PTGRAPH_HOME"] = str(home)
    proc = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--port", str(free_port())],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ready, url, seen = 0.0, "", []
    try:
        deadline = time.monotonic() + timeout
        while not url and time.monotonic() < deadline:
            line = proc.stdout.readline() if proc.stdout else ""
            if not line:
                break
            seen.append(line)
            if line.startswith(READY):
                ready = time.perf_counter()
            elif line.startswith(URL):
                url = line[len(URL):].split()[0]
        if not url:
            raise RuntimeError("ptgraph serve did not start:\n" + "".join(seen))
        yield url, ready
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
