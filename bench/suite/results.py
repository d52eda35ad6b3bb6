"""One measured row of the benchmark table, and the issue's targets it is judged against.

>>> row = Row("S", "validate", Sample([0.2, 0.4, 0.3]))
>>> row.value, row.shown()
(0.3, '300 ms')
>>> Row("M", "validate", Sample([12.0])).verdict()
'not met (12.0 s > 10 s)'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bench.suite.measure import Sample

__all__ = ["Row", "TARGETS", "Target", "fmt"]


@dataclass(frozen=True)
class Target:
    limit: float
    on: str = "median"  # which statistic of the sample: median or p95
    depends: str = ""  # the part of ptgraph the target rests on beyond the measured code


# (measurement name, size) -> target, from issue 12 item 2 (embedded store, this 2-core machine)
STORE_WORK = "embedded store (server start and stop, staging loads)"
TOKEN_WORK = "change token and cached projection"  # noqa: S105 - not a password
TARGETS: dict[tuple[str, str], Target] = {
    ("validate", "M"): Target(10.0), ("validate", "L"): Target(100.0),
    ("load ÷ floor", "M"): Target(1.5, depends=STORE_WORK),
    ("load ÷ floor", "L"): Target(1.5, depends=STORE_WORK),
    ("paths in-process, warm", "S"): Target(0.050, "p95"),
    ("paths in-process, warm", "L"): Target(0.300, "p95"),
    ("serve peak RSS", "S"): Target(300.0), ("serve peak RSS", "M"): Target(1024.0),
}
for _command in ("paths", "stats"):
    TARGETS[(f"CLI {_command}, cold", "S")] = Target(1.5, depends=STORE_WORK)
    TARGETS[(f"CLI {_command}, cold", "M")] = Target(3.0, depends=STORE_WORK)
for _page in ("network", "pathway search", "theory", "gaps"):
    TARGETS[(f"callback {_page}, warm", "S")] = Target(0.100, "p95", depends=TOKEN_WORK)
    TARGETS[(f"callback {_page}, warm", "M")] = Target(0.500, "p95", depends=TOKEN_WORK)


def fmt(value: float | None, unit: str) -> str:
    """A value for people: ms under a second, MB for memory, × for ratios."""
    if value is None:
        return "—"
    if unit == "s":
        if value < 1:
            return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"
        return f"{value:.1f} s" if value < 100 else f"{value:.0f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "x":
        return f"{value:.2f}×"
    return f"{value:g} {unit}"


@dataclass
class Row:
    """A measurement at one size (on one store), with its sample and anything worth saying."""

    size: str
    name: str
    sample: Sample | None
    unit: str = "s"
    store: str = "embedded"
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def target(self) -> Target | None:
        return TARGETS.get((self.name, self.size)) if self.store == "embedded" else None

    @property
    def value(self) -> float | None:
        """The statistic the row is shown and judged by (its target's, else the median)."""
        if not self.sample or not self.sample.values:
            return None
        on = self.target.on if self.target else "median"
        return self.sample.p95 if on == "p95" else self.sample.median

    def shown(self) -> str:
        return fmt(self.value, self.unit) if self.value is not None else (self.note or "—")

    def verdict(self) -> str:
        target = self.target
        if target is None:
            return ""
        if self.value is None:
            return "not measured" + (f" ({self.note})" if self.note else "")
        limit = fmt(target.limit, self.unit)
        if self.value <= target.limit:
            return f"met ({self.shown()} ≤ {_short(limit)})"
        return f"not met ({self.shown()} > {_short(limit)})"

    def as_dict(self) -> dict[str, Any]:
        return {"size": self.size, "name": self.name, "store": self.store, "unit": self.unit,
                "sample": self.sample.as_dict() if self.sample else None, "note": self.note,
                "extra": self.extra}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Row:
        sample = None
        if data.get("sample"):
            sample = Sample(list(data["sample"]["values"]), data["sample"].get("note", ""))
        return cls(data["size"], data["name"], sample, data.get("unit", "s"), data.get("store", "embedded"),
                   data.get("note", ""), data.get("extra", {}))


def _short(limit: str) -> str:
    return limit.replace(".0 s", " s")
