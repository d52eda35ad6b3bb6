"""Helpers for tests that run ptgraph as processes and look at the servers they leave."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PTGRAPH_"))}
    return {**env, "PTGRAPH_HOME": str(home), **extra}


def cli(home: Path, *args: str, timeout: float = 120, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``ptgraph ARGS`` on ``home`` to the end."""
    return subprocess.run([sys.executable, "-m", "cli", *args], env=env_for(home, **extra), cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def ptgraph(env: dict[str, str], *args: str | Path, cwd: Path | None = None, stdin: str | None = None,
            timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run ``ptgraph ARGS`` as a process with ``env`` (a ``cli_env`` fixture) to the end.

    An env holding NEO4J_URI (``any_cli_env`` on Neo4j) is passed as ``--uri``, as a person would.
    """
    env = dict(env)
    uri = env.pop("NEO4J_URI", None)
    store = ["--uri", uri] if uri else []
    return subprocess.run([sys.executable, "-m", "cli", *store, *map(str, args)], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, input=stdin, check=False)


def start_cli(home: Path, *args: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "cli", *args], env=env_for(home, **extra), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def servers_on(home: Path) -> list[int]:
    """PIDs of live redis-server processes working in ``home``'s data folder (redis chdirs there)."""
    folder = str((home / "data").resolve())
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if (proc / "comm").read_text().strip() != "redis-server" or os.readlink(proc / "cwd") != folder:
                continue
            zombie = (proc / "stat").read_text().rsplit(") ", 1)[1].startswith("Z")
        except (OSError, IndexError):
            continue
        if not zombie:
            found.append(int(proc.name))
    return found


def wait_until(predicate: Callable[[], object], timeout: float = 10, every: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout} s: {predicate}")
        time.sleep(every)


def load_in_progress(home: Path, graph: str = "ptgraph") -> bool:
    """True while a load into ``graph`` holds its write lock on ``home``'s server."""
    import redis

    from graph.stores import embedded, staging

    info = embedded.running_server(home)
    if info is None:
        return False
    conn = embedded.connection(info)
    try:
        return bool(conn.exists(staging.marker_key(graph)))
    except redis.RedisError:
        return False
    finally:
        conn.close()
