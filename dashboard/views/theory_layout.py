"""Plain helpers of the theory view: picker labels, the left-to-right layout, CMOC, lineage and note grouping.

Nothing here touches Dash or a store, so every rule (column order, outcome levels, lineage
stages) is unit-tested on plain dicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from dashboard.views.elements import filter_graph, graph_elements, node_kind
from graph.naming import theory_label, theory_order
from graph.schema import CONCEPT_KINDS, ID_SEPARATOR, OUTCOME_LEVELS, local_id

__all__ = ["TheoryData", "theory_label", "theory_choices", "review_of", "outcome_level", "column_order",
           "column_positions", "theory_elements", "group_cmocs", "group_evidence", "merge_evidence",
           "concept_usage", "link_usage", "lineage_stages", "group_notes", "group_context", "locator",
           "COLUMN_GAP", "ROW_GAP", "HEADER_ID", "NOTE_KINDS", "CONTEXT_KINDS"]

COLUMN_GAP = 320.0
ROW_GAP = 130.0
HEADER_ID = "__column__"  # prefix of the column-header nodes; never a concept id (those hold ':')
LINEAGE_STAGES = ("draft", "initial", "refined")
NOTE_KINDS = ("rigour", "inconsistency", "curation")
CONTEXT_KINDS = ("domain", "formal_theory", "overarching_context")
CMOC_FIELDS = ("name", "polarity", "source", "section", "paragraph", "text", "theoryOnly", "missingReason")
ROLES = {"HAS_CONTEXT": "context", "HAS_MECHANISM": "mechanism", "HAS_RESOURCE": "resource",
         "HAS_RESPONSE": "response", "HAS_OUTCOME": "outcome"}


@dataclass
class TheoryData:
    """Everything the theory view shows about one PT, as read from the store."""

    theory: dict
    cmocs: list[dict] = field(default_factory=list)
    concepts: dict[str, dict] = field(default_factory=dict)
    evidence: dict[str, list[dict]] = field(default_factory=dict)
    lineage: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    context: list[dict] = field(default_factory=list)
    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)


def theory_choices(theories: Iterable[Mapping]) -> list[dict]:
    """Picker options: refined PTs first, then initial, then draft; each by number, then id."""
    return [{"label": theory_label(t), "value": t["id"]} for t in sorted(theories, key=theory_order)]


def review_of(theory_id: str | None) -> str | None:
    """The review a theory id belongs to: 'reco' for 'reco:pt6'."""
    return theory_id.split(ID_SEPARATOR, 1)[0] if theory_id and ID_SEPARATOR in theory_id else None


def outcome_level(attrs: Mapping) -> int:
    """0 proximal, 1 intermediate, 2 distal, 3 unknown: the concept's level, else its level in this PT."""
    levels = [attrs.get("level"), *sorted(attrs.get("levels") or [], key=_level_rank)]
    known = [lv for lv in levels if lv in OUTCOME_LEVELS]
    return OUTCOME_LEVELS.index(known[0]) if known else len(OUTCOME_LEVELS)


def _level_rank(level: str) -> int:
    return OUTCOME_LEVELS.index(level) if level in OUTCOME_LEVELS else len(OUTCOME_LEVELS)


def _column(attrs: Mapping) -> int:
    kind = node_kind(dict(attrs))
    kind = "resource" if kind == "mechanism" else kind  # an undivided mechanism stands where a resource does
    return CONCEPT_KINDS.index(kind) if kind in CONCEPT_KINDS else 0


