"""Benchmark: the whole embedded load path against the bare ``UNWIND $rows ... CREATE`` floor.

On one embedded server, alternately: the floor (the load's own ``create_*`` batches written
straight into a fresh, indexed graph: no hash, no staging, no swap, no save) and
:func:`graph.load.load_rows` into a fresh graph (content hash, staging graph, indexes, batches,
``RENAME`` swap, ``SAVE``). Medians of ``--repeat`` runs and their ratio, from the same run.
Target: ratio ≤ 1.5 at M.

Run: .venv/bin/python bench/bench_write.py [--cmocs 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import write_review  # noqa: E402
from graph import load  # noqa: E402
from graph.rows import package_rows  # noqa: E402
from graph.stores import staging  # noqa: E402
from graph.stores.falkor_store import FalkorStore  # noqa: E402
from loaders.package import read_package  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cmocs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-write-"))
    rows = package_rows(read_package(write_review(work, "synth", cmocs=args.cmocs)))
    print(f"{rows.total()} rows", flush=True)
    floor, full = [], []
    for run in range(args.repeat):
        home = work / "home"
        floor_store, load_store = FalkorStore(f"floor{run}", home=home), FalkorStore(f"load{run}", home=home)
        try:
            staging.ensure_indexes(floor_store)
            with floor_store.writes("benchmark floor"):  # one lock, no save per batch
                started = time.perf_counter()
                for name, params, names in load.write_steps(rows, "floor"):  # the load's own statements
                    floor_store.run(name, params, **names)
                floor.append(time.perf_counter() - started)
            floor_store.drop()
            started = time.perf_counter()
            load.load_rows(load_store, rows)
            full.append(time.perf_counter() - started)
            load_store.drop()
        finally:
            floor_store.close()
            load_store.close()
        print(f"run {run + 1}: floor {floor[-1]:.2f} s, load {full[-1]:.2f} s", flush=True)
    ratio = statistics.median(full) / statistics.median(floor)
    print(f"{args.cmocs} CMOCs: floor median {statistics.median(floor):.2f} s, load median "
          f"{statistics.median(full):.2f} s, ratio {ratio:.2f} (target ≤ 1.5)")


if __name__ == "__main__":
    main()
