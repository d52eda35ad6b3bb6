"""Benchmark: many successive ``ptgraph load --replace`` of one package; does the store stay healthy?

Each round runs ``ptgraph load --replace`` and then a cold ``ptgraph stats`` as separate processes
(each starts and stops the embedded server, as a person's commands do) and records both times
and the size of the data folder. Healthy means: ``stats`` after the last load as fast as after
the first (the ratio is printed, from the same run), and a data folder that does not grow.

Run: .venv/bin/python bench/bench_reload.py [--reloads 50] [--cmocs 500]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import write_review  # noqa: E402


def timed(home: Path, *args: str) -> float:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PTGRAPH_"))},
           "PTGRAPH_HOME": str(home)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode:
        raise SystemExit(f"ptgraph {' '.join(args)} failed:\n{done.stderr}")
    return time.perf_counter() - started


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reloads", type=int, default=50)
    parser.add_argument("--cmocs", type=int, default=500)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-reload-"))
    package = write_review(work, "r500", cmocs=args.cmocs)
    home = work / "home"
    rounds = []
    for n in range(1, args.reloads + 1):
        load = timed(home, "load", "--replace", str(package))
        stats = timed(home, "stats")
        rounds.append((load, stats, folder_mb(home / "data")))
        print(f"reload {n:3d}: load {load:5.2f} s, cold stats {stats:5.2f} s, "
              f"data folder {rounds[-1][2]:6.2f} MB", flush=True)
    first, last = rounds[:5], rounds[-5:]
    median = lambda part, i: statistics.median(r[i] for r in part)  # noqa: E731
    print(f"\n{args.reloads} reloads of a {args.cmocs}-CMOC package")
    print(f"cold stats: median of first 5 {median(first, 1):.2f} s, of last 5 {median(last, 1):.2f} s, "
          f"ratio last/first {median(last, 1) / median(first, 1):.2f}")
    print(f"load --replace: median of first 5 {median(first, 0):.2f} s, of last 5 {median(last, 0):.2f} s")
    print(f"data folder: after the first load {rounds[0][2]:.2f} MB, "
          f"largest {max(r[2] for r in rounds):.2f} MB, after the last {rounds[-1][2]:.2f} MB")


if __name__ == "__main__":
    main()