def column_order(concepts: Mapping[str, Mapping], links: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Concept ids per column (context, resource, response, outcome), top to bottom.

    Contexts go by name. Every later column is ordered by the mean row of its neighbours in
    the columns before it (fewer crossing arrows), unlinked concepts last; outcomes go by
    level first. Ties fall back to name and id, so the order never changes between calls.
    """
    columns: list[list[str]] = [[] for _ in CONCEPT_KINDS]
    for cid in concepts:
        columns[_column(concepts[cid])].append(cid)
    neighbours: dict[str, set[str]] = {cid: set() for cid in concepts}
    for a, b in links:
        if a in neighbours and b in neighbours:
            neighbours[a].add(b)
            neighbours[b].add(a)
    placed: dict[str, float] = {}
    for index, column in enumerate(columns):
        def key(cid: str, index: int = index) -> tuple:
            near = [placed[n] for n in neighbours[cid] if n in placed]
            centre = sum(near) / len(near) if near else float("inf")
            level = outcome_level(concepts[cid]) if index == CONCEPT_KINDS.index("outcome") else 0
            return level, centre if index else 0.0, str(concepts[cid].get("name", "")).casefold(), cid
        column.sort(key=key)
        placed.update({cid: (row + 0.5) / len(column) for row, cid in enumerate(column)})
    return columns


def column_positions(concepts: Mapping[str, Mapping], links: Iterable[tuple[str, str]], *,
                     column_gap: float = COLUMN_GAP, row_gap: float = ROW_GAP) -> dict[str, tuple]:
    """``{concept: (x, y)}`` for a preset layout: one column per kind, rows spread evenly.

    Every column spans the height of the tallest one, so a column of one concept sits in
    the middle and the arrows stay short.
    """
    columns = column_order(concepts, links)
    height = max((len(c) for c in columns), default=0) * row_gap
    return {cid: (index * column_gap, (row + 0.5) * height / len(column))
            for index, column in enumerate(columns) for row, cid in enumerate(column)}


def theory_elements(G: nx.MultiDiGraph, theory_id: str, concepts: Mapping[str, Mapping]) -> list[dict]:
    """Cytoscape elements: the PT's concepts at their column positions, its LEADS_TO links, column headers."""
    linked = filter_graph(G, theory=theory_id)
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((cid, {**G.nodes.get(cid, {}), **concepts[cid]}) for cid in sorted(concepts))
    sub.add_edges_from((a, b, k, d) for a, b, k, d in linked.edges(keys=True, data=True)
                       if a in concepts and b in concepts)
    positions = column_positions(concepts, [(a, b) for a, b, _ in sub.edges(keys=True)])
    elements = []
    for element in graph_elements(sub):
        data = element["data"]
        if "source" in data:
            same = _column(concepts[data["source"]]) == _column(concepts[data["target"]])
            elements.append({**element, "classes": element["classes"] + (" same-column" if same else "")})
            continue
        x, y = positions[data["id"]]
        level = outcome_level(concepts[data["id"]]) if data["kind"] == "outcome" else len(OUTCOME_LEVELS)
        if level < len(OUTCOME_LEVELS):  # say why it sits where it does in its column
            name = OUTCOME_LEVELS[level]
            data = {**data, "label": f"{data['label']}\n({name})", "level": name}
        elements.append({**element, "data": data, "position": {"x": x, "y": y}})
    return _headers() + elements


def _headers() -> list[dict]:
    labels = {"context": "Context", "resource": "Mechanism: resource", "response": "Mechanism: response",
              "outcome": "Outcome (proximal → distal)"}
    return [{"data": {"id": f"{HEADER_ID}{kind}", "label": labels[kind], "header": True},
             "position": {"x": i * COLUMN_GAP, "y": -ROW_GAP * 0.6}, "classes": "column-header",
             "selectable": False, "grabbable": False} for i, kind in enumerate(CONCEPT_KINDS)]


def group_cmocs(rows: Iterable[Mapping]) -> tuple[list[dict], dict[str, dict]]:
    """CMOCs (in row order) with ``elements`` by role, and the concepts they use (with their levels here)."""
    cmocs: dict[str, dict] = {}
    concepts: dict[str, dict] = {}
    for row in rows:
        cmoc = cmocs.setdefault(row["cmoc"], {
            "id": row["cmoc"], **{k: row.get(k) for k in CMOC_FIELDS},
            "missing": list(row.get("missing") or []), "elements": {r: [] for r in ROLES.values()}})
        if not row.get("concept"):
            continue
        role = ROLES.get(str(row.get("role")), str(row.get("role")))
        name = row.get("conceptName") or local_id(row["concept"])
        cmoc["elements"].setdefault(role, []).append({
            "concept": row["concept"], "name": name, "wording": row.get("wording") or "",
            "absent": bool(row.get("absent")), "level": row.get("level")})
        concept = concepts.setdefault(row["concept"], {
            "name": name, "kind": row.get("kind"), "level": row.get("conceptLevel"), "levels": []})
        if row.get("level") and row["level"] not in concept["levels"]:
            concept["levels"].append(row["level"])
    return list(cmocs.values()), concepts


def group_evidence(rows: Iterable[Mapping]) -> dict[str, list[dict]]:
    """Evidence rows (one per item and CMOC, see ``get_evidence_for_cmocs``) by CMOC, in row order."""
    by_cmoc: dict[str, list[dict]] = {}
    for row in rows:
        by_cmoc.setdefault(str(row["cmoc"]), []).append(dict(row))
    return by_cmoc


def merge_evidence(groups: Iterable[list[dict]]) -> list[dict]:
    """Several CMOCs' evidence as one list, each item once (challenging if it challenges any of them)."""
    merged: dict[str, dict] = {}
    for items in groups:
        for item in items:
            kept = merged.setdefault(item["id"], dict(item))
            if item.get("relation") == "CHALLENGES":
                kept["relation"] = "CHALLENGES"
    return list(merged.values())


def concept_usage(cmocs: Iterable[Mapping], concept: str) -> list[tuple[dict, str, dict]]:
    """``(cmoc, role, element)`` for every place ``concept`` takes in these CMOCs."""
    return [(dict(c), role, e) for c in cmocs for role, elements in c["elements"].items()
            for e in elements if e["concept"] == concept]


def link_usage(cmocs: Iterable[Mapping], link_cmocs: Iterable[str]) -> list[dict]:
    """The CMOCs among ``cmocs`` that a LEADS_TO link comes from."""
    wanted = set(link_cmocs)
    return [dict(c) for c in cmocs if c["id"] in wanted]


def lineage_stages(rows: Iterable[Mapping], theory_id: str) -> list[tuple[str, list[dict]]]:
    """The lineage as ``(stage, members)`` in the order draft → initial → refined.

    Only stages with members appear; within a stage, members go by number, then id. Each
    member carries ``current`` (the theory on screen) and the ids it ``refines``.
    """
    members = [{**r, "current": r["id"] == theory_id, "refines": sorted(r.get("refines") or [])}
               for r in rows if r.get("id")]
    stages = [*LINEAGE_STAGES, *sorted({str(m.get("stage")) for m in members} - set(LINEAGE_STAGES))]
    out = []
    for stage in stages:
        found = [m for m in members if str(m.get("stage")) == stage]
        found.sort(key=lambda m: (m.get("number") is None, m.get("number") or 0, m["id"]))
        if found:
            out.append((stage, found))
    return out


def _grouped(rows: Iterable[Mapping], order: tuple[str, ...]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {kind: [] for kind in order}
    for row in rows:
        groups.setdefault(str(row.get("kind")), []).append(dict(row))
    return {kind: items for kind, items in groups.items() if items}


def group_notes(rows: Iterable[Mapping]) -> dict[str, list[dict]]:
    """Notes by kind: rigour, inconsistency, curation (any other kind after), empty kinds left out."""
    return _grouped(rows, NOTE_KINDS)


def group_context(rows: Iterable[Mapping]) -> dict[str, list[dict]]:
    """SELFIE domains, formal theories and overarching contexts, each sorted by name."""
    groups = _grouped(rows, CONTEXT_KINDS)
    return {kind: sorted(items, key=lambda r: (str(r.get("name", "")).casefold(), r["id"]))
            for kind, items in groups.items()}


def locator(item: Mapping) -> str:
    """Where in the source: 'Refined programme theory 6: leadership, paragraph 4'.

    >>> locator({"section": "Table 8"}), locator({})
    ('Table 8', 'location not recorded')
    """
    parts = [str(item["section"])] if item.get("section") else []
    if item.get("paragraph") is not None:
        parts.append(f"paragraph {item['paragraph']}")
    return ", ".join(parts) or "location not recorded"
