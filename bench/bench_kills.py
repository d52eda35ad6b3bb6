"""Benchmark: SIGKILL of the loader or the server during a load at M (10k CMOCs), never half a review.

The M package (``bench.corpus``, review 'synth-m') is read and validated once, and its rows kept in
a pickle, so each trial's loader process spends its time writing, not parsing YAML. Before each
trial the store holds a 200-CMOC package with the same review id (the "old" state); the trial
starts a loader replacing it with M and kills, alternately, the loader or the embedded server at a
delay spread over the load's whole write window (measured in a clean run, its first and last
0.2 s included). The next command must open the store and find exactly the old or the new review.

Run: .venv/bin/python bench/bench_kills.py [--kills 10] [--cmocs 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))



def loader(rows_file: str) -> None:
    """The loader process of a trial: write the pickled rows with --replace semantics."""
    from graph.api import open_store
    from graph.load import load_rows

    rows = pickle.loads(Path(rows_file).read_bytes())  # noqa: S301 - written by this benchmark
    with open_store() as store:
        load_rows(store, rows, replace=True)


def _env(home: Path) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PTGRAPH_"))},
            "PTGRAPH_HOME": str(home)}


def _start_loader(home: Path, rows_file: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, __file__, "--loader", str(rows_file)], env=_env(home), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _state(home: Path) -> tuple[str | None, str, float]:
    started = time.perf_counter()
    import cypher

    state = cypher.statement("get_load_state")  # run as a person would: the next CLI command
    done = subprocess.run([sys.executable, "-m", "cli", "query", "--json", state, "-p", "review=synth-m"],
                          env=_env(home), cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"BRICKED: the next command failed:\n{done.stderr}")
    row = json.loads(done.stdout)[0]
    return row["hash"], json.dumps(row["counts"]), time.perf_counter() - started


def _locked(home: Path) -> bool:
    from graph.stores import embedded, staging

    info = embedded.running_server(home)
    if info is None:
        return False
    conn = embedded.connection(info)
    try:
        return bool(conn.exists(staging.marker_key("ptgraph")))
    except Exception:  # noqa: BLE001 - a server still starting
        return False
    finally:
        conn.close()


def _wait_lock(home: Path, proc: subprocess.Popen[str]) -> float:
    while not _locked(home) and proc.poll() is None:
        time.sleep(0.005)
    return time.monotonic()


def _rows_file(work: Path, name: str, cmocs: int) -> Path:
    from bench.corpus import write_review
    from graph.rows import package_rows
    from loaders.package import read_package

    target = work / f"{name}.pkl"
    package = read_package(write_review(work / name, "synth-m", cmocs=cmocs))
    target.write_bytes(pickle.dumps(package_rows(package)))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--cmocs", type=int, default=10_000)
    parser.add_argument("--loader", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.loader:
        return loader(args.loader)
    work = Path(tempfile.mkdtemp(prefix="bench-kills-"))
    print("reading and validating the packages once ...", flush=True)
    big, small = _rows_file(work, "big", args.cmocs), _rows_file(work, "small", 200)
    home = work / "home"
    subprocess.run([sys.executable, __file__, "--loader", str(big)], env=_env(home), check=True)
    new = _state(home)[:2]
    subprocess.run([sys.executable, __file__, "--loader", str(small)], env=_env(home), check=True)
    old = _state(home)[:2]
    proc = _start_loader(home, big)
    locked = _wait_lock(home, proc)
    proc.wait()
    window = time.monotonic() - locked
    subprocess.run([sys.executable, __file__, "--loader", str(small)], env=_env(home), check=True)
    print(f"clean load of M: write window {window:.1f} s (lock taken to loader exit)", flush=True)
    from graph.stores import embedded

    outcomes = []
    for trial in range(args.kills):
        target = "loader" if trial % 2 == 0 else "server"
        delay = [0.05, window - 0.1][trial] if trial < 2 else window * (trial - 1) / (args.kills - 1)
        proc = _start_loader(home, big)
        _wait_lock(home, proc)
        time.sleep(max(delay, 0.0))
        info = embedded.running_server(home)
        victim = proc.pid if target == "loader" else (info.pid if info else None)
        if victim:
            os.kill(victim, signal.SIGKILL)
        _, err = proc.communicate()
        state = _state(home)
        kind = "old" if state[:2] == old else "new" if state[:2] == new else "PARTIAL"
        outcomes.append(kind)
        line = err.strip().splitlines()[-1] if err.strip() else ""
        print(f"kill {trial + 1:2d}: {target:6s} at +{delay:5.2f} s → {kind}; next command {state[2]:.1f} s"
              f"{'; loader said: ' + line if line else ''}", flush=True)
        if kind == "PARTIAL":
            raise SystemExit("PARTIAL review after a kill")
        if kind == "new":
            subprocess.run([sys.executable, __file__, "--loader", str(small)], env=_env(home), check=True)
    print(f"\n{len(outcomes)} SIGKILLs at M: {outcomes.count('old')} old kept, "
          f"{outcomes.count('new')} new kept, 0 partial, 0 bricked")


if __name__ == "__main__":
    main()
