"""bench/results.json (every labelled run) → bench/results.md, and the console table.

A run is stored under its label (``before``, ``after``, ...); running a label again replaces
it. The markdown compares the first label with the last for every measurement both have, and
judges the issue's targets on the last.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.suite.results import TARGETS, Row, fmt

__all__ = ["save_run", "load_runs", "write_markdown", "console_table"]

SIZES = ("S", "M", "L")


def load_runs(path: Path) -> dict[str, Any]:
    if path.is_file():
        return dict(json.loads(path.read_text(encoding="utf-8")))
    return {"runs": {}}


def save_run(path: Path, label: str, machine: dict[str, Any], rows: list[Row],
             command: str, part: str = "") -> dict[str, Any]:
    """Merge this run into ``path`` and return all runs.

    A whole run of a size replaces that size's rows. A run of some groups or one store
    (``part`` says which, e.g. "explorer, Neo4j") replaces only the rows it measured (same size,
    measurement and store) and keeps the others; its machine is listed as "S (explorer, Neo4j)"
    beside the size's.
    """
    data = load_runs(path)
    run = data["runs"].get(label, {"rows": []})
    measured = {_key(r) for r in rows}
    sizes = {r.size for r in rows}
    kept = [r for r in run.get("rows", [])
            if (r["size"] not in sizes if not part else
                (r["size"], r["name"], r.get("store", "embedded")) not in measured)]
    machines = {**run.get("machines", {}),
                **{(f"{size} ({part})" if part else size): machine for size in sizes}}
    earlier = run.get("commands", [run["command"]] if run.get("command") else [])
    commands = [c for c in earlier if c != command]
    data["runs"][label] = {"machines": machines, "command": command, "commands": [*commands, command],
                           "rows": kept + [r.as_dict() for r in rows]}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return data


def _rows(run: dict[str, Any]) -> list[Row]:
    return [Row.from_dict(r) for r in run.get("rows", [])]


def _key(row: Row) -> tuple[str, str, str]:
    return (row.size, row.name, row.store)


def _detail(row: Row) -> str:
    if not row.sample or not row.sample.values:
        return row.note or "—"
    s = row.sample
    text = f"median {fmt(s.median, row.unit)}"
    if s.runs > 1:
        text += f", p95 {fmt(s.p95, row.unit)}, n={s.runs}"
    return text + (f"; {row.note}" if row.note else "")


def console_table(rows: list[Row]) -> str:
    """The rows of one run as a fixed-width table."""
    lines = [f"{'size':<4} {'store':<8} {'measurement':<44} {'value':>10}  {'target':<28} detail"]
    for r in rows:
        lines.append(f"{r.size:<4} {r.store:<8} {r.name:<44.44} {r.shown():>10.10}  "
                     f"{r.verdict():<28.28} {_detail(r)}")
    return "\n".join(lines)


def _extra(row: Row) -> str:
    return "; ".join(f"{k}: {v}" for k, v in row.extra.items() if k not in ("args",)) if row.extra else ""


def write_markdown(path: Path, data: dict[str, Any], how: str) -> None:
    labels = list(data["runs"])
    first, last = labels[0], labels[-1]
    by_label = {label: {_key(r): r for r in _rows(data["runs"][label])} for label in labels}
    out = ["# Benchmark results", "", how, ""]
    if data.get("notes"):  # what the people who ran it observed, kept in results.json
        out += ["## Notes", ""] + [f"- {note}" for note in data["notes"]] + [""]
    out += _machines(data, labels)
    out += _targets(by_label, first, last)
    out += _comparison(by_label, first, last)
    for label in labels:
        out += _details(label, data["runs"][label])
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _machines(data: dict[str, Any], labels: list[str]) -> list[str]:
    out = ["## Runs", ""]
    for label in labels:
        run = data["runs"][label]
        commands = run.get("commands", [run.get("command", "")])
        out.append(f"**{label}** — " + "; ".join(f"`{c}`" for c in commands))
        out.append("")
        for size, m in sorted(run.get("machines", {}).items(), key=lambda kv: (SIZES.index(kv[0][0]), kv[0])):
            facts = ", ".join(f"{k} {v}" for k, v in m.items() if k not in ("commit", "date"))
            out.append(f"- {size}: {m.get('date')}, commit `{m.get('commit')}`; {facts}")
        out.append("")
    return out


def _targets(by_label: dict[str, dict[tuple[str, str, str], Row]], first: str, last: str) -> list[str]:
    out = ["## Targets (issue 12, embedded store)", "",
           f"| target | size | {first} | {last} | verdict ({last}) | rests on |", "|---|---|---|---|---|---|"]
    for (name, size), target in sorted(TARGETS.items(), key=lambda kv: (SIZES.index(kv[0][1]), kv[0][0])):
        key = (size, name, "embedded")
        before, after = by_label[first].get(key), by_label[last].get(key)
        if before is None and after is None:
            continue
        unit = after.unit if after else (before.unit if before else "s")
        limit = ("≤ " if target.on == "median" else "p95 ≤ ") + fmt(target.limit, unit)
        out.append(f"| {name} {limit} | {size} | {before.shown() if before else '—'} | "
                   f"{after.shown() if after else 'not run'} | {after.verdict() if after else ''} | "
                   f"{target.depends or 'the measured code itself'} |")
    return out + [""]


def _comparison(by_label: dict[str, dict[tuple[str, str, str], Row]], first: str, last: str) -> list[str]:
    if first == last:
        return []
    out = [f"## {first} → {last}", "",
           f"| size | store | measurement | {first} | {last} | {first} ÷ {last} |",
           "|---|---|---|---|---|---|"]
    keys = list(by_label[last]) + [k for k in by_label[first] if k not in by_label[last]]
    for key in sorted(keys, key=lambda k: SIZES.index(k[0])):
        before, after = by_label[first].get(key), by_label[last].get(key)
        speedup = ""
        if before and after and before.value and after.value and before.unit == "s":
            speedup = f"{before.value / after.value:.1f}×"
        out.append(f"| {key[0]} | {key[2]} | {key[1]} | {before.shown() if before else '—'} | "
                   f"{after.shown() if after else '—'} | {speedup} |")
    return out + [""]


def _details(label: str, run: dict[str, Any]) -> list[str]:
    out = [f"## Details: {label}", "", "| size | store | measurement | result | notes |",
           "|---|---|---|---|---|"]
    for row in sorted(_rows(run), key=lambda r: SIZES.index(r.size)):
        out.append(f"| {row.size} | {row.store} | {row.name} | {_detail(row)} | {_extra(row)} |")
    return out + [""]
