"""The editable mapping CSV of merge suggestions, and the merges a person's decisions make.

``ptgraph concepts suggest`` writes one row per suggested pair, best first. A person fills
``decision`` with ``accept`` or ``reject`` (blank: not decided yet) and may give the merged
concept a new name in ``rename``. Rows already decided in an earlier file keep their
decision when suggestions are made again. ``ptgraph concepts apply`` turns accepted rows of
one review into ``merges.csv`` and accepted rows across two reviews into ``concept_links.csv``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from graph.concepts.suggest import Suggestion
from graph.errors import Problem
from graph.models import ConceptLink, ConceptMerge
from graph.schema import ID_SEPARATOR
from graph.validation import did_you_mean

__all__ = ["COLUMNS", "DECISIONS", "Decision", "write_suggestions", "read_decisions", "merges_for"]

COLUMNS = (
    "decision",
    "rename",
    "score",
    "kind",
    "keep",
    "keep_text",
    "merge",
    "merge_text",
    "keep_roles",
    "merge_roles",
    "keep_sources",
    "merge_sources",
)
DECISIONS = ("accept", "reject", "")


@dataclass(frozen=True)
class Decision:
    decision: str
    keep: str
    merge: str
    rename: str
    line: int


def _previous(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            (r.get("keep", ""), r.get("merge", "")): (r.get("decision", ""), r.get("rename", ""))
            for r in csv.DictReader(handle)
        }


def write_suggestions(path: Path, suggestions: list[Suggestion], accept_at: float | None = None) -> int:
    """Write the mapping CSV; returns how many rows kept an earlier decision.

    With ``accept_at``, undecided rows scoring at least that are pre-filled with ``accept``.
    """
    earlier = _previous(path)
    kept = 0
    rows = []
    for s in suggestions:
        decision, rename = earlier.get((s.keep.key, s.merge.key), ("", ""))
        kept += bool(decision)
        if not decision and accept_at is not None and s.score >= accept_at:
            decision = "accept"
        rows.append(
            {
                "decision": decision,
                "rename": rename,
                "score": f"{s.score:.3f}",
                "kind": s.kind,
                "keep": s.keep.key,
                "keep_text": s.keep.text,
                "merge": s.merge.key,
                "merge_text": s.merge.text,
                "keep_roles": "; ".join(sorted(s.keep.roles)),
                "merge_roles": "; ".join(sorted(s.merge.roles)),
                "keep_sources": "; ".join(sorted(s.keep.sources)),
                "merge_sources": "; ".join(sorted(s.merge.sources)),
            }
        )
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return kept


def read_decisions(path: Path, problems: list[Problem]) -> list[Decision]:
    """Every row of a mapping CSV; a decision word other than accept/reject is a problem."""
    found = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("decision", "keep", "merge") if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(Problem(path.name, 1, f"missing the column(s) {', '.join(missing)}"))
            return []
        for number, row in enumerate(reader, start=2):
            decision = (row.get("decision") or "").strip().lower()
            if decision not in DECISIONS:
                problems.append(
                    Problem(
                        path.name,
                        number,
                        f"decision {decision!r} is not accept, reject or blank"
                        f"{did_you_mean(decision, ['accept', 'reject'])}",
                        unit="row",
                    )
                )
                continue
            found.append(
                Decision(
                    decision,
                    row["keep"].strip(),
                    row["merge"].strip(),
                    (row.get("rename") or "").strip(),
                    number,
                )
            )
    return found


def merges_for(review: str, decisions: list[Decision]) -> tuple[list[ConceptMerge], list[ConceptLink]]:
    """The merges (within ``review``) and cross-review links that the accepted rows make."""
    merges: dict[str, ConceptMerge] = {}
    links: list[ConceptLink] = []
    prefix = review + ID_SEPARATOR
    for d in decisions:
        if d.decision != "accept":
            continue
        mine = [key.startswith(prefix) for key in (d.keep, d.merge)]
        if all(mine):
            local = d.merge.removeprefix(prefix)
            merges.setdefault(
                local,
                ConceptMerge(
                    concept=local,
                    into=d.keep.removeprefix(prefix),
                    name=d.rename,
                    note=f"accepted suggestion (mapping row {d.line})",
                ),
            )
        elif any(mine):
            here, there = (d.keep, d.merge) if mine[0] else (d.merge, d.keep)
            links.append(
                ConceptLink(
                    concept=here.removeprefix(prefix),
                    same_as=there,
                    note=f"accepted suggestion (mapping row {d.line})",
                )
            )
    return list(merges.values()), links
