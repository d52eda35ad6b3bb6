"""``ptgraph serve`` in a subprocess with any options, its whole output kept, stopped by its id.

Unlike :func:`tests.serving.serving`, everything the process prints (links, access log) is read
by a thread for as long as it runs, so a chatty server never blocks on a full pipe and a test
can look at every line afterwards (e.g. that no secret was logged).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser import free_port

__all__ = ["Served", "serve_process", "serve_env"]

URL = "ptgraph explorer on "


# Runs ``python -m cli`` after asking Linux to send it SIGINT when the process that started it
# dies (prctl PR_SET_PDEATHSIG, kept across exec), so a killed test run or benchmark never
# leaves a serve, and the store it holds, behind. Done in the child itself: no preexec_fn.
# SIGINT is made to raise KeyboardInterrupt again: a test run started in the background by a
# shell without job control inherits SIGINT ignored, and serve would never hear the stop.
LAUNCH = ("import ctypes, runpy, signal, sys\n"
          "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
          "if sys.platform.startswith('linux'):\n"
          "    ctypes.CDLL(None).prctl(1, signal.SIGINT)\n"
          "sys.argv = ['ptgraph', *sys.argv[1:]]\n"
          "runpy.run_module('cli', run_name='__main__', alter_sys=True)\n")


def serve_env(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a user with ``home`` as PTGRAPH_HOME and none of the caller's settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PTGRAPH_"))}
    env["PTGRAPH_HOME"] = str(home)
    env.update(extra or {})
    return env


@dataclass
class Served:
    """A running ``ptgraph serve``: its address, port and everything it printed so far."""

    url: str
    port: int
    process: subprocess.Popen
    lines: list[str] = field(default_factory=list)

    def output(self) -> str:
        return "".join(self.lines)

    def line(self, starting: str) -> str:
        """The first printed line starting with ``starting`` (KeyError when there is none)."""
        found = next((line for line in list(self.lines) if line.startswith(starting)), None)
        if found is None:
            raise KeyError(f"serve printed no line starting {starting!r}:\n{self.output()}")
        return found.strip()

    def link(self, starting: str) -> str:
        """The URL at the end of the printed line starting with ``starting``."""
        return self.line(starting).rsplit(" ", 1)[-1]

    def wait_for_output(self, text: str, timeout: float = 10) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output():
                return True
            time.sleep(0.05)
        return False


@contextmanager
def serve_process(home: Path, args: Sequence[str] = (), env: Mapping[str, str] | None = None,
                  ready: str = URL, timeout: float = 120) -> Iterator[Served]:
    """Run ``ptgraph serve ARGS`` on a free port until a line starting with ``ready`` is printed."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", LAUNCH, "serve", "--port", str(port), *args],
                               env=serve_env(home, env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    served = Served("", port, process)

    def read() -> None:
        for line in process.stdout or ():
            served.lines.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process.poll() is None:
            if any(line.startswith(ready) for line in list(served.lines)):
                break
            time.sleep(0.05)
        else:
            raise RuntimeError(f"ptgraph serve did not start:\n{served.output()}")
        served.url = served.line(URL)[len(URL):].split()[0]
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        reader.join(timeout=10)
