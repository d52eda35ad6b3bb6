"""Timing and memory helpers: repeated runs, medians and percentiles, peak RSS from /proc.

>>> s = Sample([0.3, 0.1, 0.2])
>>> s.median, s.p95, s.runs
(0.2, 0.29, 3)
>>> percentile([1.0, 2.0, 3.0, 4.0], 50)
2.5
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Sample", "percentile", "repeat", "peak_rss_mb", "rss_mb", "Stopwatch"]


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile of ``values``, interpolating between the two nearest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Sample:
    """Seconds (or any unit) of repeated runs of one measurement."""

    values: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def runs(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def p95(self) -> float:
        return percentile(self.values, 95) if len(self.values) > 2 else max(self.values)

    def as_dict(self) -> dict[str, Any]:
        return {"values": [round(v, 6) for v in self.values], "median": round(self.median, 6),
                "p95": round(self.p95, 6), "runs": self.runs, "note": self.note}


def repeat(run: Callable[[], Any], runs: int, budget_s: float,
           setup: Callable[[], Any] | None = None) -> Sample:
    """Time ``run`` up to ``runs`` times, stopping early once ``budget_s`` seconds are spent.

    At least one run is always made; a sample cut short says so in its note. ``setup``
    (untimed) runs before each timed run.
    """
    sample = Sample()
    spent = 0.0
    for _ in range(runs):
        if setup:
            setup()
        started = time.perf_counter()
        run()
        elapsed = time.perf_counter() - started
        sample.values.append(elapsed)
        spent += elapsed
        if spent > budget_s and sample.runs < runs:
            sample.note = f"{sample.runs} of {runs} runs: over the {budget_s:.0f} s budget"
            break
    return sample


class Stopwatch:
    """``with Stopwatch() as w: ...`` then ``w.seconds``."""

    seconds = 0.0

    def __enter__(self) -> Stopwatch:
        self._started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._started


def _status_kb(pid: int, field_name: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident memory so far (VmHWM), in MB; None if it is gone."""
    kb = _status_kb(pid, "VmHWM")
    return kb / 1024 if kb is not None else None


def rss_mb(pid: int) -> float | None:
    """The process's resident memory now (VmRSS), in MB."""
    kb = _status_kb(pid, "VmRSS")
    return kb / 1024 if kb is not None else None
