"""Pathway benchmarks in-process (the Python API, as a notebook or the explorer calls it) and as
CLI processes (``ptgraph paths`` / ``ptgraph stats``), warm (a server already running, as
while ``serve`` runs) and cold (the command starts and stops the embedded server itself).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

from bench.suite.measure import Sample, repeat
from bench.suite.results import Row
from bench.suite.workload import MAX_HOPS, Workload

__all__ = ["inprocess_rows", "cli_rows", "import_rows", "CLI_TIMEOUT_S"]

CLI_TIMEOUT_S = 600.0


def inprocess_rows(work: Workload, store: Any, runs: int, budget: float) -> list[Row]:
    """First call (the projection is built), then every query ``runs`` times; search alone too."""
    from graph.analytics.network import causal_graph
    from graph.analytics.pathways import find_pathways
    from graph.api import pathways

    review, queries = work.review, work.queries
    started = time.perf_counter()
    pathways(store, queries[0].source, queries[0].target, review=review, max_hops=MAX_HOPS)
    first = Sample([time.perf_counter() - started])
    warm, spent = Sample(), 0.0
    for _ in range(runs):
        for q in queries:
            t0 = time.perf_counter()
            pathways(store, q.source, q.target, review=review, max_hops=MAX_HOPS)
            warm.values.append(time.perf_counter() - t0)
            spent += warm.values[-1]
        if spent > budget:
            warm.note = f"{len(warm.values)} calls: over the {budget:.0f} s budget"
            break
    build = repeat(lambda: causal_graph(store, review), runs, budget)
    G = causal_graph(store, review)
    rows = [Row(work.size, "projection build (causal_graph)", build, note=build.note,
                extra={"concepts": G.number_of_nodes(), "links": G.number_of_edges()}),
            Row(work.size, "paths in-process, first call", first),
            Row(work.size, "paths in-process, warm", warm, note=warm.note,
                extra={"queries": len(queries), "calls": len(warm.values)})]
    for q in queries:
        if q.kind == "random":
            continue
        search = repeat(partial(find_pathways, G, q.source, q.target, max_hops=MAX_HOPS), runs, budget)
        rows.append(Row(work.size, f"search only {q.kind}", search, note=search.note,
                        extra={"from": q.source, "to": q.target}))
    return rows


def _cli(args: list[str], home: Path, cwd: Path) -> tuple[float, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PTGRAPH_"))}
    env.update(PTGRAPH_HOME=str(home), PTGRAPH_GRAPH="ptgraph")
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "cli", *args], env=env, cwd=cwd, capture_output=True,
                              text=True, timeout=CLI_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - started, f"did not finish in {CLI_TIMEOUT_S:.0f} s"
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        return elapsed, f"failed: {last}"
    return elapsed, ""


def _cli_sample(args: list[str], home: Path, cwd: Path, runs: int, budget: float) -> Sample:
    sample, spent = Sample(), 0.0
    for _ in range(runs):
        elapsed, problem = _cli(args, home, cwd)
        if problem:
            sample.note = problem
            return sample if sample.values else Sample([], problem)
        sample.values.append(elapsed)
        spent += elapsed
        if spent > budget and sample.runs < runs:
            sample.note = f"{sample.runs} of {runs} runs: over the {budget:.0f} s budget"
            break
    return sample


def _commands(work: Workload) -> dict[str, list[str]]:
    q = next((q for q in work.queries if q.kind == "random"), work.queries[0])
    return {"stats": ["stats"], "paths": ["paths", q.source, q.target, "--review", work.review]}


def cli_rows(work: Workload, home: Path, cwd: Path, runs: int, budget: float, temper: str) -> list[Row]:
    """``ptgraph stats`` and ``ptgraph paths`` as separate processes (``temper``: warm or cold)."""
    rows = []
    for name, args in _commands(work).items():
        sample = _cli_sample(args, home, cwd, runs, budget)
        rows.append(Row(work.size, f"CLI {name}, {temper}", sample if sample.values else None,
                        note=sample.note, extra={"args": args}))
    return rows



_IMPORT_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def import_rows(work: Workload, home: Path, cwd: Path) -> list[Row]:
    """``python -X importtime -m cli stats``: total import time and the heaviest top-level imports."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PTGRAPH_"))}
    env.update(PTGRAPH_HOME=str(home), PTGRAPH_GRAPH="ptgraph")
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "cli", "stats"], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=CLI_TIMEOUT_S, check=False)
    top: dict[str, float] = {}
    for line in done.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match and len(match.group(3)) == 1:  # a top-level import (one space of indent)
            top[match.group(4)] = top.get(match.group(4), 0.0) + int(match.group(2)) / 1e6
    heaviest = sorted(top.items(), key=lambda kv: -kv[1])[:6]
    total = sum(top.values())
    return [Row(work.size, "CLI stats imports", Sample([total]), note="python -X importtime -m cli stats",
                extra={"heaviest": {k: round(v, 3) for k, v in heaviest}})]
