"""The stores a benchmark run measures: the embedded FalkorDB, and Neo4j when one is reachable.

Each target hands out a store holding no data of the benchmark review (``fresh``) and the
long-lived store the read benchmarks use (``main``). Neo4j is pluggable: ``NEO4J_URI`` (with
``NEO4J_USERNAME``/``NEO4J_PASSWORD``), else the ``scripts/neo4j`` launcher of this checkout
started on a throw-away data folder; when neither is there the column is skipped with the reason.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph.stores.store import Store

__all__ = ["EmbeddedTarget", "Neo4jTarget", "neo4j_target", "server_pid", "ROOT"]

ROOT = Path(__file__).resolve().parents[2]
LAUNCH_TIMEOUT_S = 300.0


class EmbeddedTarget:
    """An embedded server in its own home, held open for the whole run (as ``serve`` would)."""

    kind = "embedded"

    def __init__(self, home: Path) -> None:
        from graph.api import open_store

        self.home = home
        self._open = open_store
        self.main = open_store(home=home, graph="ptgraph")  # its lease keeps the server up
        self._serial = 0

    @contextmanager
    def fresh(self, review: str) -> Iterator[Store]:
        """A store on a new, empty graph of the same server, deleted afterwards."""
        self._serial += 1
        store = self._open(home=self.home, graph=f"bench_fresh_{self._serial}")
        try:
            yield store
        finally:
            drop = getattr(store, "drop", None)
            if drop:
                drop()
            store.close()

    def server_pid(self) -> int | None:
        return server_pid(self.home)

    def close(self) -> None:
        self.main.close()


class Neo4jTarget:
    """A Neo4j database; "fresh" means the benchmark review is deleted before and after."""

    kind = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str | None,
                 process: subprocess.Popen[str] | None = None) -> None:
        from graph.stores.neo4j_store import Neo4jStore

        self._process = process
        self.main: Store = Neo4jStore(uri, user, password, database)
        self.main.ensure_schema()

    @contextmanager
    def fresh(self, review: str) -> Iterator[Store]:
        self.clear(review)
        try:
            yield self.main
        finally:
            self.clear(review)

    def clear(self, review: str) -> None:
        from graph.load import delete_review

        with self.main.atomic(review) as runner:
            delete_review(runner, review)

    def server_pid(self) -> int | None:
        return self._process.pid if self._process else None

    def close(self) -> None:
        self.main.close()
        if self._process and self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait()


def neo4j_target(choice: str) -> tuple[Neo4jTarget | None, str]:
    """The Neo4j target for ``--neo4j`` (``auto``, ``off`` or a URI), or None and why not."""
    if choice == "off":
        return None, "skipped: --neo4j off"
    uri = choice if choice != "auto" else os.environ.get("NEO4J_URI", "")
    user = os.environ.get("NEO4J_USERNAME", "neo4j")
    password = os.environ.get("NEO4J_PASSWORD", "")
    database = os.environ.get("NEO4J_DATABASE") or None
    process = None
    if not uri:
        launcher = ROOT / "scripts" / "neo4j"
        if not launcher.is_file():
            return None, "skipped: NEO4J_URI is not set and this checkout has no scripts/neo4j launcher"
        try:
            process, uri = _launch(launcher)
        except RuntimeError as e:
            return None, f"skipped: scripts/neo4j did not start ({e})"
    try:
        return Neo4jTarget(uri, user, password, database, process), f"Neo4j at {uri}"
    except Exception as e:  # any failure to connect means: no Neo4j column
        _stop(process)
        return None, f"skipped: cannot use Neo4j at {uri}: {e}"


def _launch(launcher: Path) -> tuple[subprocess.Popen[str], str]:
    """Start ``scripts/neo4j DATA_DIR`` on a free port and wait for its ``NEO4J_URI=`` line."""
    from tests.browser import free_port
    from tests.neo4j_server import uri_in

    env = {**os.environ, "NEO4J_PORT": str(free_port())}
    data = tempfile.mkdtemp(prefix="ptgraph-bench-neo4j-")
    process = subprocess.Popen(["bash", str(launcher), data], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    deadline = time.monotonic() + LAUNCH_TIMEOUT_S
    seen: list[str] = []
    while time.monotonic() < deadline and process.stdout:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        uri = uri_in(line)  # anywhere in the line: Maven's colour codes can come first
        if uri:
            # keep reading its log so that a full pipe never blocks the server
            threading.Thread(target=_drain, args=(process.stdout,), daemon=True).start()
            return process, uri
    _stop(process)
    raise RuntimeError("".join(seen[-5:]).strip() or "no NEO4J_URI line")


def _drain(stream: Any) -> None:
    for _ in stream:
        pass


def _stop(process: subprocess.Popen[Any] | None) -> None:
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def server_pid(home: Path) -> int | None:
    """The pid of the redis-server whose data lives in ``home`` (its working folder, from /proc).

    redis-server rewrites its command line, so the server is recognised by the folder it runs in.
    """
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if "redis-server" not in os.readlink(proc / "exe"):
                continue
            cwd = Path(os.readlink(proc / "cwd"))
        except OSError:
            continue
        if cwd == home or home in cwd.parents:
            return int(proc.name)
    return None
