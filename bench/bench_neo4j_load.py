"""Benchmark: a ptgraph load against a bare ``UNWIND $rows CREATE`` of the same rows, on
Neo4j and on the embedded store, for RECO and a 10k-CMOC synthetic review.

The floor writes exactly the rows the load writes (``graph.rows.package_rows``), in one
transaction, with ``create_nodes`` / ``create_relationships`` (no MERGE, no check), on the
same server in the same run; the ratio load / floor is what ptgraph's idempotent MERGE
load costs over the cheapest possible write. Each figure is the best of ``--repeat`` runs,
load and floor alternating, so both meet the same noise.

Run: ``.venv/bin/python bench/bench_neo4j_load.py [--package DIR ...] [--repeat N]``.
Without ``--package`` it measures RECO and a generated 10k-CMOC review
(``python -m bench.corpus --size M``). It starts a throw-away Neo4j with ``scripts/neo4j``
(the test suite's helper; NEO4J_HEAP=4g for the 10k review, whose one-transaction load needs
more than 1 GiB) unless NEO4J_URI names one; it deletes what it writes.
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from graph.load import delete_review, load_package
from graph.package import ReviewPackage
from graph.rows import package_rows
from graph.schema import Label
from graph.stores.falkor_store import FalkorStore
from graph.stores.neo4j_store import Neo4jStore, settings_from_env
from graph.stores.store import Store
from loaders.package import read_package

BATCH = 500


def wipe(store: Store, review: str) -> None:
    """Delete one review, label by label (each its own transaction: a large review stays small)."""
    with store.writes("benchmark wipe"):
        for label in Label:
            store.run("delete_review_nodes", {"review": review}, Label=label)


def ptgraph_load(store: Store, package: ReviewPackage) -> float:
    wipe(store, package.review.id)
    started = time.perf_counter()
    load_package(store, package)
    return time.perf_counter() - started


def floor_load(store: Store, package: ReviewPackage) -> float:
    """The same rows with a bare UNWIND ... CREATE, in one transaction."""
    wipe(store, package.review.id)
    rows = package_rows(package)
    store.ensure_schema()
    started = time.perf_counter()
    with store.atomic(package.review.id) as runner:
        runner.run("create_nodes", {"rows": [{"id": rows.review["id"], "props": rows.review["props"]}]},
                   Label=Label.REVIEW)
        for label, node_rows in rows.nodes.items():
            for at in range(0, len(node_rows), BATCH):
                runner.run("create_nodes", {"rows": node_rows[at:at + BATCH]}, Label=label)
        for (source, rel, target), rel_rows in rows.rels.items():
            for at in range(0, len(rel_rows), BATCH):
                runner.run("create_relationships", {"rows": rel_rows[at:at + BATCH]},
                           From=source, REL=rel, To=target)
        for (source, target), link_rows in rows.links.items():
            for at in range(0, len(link_rows), BATCH):
                runner.run("create_relationships", {"rows": link_rows[at:at + BATCH]},
                           From=source, REL="LEADS_TO", To=target)
    return time.perf_counter() - started


def measure(store: Store, package: ReviewPackage, repeat: int) -> tuple[float, float]:
    loads, floors = [], []
    for _ in range(repeat):
        loads.append(ptgraph_load(store, package))
        floors.append(floor_load(store, package))
    with store.atomic(package.review.id) as runner:
        delete_review(runner, package.review.id)
    return min(loads), min(floors)


@contextlib.contextmanager
def neo4j_store() -> Iterator[Store]:
    env = settings_from_env()
    if env["uri"]:
        with Neo4jStore(env["uri"], env["user"] or "neo4j", env["password"] or "", env["database"]) as s:
            yield s
        return
    from tests import neo4j_server

    with tempfile.TemporaryDirectory() as folder, neo4j_server.running(Path(folder)) as uri, \
            Neo4jStore(uri, neo4j_server.USER, neo4j_server.PASSWORD) as s:
        yield s


def packages(paths: list[str]) -> Iterator[ReviewPackage]:
    if paths:
        yield from map(read_package, paths)
        return
    yield read_package("reco")
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "bench.corpus", "--size", "M", "--out", folder],
                       check=True, stdout=subprocess.DEVNULL)
        yield read_package(next(Path(folder).iterdir()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--package", action="append", default=[], help="a review package (repeatable)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--store", action="append", choices=["embedded", "neo4j"],
                        help="measure only this store (repeatable; default: both)")
    args = parser.parse_args()
    print(f"{'review':<10} {'rows':>7}  {'store':<8} {'load s':>7} {'floor s':>8} {'ratio':>6}")
    with neo4j_store() as neo4j, tempfile.TemporaryDirectory() as home, \
            FalkorStore("bench", home=Path(home)) as embedded:
        for package in packages(args.package):
            total = package_rows(package).total()
            for name, store in (("embedded", embedded), ("neo4j", neo4j)):
                if args.store and name not in args.store:
                    continue
                load, floor = measure(store, package, args.repeat)
                print(f"{package.review.id:<10} {total:>7}  {name:<8} {load:>7.2f} {floor:>8.2f} "
                      f"{load / floor:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
