"""Validate and load benchmarks: the load against the least work the same rows need.

The floor writes the very rows ``ptgraph load`` writes, with plain ``UNWIND … CREATE`` in the
load's own batch size on the same server; load and floor runs alternate so that both see the
same machine, and the ratio is taken run by run. A naive load (one statement per row) shows
what batching buys: at M and above it is timed on a stride sample of node and relationship
rows and extrapolated to all rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bench.suite.measure import Sample, repeat
from bench.suite.results import Row
from bench.suite.workload import Workload
from graph.schema import Label

__all__ = ["validate_rows", "load_rows", "floor_load"]

NAIVE_SAMPLE = 1500  # rows of each kind (nodes, relationships) timed one by one above S


def validate_rows(work: Workload, runs: int, budget: float) -> list[Row]:
    from loaders.package import read_package

    sample = repeat(lambda: read_package(work.path), runs, budget)
    per_k = Sample([v / work.cmocs * 1000 for v in sample.values], sample.note)
    return [Row(work.size, "validate", sample, note=sample.note,
                extra={"cmocs": work.cmocs, "per 1k CMOCs": round(per_k.median, 4)})]


def _batch_size() -> int:
    import graph.load

    return int(getattr(graph.load, "BATCH_SIZE", 500))


def _batches(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [rows[i:i + size] for i in range(0, len(rows), size)]


def _statements(rows: Any) -> list[tuple[str, dict[str, str], list[dict[str, Any]]]]:
    """(statement, schema slots, rows) for every group of the load's rows, nodes first."""
    groups: list[tuple[str, dict[str, str], list[dict[str, Any]]]] = [
        ("create_nodes", {"Label": Label.REVIEW}, [rows.review])]
    groups += [("create_nodes", {"Label": label}, r) for label, r in rows.nodes.items()]
    groups += [("create_relationships", {"From": a, "REL": rel, "To": b}, r)
               for (a, rel, b), r in rows.rels.items()]
    groups += [("create_causal_links", {"From": a, "To": b}, r) for (a, b), r in rows.links.items()]
    return groups


def floor_load(store: Any, rows: Any, review: str, batch: int | None = None) -> None:
    """Write ``rows`` with plain CREATE statements, in the load's batch size, atomically."""
    size = batch or _batch_size()
    store.ensure_schema()
    with store.atomic(review) as runner:
        # Neo4j's atomic scope writes the Review node as the review's lock
        # (cypher/neo4j/lock_review.cypher); the load deletes it before creating it, and so must
        # the floor. On the embedded store's fresh graph this finds nothing.
        runner.run("delete_review_nodes", {"review": review}, Label=Label.REVIEW)
        for name, slots, group in _statements(rows):
            for chunk in _batches(group, size):
                runner.run(name, {"rows": chunk}, **slots)


def _naive(store: Any, rows: Any, review: str, cap: int | None) -> float:
    """Seconds a row-at-a-time load of every row takes (extrapolated from a sample when ``cap``)."""
    groups = _statements(rows)
    nodes = [(n, s, r) for n, s, g in groups if n == "create_nodes" for r in g]
    rels = [(n, s, r) for n, s, g in groups if n != "create_nodes" for r in g]
    store.ensure_schema()
    timed_nodes = nodes if cap is None else nodes[::max(1, len(nodes) // cap)]
    picked = {id(r) for _, _, r in timed_nodes}
    node_s = _one_by_one(store, timed_nodes)
    rest: dict[tuple[str, tuple[tuple[str, str], ...]], list[dict[str, Any]]] = {}
    for name, slots, row in nodes:  # the other nodes in bulk, untimed, so relationships find their ends
        if id(row) not in picked:
            rest.setdefault((name, tuple(slots.items())), []).append(row)
    with store.writes("naive load"):
        for (name, slots_items), group in rest.items():
            for chunk in _batches(group, _batch_size()):
                store.run(name, {"rows": chunk}, **dict(slots_items))
    timed_rels = rels if cap is None else rels[::max(1, len(rels) // cap)]
    rel_s = _one_by_one(store, timed_rels)
    return node_s / len(timed_nodes) * len(nodes) + (rel_s / len(timed_rels) * len(rels) if rels else 0.0)


def _one_by_one(store: Any, rows: list[tuple[str, dict[str, str], dict[str, Any]]]) -> float:
    with store.writes("naive load"):  # one statement per row, not one save per row
        started = time.perf_counter()
        for name, slots, row in rows:
            store.run(name, {"rows": [row]}, **slots)
        return time.perf_counter() - started


def load_rows(work: Workload, target: Any, runs: int, budget: float) -> list[Row]:
    """Fresh load, floor and their ratio; naive load; reload unchanged and --replace on ``target``."""
    from graph.load import load_package
    from graph.load import load_rows as write_rows

    package, review, store_kind = work.package, work.review, target.kind
    rows = work.rows
    build = repeat(lambda: _rows_again(package), runs, budget)
    loads, floors, ratios = Sample(), Sample(), Sample()
    spent = 0.0
    for _ in range(runs):
        with target.fresh(review) as store:
            # the load's write (hash, lock, staging, batches, swap, save) from the rows the floor
            # writes too; building them is the "build rows" row
            load_s = _timed(lambda: write_rows(store, rows))  # noqa: B023 - called at once
        with target.fresh(review) as store:
            floor_s = _timed(lambda: floor_load(store, rows, review))  # noqa: B023 - called at once
        loads.values.append(load_s)
        floors.values.append(floor_s)
        ratios.values.append(load_s / floor_s)
        spent += load_s + floor_s
        if spent > budget and loads.runs < runs:
            cut = f"{loads.runs} of {runs} runs: over the {budget:.0f} s budget"
            loads.note = floors.note = ratios.note = cut
            break
    cap = None if work.size == "S" else NAIVE_SAMPLE
    with target.fresh(review) as store:
        how = "one run" if cap is None else f"one run, extrapolated from {cap:,} node + {cap:,} link rows"
        naive = Sample([_naive(store, rows, review, cap)], how)
    total = rows.total()
    out = [Row(work.size, "build rows", build, store="—", note=build.note, extra={"rows": total}),
           Row(work.size, "load write (fresh graph)", loads, store=store_kind, note=loads.note,
               extra={"rows": total}),
           Row(work.size, "floor: bare CREATE", floors, store=store_kind, note=floors.note),
           Row(work.size, "load ÷ floor", ratios, unit="x", store=store_kind, note=ratios.note),
           Row(work.size, "naive row-at-a-time load", naive, store=store_kind, note=naive.note)]
    load_package(target.main, package, replace=True)  # the review the read benchmarks use
    reload = repeat(lambda: load_package(target.main, package), runs, budget)
    replace = repeat(lambda: load_package(target.main, package, replace=True), runs, budget)
    out += [Row(work.size, "reload unchanged", reload, store=store_kind, note=reload.note),
            Row(work.size, "reload --replace", replace, store=store_kind, note=replace.note)]
    return out


def _rows_again(package: Any) -> Any:
    from graph.rows import package_rows

    return package_rows(package)


def _timed(run: Callable[[], Any]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started
