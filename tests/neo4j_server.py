"""A real Neo4j Community server for the test session, started with ``scripts/neo4j``.

The server runs in its own process group on a free loopback port with auth on. It is
stopped by id when the session ends, at interpreter exit, and on SIGTERM; if the test
process dies without any of those (SIGKILL), the server notices (NEO4J_WATCH_PID) and exits.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from tests.browser import free_port

__all__ = ["PASSWORD", "USER", "missing_tools", "running", "prepare"]

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "neo4j"
USER, PASSWORD = "neo4j", "ptgraph-tests-secret"
LOCK_TIMEOUT_S = 3  # a blocked transaction gets a transient error after this long
START_TIMEOUT_S = 240.0  # a first start on a busy 2-core machine takes 30-60 s
STOP_TIMEOUT_S = 60.0


def missing_tools() -> str | None:
    """What the server needs and this machine lacks, in words (None: all there)."""
    missing = [tool for tool in ("java", "javac", "mvn") if shutil.which(tool) is None]
    return " and ".join(missing) or None


def prepare() -> None:
    """Fetch the jars and compile the launcher (what a first start would do, done up front)."""
    subprocess.run(["bash", str(SCRIPT), "--prepare"], check=True, timeout=1800)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)  # the JVM's shutdown hook stops Neo4j cleanly
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


# anywhere in a line: on a cold fetch Maven's colour codes (and unended output) can come before it
_URI_LINE = re.compile(r"NEO4J_URI=([^\s\x1b]+)")


def uri_in(output: str) -> str | None:
    r"""The URI the launcher printed as ``NEO4J_URI=...``, wherever in a line it stands.

    >>> uri_in("[INFO] BUILD SUCCESS\n\x1b[0m\x1b[0mNEO4J_URI=bolt://127.0.0.1:7687\x1b[0m\n")
    'bolt://127.0.0.1:7687'
    >>> uri_in("[INFO] Downloading neo4j-5.26.pom") is None
    True
    """
    found = _URI_LINE.search(output)
    return found.group(1) if found else None


def _wait_for_uri(process: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        uri = uri_in(log.read_text(errors="replace"))
        if uri:
            return uri
        if process.poll() is not None:
            raise RuntimeError(f"Neo4j exited at start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)
    raise RuntimeError(f"Neo4j did not answer within {START_TIMEOUT_S:.0f} s; see {log}")


@contextlib.contextmanager
def running(data_dir: Path, password: str = PASSWORD) -> Iterator[str]:
    """Start a server on ``data_dir``, yield its ``bolt://`` URI, stop it on the way out."""
    log = data_dir / "server.out"
    env = {**os.environ, "NEO4J_PORT": str(free_port()), "NEO4J_PASSWORD": password,
           "NEO4J_WATCH_PID": str(os.getpid()),
           "NEO4J_LOCK_TIMEOUT_S": str(LOCK_TIMEOUT_S), "NEO4J_HEAP": os.environ.get("NEO4J_HEAP", "1g")}
    with log.open("wb") as out:
        process = subprocess.Popen(["bash", str(SCRIPT), str(data_dir / "home")], env=env,
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    atexit.register(_stop, process)
    previous = signal.getsignal(signal.SIGTERM)

    def on_sigterm(signum: int, frame: object) -> None:
        _stop(process)
        raise SystemExit(128 + signum)

    if previous in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield _wait_for_uri(process, log)
    finally:
        _stop(process)
        atexit.unregister(_stop)
        if signal.getsignal(signal.SIGTERM) is on_sigterm:
            signal.signal(signal.SIGTERM, previous)
