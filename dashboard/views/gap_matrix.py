"""The evidence gap map's matrices: programme theories × framework components and × evidence source types.

The framework (SELFIE, CFIR, the review's own...) and the source types are the review's
own (:func:`review_terms`), so no column stands for a role the review never has.

Plain functions over query rows (lists of dicts), unit-tested without a browser. A matrix is
a JSON-ready dict (it lives in a ``dcc.Store``) with ``rows``/``row_labels`` (PT ids and
titles), ``columns``/``column_labels``, ``z`` (evidence counts) and ``text`` (what each cell
shows: the count, or "gap" for zero so an empty cell is never silent).
"""

from __future__ import annotations

from math import inf

from dashboard import style
from graph.frameworks import KNOWN_FRAMEWORKS, component_rank, framework_name
from graph.schema import EVIDENCE_SOURCES, local_id
from graph.vocabulary import term_label

__all__ = ["STAGES", "ALL_STAGES", "DOMAINS", "SOURCES", "GAP", "SELFIE_COMPONENTS", "stage_param",
           "order_theories", "order_domains", "theory_label", "domain_matrix", "source_matrix",
           "matrix_table", "cell_key", "parse_cell", "cell_selection", "review_terms", "RECO_SOURCES"]

STAGES = ("refined", "initial", "draft")
ALL_STAGES = "all"
DOMAINS, SOURCES = "domains", "sources"
GAP = "gap"
CELL_SEP = "|"
# SELFIE's components in the framework's own order (graph.frameworks); the store keeps no order.
SELFIE_COMPONENTS = KNOWN_FRAMEWORKS["selfie"].components
# RECO's source types, the default when a caller names none.
RECO_SOURCES = [(s, style.SOURCE_LABELS[s]) for s in EVIDENCE_SOURCES]


