"""SIGKILL of the loader or the server at any moment of a load: the old review or the new one, never half.

Each trial replaces review 'reco' (RECO ↔ a small package with the same review id) with
``ptgraph load --replace`` in a subprocess and kills the loader or the embedded server after a
delay: three in the loader's first 0.2 s, the rest spread over the write itself (from the moment the
load takes the graph's write lock to the loader's exit, its last 0.2 s included); then the next
command (``ptgraph query``) must work and the review must be exactly the old package or the new one.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from graph.stores import embedded, staging
from tests.processes import ROOT, cli, load_in_progress, start_cli, wait_until

KILLS_PER_TARGET = 10


STATE = ("MATCH (n) WITH labels(n)[0] AS label, count(n) AS n ORDER BY label "
         "WITH collect([label, n]) AS counts OPTIONAL MATCH (r:Review {id: 'reco'}) "
         "RETURN r.contentHash AS hash, counts")


def _state(home: Path, held: embedded.ServerInfo | None) -> tuple[str | None, str]:
    """The next command (a query through the CLI): the review's hash and every label's count."""
    after = cli(home, "query", "--json", STATE)
    assert after.returncode == 0, f"the next command failed: {after.stderr}"
    if held is not None:
        conn = embedded.connection(embedded.reconnect(home))
        assert not conn.exists(staging.staging_name("ptgraph"), staging.marker_key("ptgraph"))
        conn.close()
    row = json.loads(after.stdout)[0]
    return row["hash"], json.dumps(row["counts"])


def _wait_for_lock(home: Path, loader: subprocess.Popen[str]) -> None:
    wait_until(lambda: load_in_progress(home) or loader.poll() is not None, timeout=120, every=0.005)


def _timed_load(home: Path, package: str) -> float:
    """Seconds from the load taking the write lock to the loader's exit, in a clean run."""
    loader = start_cli(home, "load", "--replace", package)
    _wait_for_lock(home, loader)
    locked = time.monotonic()
    _, err = loader.communicate(timeout=120)
    assert loader.returncode == 0, err
    return time.monotonic() - locked


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    small = tmp_path_factory.mktemp("small") / "small"
    shutil.copytree(ROOT / "loaders" / "builtin" / "example", small)
    review = small / "review.yaml"
    review.write_text(review.read_text().replace("id: example", "id: reco", 1))
    return {"reco": "reco", "small": str(small)}


def _offsets(window: float, n: int) -> list[tuple[str, float]]:
    """(anchor, delay): 'start' delays fall in the loader's first 0.2 s, 'lock' ones span the write."""
    spread = [window * i / (n - 4) for i in range(n - 3)]
    return [("start", 0.02), ("start", 0.1), ("start", 0.19),
            *[("lock", d) for d in spread[:-2]],
            ("lock", max(window - 0.19, 0)), ("lock", max(window - 0.05, 0))]


@pytest.mark.parametrize("target", ["loader", "server"])
def test_sigkill_during_a_load_never_bricks_or_half_loads(target: str, tmp_path: Path, packages) -> None:
    home = tmp_path / "home"
    held = embedded.acquire(home) if target == "server" else None  # the server outlives the loader
    try:
        durations = {name: _timed_load(home, packages[name]) for name in ("small", "reco")}
        print(f"write windows: {durations}")
        states = {"reco": _state(home, held)}
        _timed_load(home, packages["small"])
        states["small"] = _state(home, held)
        current, outcomes = "small", []
        for i in range(KILLS_PER_TARGET):
            new = "reco" if current == "small" else "small"
            anchor, delay = _offsets(durations[new], KILLS_PER_TARGET)[i]
            loader = start_cli(home, "load", "--replace", packages[new])
            if anchor == "lock":
                _wait_for_lock(home, loader)
            time.sleep(delay)
            if target == "loader":
                loader.kill()
            else:
                info = embedded.running_server(home)
                if info is not None:
                    os.kill(info.pid, signal.SIGKILL)
            out, err = loader.communicate(timeout=120)
            assert "Traceback" not in err, err
            state = _state(home, held)
            assert state in (states[current], states[new]), f"trial {i} ({delay:.2f} s) left a partial review"
            outcomes.append("new" if state == states[new] else "old")
            current = new if state == states[new] else current
        print(f"{target} kills: {len(outcomes)}, old kept {outcomes.count('old')}, "
              f"new kept {outcomes.count('new')}, 0 bricked, 0 partial")
    finally:
        if held is not None:
            embedded.release(home)
