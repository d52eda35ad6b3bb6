"""Benchmark: validate and load the RECO package into a fresh embedded store.

Run: .venv/bin/python bench/bench_load.py [--repeat N]
Target: a full RECO load in under a few seconds on a 2-core machine.
"""

from __future__ import annotations

import argparse
import tempfile
import time

from graph.api import open_store
from graph.load import load_package
from loaders.package import read_package


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--package", default="reco")
    args = parser.parse_args()
    with open_store(home=tempfile.mkdtemp(), graph="bench") as store:
        for run in range(args.repeat):
            started = time.perf_counter()
            package = read_package(args.package)
            read = time.perf_counter()
            summary = load_package(store, package, replace=True)
            done = time.perf_counter()
            print(f"run {run + 1}: read+validate {read - started:.2f}s, load {done - read:.2f}s "
                  f"({summary.nodes} nodes, {summary.relationships} relationships)")


if __name__ == "__main__":
    main()
