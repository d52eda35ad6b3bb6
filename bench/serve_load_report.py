"""Tallies and the report of bench/bench_serve_load.py: latency percentiles, errors, the load.

>>> tally = Tally()
>>> for ms in range(1, 101):
...     tally.add("page load", ms / 1000, None)
>>> tally.add("page load", 0.5, "HTTP 500: boom")
>>> row = tally.rows()[0]
>>> row["kind"], row["requests"], row["errors"], round(row["p50"] * 1000), round(row["p95"] * 1000)
('page load', 101, 1, 51, 96)
"""

from __future__ import annotations

import platform
import re
import subprocess
import threading
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["Tally", "percentile", "report", "record", "START", "END"]

START, END = "<!-- serve-load results: start -->", "<!-- serve-load results: end -->"


def percentile(values: list[float], share: float) -> float:
    """The ``share`` percentile (0-1) of ``values``, nearest rank.

    >>> percentile([3.0, 1.0, 2.0], 0.5)
    2.0
    """
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))] if ordered else 0.0


class Tally:
    """Latencies and problems by kind of request, from many threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.problems: dict[str, list[str]] = defaultdict(list)
        self.moments: list[tuple[float, float, bool]] = []  # (started, seconds, failed) of every request

    def add(self, kind: str, seconds: float, problem: str | None, at: float = 0.0) -> None:
        with self._lock:
            self.latencies[kind].append(seconds)
            self.moments.append((at, seconds, problem is not None))
            if problem:
                self.problems[kind].append(problem)

    def rows(self, window: tuple[float, float] | None = None) -> list[dict[str, Any]]:
        """One row per kind of request and one for all; with ``window`` (the load's start and end,
        as ``at`` values) two more: the requests started while loading, and the others."""
        rows = [_row(kind, values, len(self.problems[kind]))
                for kind, values in sorted(self.latencies.items())]
        if self.moments:
            rows.append(_row("all", [s for _, s, _ in self.moments], self.errors()))
        if window and self.moments:
            inside = [m for m in self.moments if window[0] <= m[0] <= window[1]]
            outside = [m for m in self.moments if not window[0] <= m[0] <= window[1]]
            parts = (("all, while the review loads", inside), ("all, the rest of the run", outside))
            for name, part in parts:
                if part:
                    rows.append(_row(name, [s for _, s, _ in part], sum(failed for *_, failed in part)))
        return rows

    def errors(self) -> int:
        return sum(len(p) for p in self.problems.values())


def _row(kind: str, values: list[float], errors: int) -> dict[str, Any]:
    return {"kind": kind, "requests": len(values), "errors": errors, "p50": percentile(values, 0.5),
            "p95": percentile(values, 0.95), "max": max(values)}


def _commit() -> str:
    try:
        return subprocess.run(["git", "log", "-1", "--format=%h %s"], capture_output=True, text=True,
                              timeout=10).stdout.strip()[:90]
    except OSError:
        return "unknown"


def _load_line(load: dict[str, Any]) -> str:
    if not load:
        return "- concurrent `ptgraph load`: did not run"
    verdict = "ok" if load.get("code") == 0 else f"FAILED (exit {load.get('code')})"
    return (f"- concurrent `ptgraph load` of a generated review ({load['cmocs']} CMOCs): {verdict} in "
            f"{load['seconds']:.1f} s; it said: {load['said'][0]}")


def report(results: dict[str, Any]) -> str:
    """The run as Markdown: what ran, a table per kind of request, and every distinct error."""
    from os import getloadavg

    tally: Tally = results["tally"]
    lines = [f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit `{_commit()}`, "
             f"{platform.machine()} with 2 cores shared, load average {getloadavg()[0]:.1f}: "
             f"{results['users']} users, {results['seconds']:.0f} s (planned {results['planned']:.0f} s, "
             f"think time about {results['think']:.1f} s), waitress with {results['threads']} threads, "
             "guard on (signed in with the token link).", "",
             "| requests | count | errors | p50 | p95 | max | p50 alone | p50 ÷ alone |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    alone = {row["kind"]: row["p50"] for row in results["alone"].rows()} if results.get("alone") else {}
    for row in tally.rows((results["load"] or {}).get("window")):
        name = f"**{row['kind']}**" if row["kind"].startswith("all") else row["kind"]
        base = alone.get("all" if row["kind"].startswith("all") else row["kind"])
        compared = f"{base * 1000:.0f} ms | {row['p50'] / base:.1f}×" if base else "— | —"
        lines.append(f"| {name} | {row['requests']} | {row['errors']} | {row['p50'] * 1000:.0f} ms | "
                     f"{row['p95'] * 1000:.0f} ms | {row['max'] * 1000:.0f} ms | {compared} |")
    rounds = results["alone"].rows()[0]["requests"] if alone else 0
    lines += ["", f"- p50 alone: one user with nobody else on the same server just before the crowd, "
              f"{rounds} request{'s' if rounds != 1 else ''} of each kind" if alone else "- (no run alone)",
              _load_line(results["load"])]
    for kind, problems in sorted(tally.problems.items()):
        for problem, count in Counter(problems).most_common(5):
            lines.append(f"- error, {kind} ×{count}: {problem}")
    lines.append(f"- errors: {tally.errors()} (target 0)")
    return "\n".join(lines)


def record(table: str, doc: Path) -> None:
    """Put ``table`` between the result markers of ``doc`` (replacing the last run's)."""
    text = doc.read_text(encoding="utf-8")
    block = f"{START}\n{table}\n{END}"
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{doc} has no {START} … {END} markers to write the results between")
    doc.write_text(pattern.sub(lambda _: block, text), encoding="utf-8")
