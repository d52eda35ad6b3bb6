"""Benchmark: the staging copy, i.e. a small review's load next to a large review it must carry over.

A load on the embedded store builds a staging graph holding every other review, so loading (or
replacing) a small review beside a large one costs a copy of the large one. This loads a
generated review of ``--cmocs`` CMOCs (10,000 by default: 45k nodes, 164k relationships) once,
then, in child processes taking turns so that they meet the same machine, times:

- ``beside``: ``load --replace`` of the example package next to it (most of it is the copy),
  split into the copy's reads (pages of the live graph) and its writes (into the staging graph);
- ``alone``: the copy a load of the large review itself makes in a graph holding only that
  review (graph ``bench-alone``), which has nothing to carry over.

Variants: ``now`` (this tree, with hiredis, the reply parser ptgraph depends on), ``now-py``
(this tree, redis-py's own Python parser) and, with ``--before DIR``, ``before`` (an older tree,
e.g. ``git archive 5895010 | tar -x -C DIR``, with the Python parser, as it ran). Medians of
``--repeat`` turns, each variant going first in turn, and the before/now ratio turn by turn.

Run: .venv/bin/python bench/bench_copy.py [--cmocs 10000] [--repeat 3] [--before DIR] [--home DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import write_review  # noqa: E402
from graph.load import load_rows  # noqa: E402
from graph.rows import package_rows  # noqa: E402
from graph.stores import embedded  # noqa: E402
from graph.stores.falkor_store import FalkorStore  # noqa: E402
from loaders.package import read_package  # noqa: E402

GRAPH = "ptgraph"

# One turn in a child process: TREE HOME REVIEW PARSER ("hiredis" or "python").
CHILD = """
import json, sys, time
tree, home, review, parser = sys.argv[1:5]
sys.path.insert(0, tree)
if parser == "python":
    sys.modules["hiredis"] = None  # redis-py falls back to its own parser
from pathlib import Path
from graph.load import load_rows
from graph.rows import package_rows
from graph.stores import staging
from graph.stores.falkor_store import FalkorStore
from loaders.package import read_package

spent = {"reads": 0.0, "writes": 0.0}
def timed(kind, call):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return call(*args, **kwargs)
        finally:
            spent[kind] += time.perf_counter() - started
    return wrapper
staging.GraphRunner.read = timed("reads", staging.GraphRunner.read)
staging.GraphRunner.run = timed("writes", staging.GraphRunner.run)
small = package_rows(read_package("example"))
with FalkorStore("ptgraph", home=Path(home)) as store:
    started = time.perf_counter()
    load_rows(store, small, replace=True)
    beside = time.perf_counter() - started
    scratch = store._ops.select_graph("bench:copy-scratch")
    started = time.perf_counter()
    staging.copy_others(staging.GraphRunner(store._ops.select_graph("bench-alone")),
                        staging.GraphRunner(scratch), review, "bench-alone")
    alone = time.perf_counter() - started
    store._conn.delete("bench:copy-scratch")
print(json.dumps({"beside": beside, "reads": spent["reads"], "writes": spent["writes"], "alone": alone}))
"""


def turn(tree: Path, home: Path, review: str, parser: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", CHILD, str(tree), str(home), review, parser],
                          capture_output=True, text=True, cwd=tree, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"{tree} ({parser}) failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def prepare(home: Path, work: Path, cmocs: int) -> str:
    """The large review loaded in ``home``, in graph ptgraph and alone in graph bench-alone
    (kept between runs when --home is given)."""
    review, rows = "synth", None
    for graph in (GRAPH, "bench-alone"):
        with FalkorStore(graph, home=home) as store:
            if any(r["id"] == review for r in store.run("list_reviews")):
                continue
            rows = rows or package_rows(read_package(write_review(work, review, cmocs=cmocs)))
            started = time.perf_counter()
            load_rows(store, rows)
            nodes = store.run("count_nodes")[0]
            print(f"loaded {cmocs} CMOCs into {graph} ({nodes['nodes']} nodes, {nodes['relationships']} "
                  f"relationships) in {time.perf_counter() - started:.1f} s", flush=True)
    return review


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cmocs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", type=Path, help="an older tree to compare with (Python parser)")
    parser.add_argument("--home", type=Path, help="PTGRAPH_HOME to keep the large review in between runs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-copy-"))
    home = args.home or work / "home"
    variants = [("now", ROOT, "hiredis"), ("now-py", ROOT, "python")]
    if args.before:
        variants.append(("before", args.before.resolve(), "python"))
    embedded.acquire(home)  # one server for every turn, its data read once
    try:
        review = prepare(home, work, args.cmocs)
        results: dict[str, list[dict[str, float]]] = {name: [] for name, _, _ in variants}
        for run in range(args.repeat):
            shift = run % len(variants)  # each variant goes first in turn: no order effect
            for name, tree, reply_parser in variants[shift:] + variants[:shift]:
                results[name].append(turn(tree, home, review, reply_parser))
                last = results[name][-1]
                print(f"turn {run + 1} {name:<7} beside {last['beside']:6.1f} s (reads {last['reads']:5.1f}, "
                      f"writes {last['writes']:5.1f})  alone {last['alone']:5.2f} s", flush=True)
    finally:
        embedded.release(home)
    print("medians:")
    for name, rows in results.items():
        med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        print(f"  {name:<7} beside {med['beside']:6.1f} s (reads {med['reads']:5.1f}, "
              f"writes {med['writes']:5.1f})  alone {med['alone']:5.2f} s")
    if args.before:
        ratios = [b["beside"] / n["beside"] for b, n in zip(results["before"], results["now"], strict=True)]
        print("before / now (beside), turn by turn: " + ", ".join(f"{r:.2f}" for r in ratios)
              + f"; median {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