def review_terms(vocabularies: list[dict], components: list[dict], sources: list[dict]) -> dict:
    """The review's source types and frameworks as ``[(id, label)]``, declared first, then used.

    ``vocabularies`` are ``get_review_vocabulary`` rows (one per review shown), ``components``
    ``list_framework_components`` rows and ``sources`` ``list_source_types`` rows.

    >>> review_terms([{"sourceTypes": ["document"], "sourceTypeNames": ["Documents"]}],
    ...              [{"framework": "cfir"}], [{"sourceType": "document"}, {"sourceType": "nurse"}])
    {'sources': [('document', 'Documents'), ('nurse', 'Nurse')], 'frameworks': [('cfir', 'CFIR')]}
    """
    def pairs(ids_key: str, names_key: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for v in vocabularies:
            for i, term in enumerate(v.get(ids_key) or []):
                names = v.get(names_key) or []
                found.setdefault(term, names[i] if i < len(names) else term_label(term))
        return found

    declared_sources = pairs("sourceTypes", "sourceTypeNames")
    for row in sources:
        if row.get("sourceType"):
            declared_sources.setdefault(row["sourceType"], term_label(row["sourceType"]))
    frameworks = pairs("frameworks", "frameworkNames")
    for row in components:
        framework = row.get("framework") or "selfie"
        frameworks.setdefault(framework, framework_name(framework))
    return {"sources": list(declared_sources.items()), "frameworks": list(frameworks.items())}


def stage_param(stage: str | None) -> str | None:
    """The ``$stage`` parameter for the stage dropdown (None: every stage)."""
    return stage if stage in STAGES else None


def order_theories(theories: list[dict]) -> list[dict]:
    """PTs by stage (refined, initial, draft), then number (unnumbered last), then id."""
    def key(t: dict) -> tuple:
        stage = STAGES.index(t["stage"]) if t.get("stage") in STAGES else len(STAGES)
        number = t.get("number")
        return stage, inf if number is None else number, t["id"]
    return sorted(theories, key=key)


def order_domains(domains: list[dict]) -> list[dict]:
    """Components in their framework's own order; names it does not know follow alphabetically."""
    def key(d: dict) -> tuple:
        name = str(d.get("name") or local_id(d["id"])).casefold()
        framework = str(d.get("framework") or "selfie")
        return framework, component_rank(framework, name), name, d["id"]
    return sorted(domains, key=key)


def theory_label(theory: dict, with_stage: bool = False) -> str:
    """A PT's short title (else its name), prefixed with its stage when stages are mixed."""
    title = str(theory.get("shortTitle") or theory.get("name") or local_id(theory["id"]))
    return f"[{theory.get('stage', '?')}] {title}" if with_stage else title


def _matrix(kind: str, theories: list[dict], columns: list[str], column_labels: list[str],
            counts: dict[tuple[str, str], int]) -> dict:
    ordered = order_theories(theories)
    mixed = len({t.get("stage") for t in ordered}) > 1
    z = [[int(counts.get((t["id"], c), 0)) for c in columns] for t in ordered]
    return {"kind": kind, "rows": [t["id"] for t in ordered],
            "row_labels": [theory_label(t, mixed) for t in ordered],
            "columns": columns, "column_labels": column_labels, "z": z,
            "text": [[str(n) if n else GAP for n in row] for row in z]}


def domain_matrix(theories: list[dict], domains: list[dict], counts: list[dict],
                  framework: str = "SELFIE") -> dict:
    """PTs × every component of one framework (named ``framework``); a cell counts the PT's
    supporting evidence if it maps to the component.

    ``counts`` rows are ``{theory, domain, evidence}`` (``count_evidence_by_theory_domain``);
    domains no PT maps to stay as all-gap columns. ``mapped`` says which cells have IN_DOMAIN,
    ``white`` which columns the review marks as white areas.
    """
    ordered = order_domains(domains)
    ids = [d["id"] for d in ordered]
    by_cell = {(r["theory"], r["domain"]): int(r.get("evidence") or 0) for r in counts}
    matrix = _matrix(DOMAINS, theories, ids, [str(d.get("name") or local_id(d["id"])) for d in ordered],
                     by_cell)
    matrix["white"] = [bool(d.get("whiteArea")) for d in ordered]
    matrix["mapped"] = [[(t, d) in by_cell for d in ids] for t in matrix["rows"]]
    matrix["framework"] = framework
    return matrix


def source_matrix(theories: list[dict], counts: list[dict],
                  sources: list[tuple[str, str]] | None = None) -> dict:
    """PTs × the review's source types ``[(id, label)]`` (default: RECO's four);
    ``counts`` rows are ``{theory, sourceType, evidence}``."""
    chosen = list(sources) if sources is not None else RECO_SOURCES
    by_cell = {(r["theory"], r["sourceType"]): int(r.get("evidence") or 0) for r in counts}
    return _matrix(SOURCES, theories, [s for s, _ in chosen], [label for _, label in chosen], by_cell)


def matrix_table(domains: dict, sources: dict) -> list[dict]:
    """One CSV row per PT: its evidence count per framework component and per source type."""
    by_source = dict(zip(sources["rows"], sources["z"], strict=True))
    rows = []
    for i, theory in enumerate(domains["rows"]):
        row: dict = {"theory id": theory, "programme theory": domains["row_labels"][i]}
        for j, label in enumerate(domains["column_labels"]):
            white = " (white area)" if domains["white"][j] else ""
            row[f"{domains.get('framework', 'SELFIE')}: {label}{white}"] = domains["z"][i][j]
        for j, label in enumerate(sources["column_labels"]):
            row[f"Source: {label}"] = by_source.get(theory, [0] * len(sources["columns"]))[j]
        rows.append(row)
    return rows


def cell_key(kind: str, theory: str, column: str) -> str:
    """The ``?cell=`` value naming one cell: ``kind|theory id|column id``."""
    return CELL_SEP.join((kind, theory, column))


def parse_cell(key: str | None) -> tuple[str, str, str] | None:
    """``(kind, theory, column)`` from a cell key, or None when it is not one."""
    parts = (key or "").split(CELL_SEP)
    if len(parts) != 3 or parts[0] not in (DOMAINS, SOURCES) or not all(parts):
        return None
    return parts[0], parts[1], parts[2]


def cell_selection(matrices: dict, key: str | None, items: list[dict]) -> dict | None:
    """What one cell holds: its PT and column labels, whether it is a gap, and its evidence.

    ``matrices`` is ``{DOMAINS: ..., SOURCES: ...}``; ``items`` is every evidence item supporting
    the PT (``get_theory_evidence``). A domain cell holds the PT's evidence only when the PT
    maps to that domain; a source cell holds the items of that source type. None when ``key``
    names no cell of the current matrices (e.g. another review's).
    """
    parsed = parse_cell(key)
    if not parsed or parsed[0] not in (matrices or {}):
        return None
    kind, theory, column = parsed
    matrix = matrices[kind]
    if theory not in matrix["rows"] or column not in matrix["columns"]:
        return None
    i, j = matrix["rows"].index(theory), matrix["columns"].index(column)
    if kind == DOMAINS:
        mapped = matrix["mapped"][i][j]
        chosen = items if mapped else []
        white = matrix["white"][j]
    else:
        mapped, white = True, False
        chosen = [item for item in items if item.get("sourceType") == column]
    return {"kind": kind, "theory": matrix["row_labels"][i], "column": matrix["column_labels"][j],
            "mapped": mapped, "white_area": white, "count": matrix["z"][i][j], "items": chosen}
