"""REFI-QDA import: codes from NVivo, ATLAS.ti or MAXQDA as concepts, coded segments as evidence.

Each code's kind (context, mechanism, resource, response, outcome) comes from the code
hierarchy (a code under a parent named "Context", "Mechanisms", "Outcome"...; its programme
theory from a parent named "PT 1 ...", "Programme theory ...") or from a mapping file of
``code: kind`` lines (a code named, or its path ``Parent/Child``; kinds also ``theory`` and
``ignore``). Every coded selection of a project becomes a verbatim evidence item (document,
paragraph, character positions) supporting the CMOC its codes state; the selections that
state the same configuration are one CMOC. The result is a draft package for a person to
review: kinds a segment was not coded with are listed as missing, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from graph.errors import ImportInvalid, Problem
from graph.extraction import MISSING_MARK, normalise_header, slug
from graph.models import Concept, Review, Theory
from graph.package import ReviewPackage
from graph.schema import Role
from loaders.qda.refiqda_xml import QdaCode, QdaProject, QdaSelection, read_qda
from loaders.tables.cells import RowCells
from loaders.tables.cmoc_table import UNASSIGNED, TableRows, build_package
from loaders.tables.companions import Companions

__all__ = ["QdaPlan", "plan_qda", "KIND_WORDS"]

KIND_WORDS = {
    "context": "context",
    "contexts": "context",
    "c": "context",
    "mechanism": "mechanism",
    "mechanisms": "mechanism",
    "m": "mechanism",
    "resource": "resource",
    "resources": "resource",
    "mechanism resource": "resource",
    "response": "response",
    "responses": "response",
    "mechanism response": "response",
    "reasoning": "response",
    "outcome": "outcome",
    "outcomes": "outcome",
    "o": "outcome",
}
_THEORY = re.compile(r"^(pt|ipt|cpt|crt|programme theory|program theory|initial programme theory)( |\d|$)")
_KINDS = (*KIND_WORDS.values(), "theory", "ignore")
_ROLES = {
    "context": Role.CONTEXT,
    "mechanism": Role.MECHANISM,
    "resource": Role.RESOURCE,
    "response": Role.RESPONSE,
    "outcome": Role.OUTCOME,
}


@dataclass
class QdaPlan:
    package: ReviewPackage
    notes: list[str] = field(default_factory=list)

    def report(self) -> list[str]:
        return [f"Note: {n}" for n in self.notes]


def _mapping(path: Path | None, problems: list[Problem]) -> dict[str, str]:
    if path is None:
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as e:
        problems.append(Problem(path.name, None, f"not valid YAML: {e}"))
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(path.name, None, "expected lines of 'code: kind' (e.g. Trust: mechanism)"))
        return {}
    found = {}
    for code, kind in data.items():
        word = str(kind).strip().casefold()
        if word not in _KINDS and word not in KIND_WORDS:
            problems.append(
                Problem(
                    path.name, None, f"{code}: kind {kind!r} is not one of {', '.join(sorted(set(_KINDS)))}"
                )
            )
            continue
        found[str(code).strip().casefold()] = KIND_WORDS.get(word, word)
    return found


def _given(code: QdaCode, mapping: dict[str, str]) -> str | None:
    return mapping.get("/".join(code.path).casefold()) or mapping.get(code.name.casefold())


def _kind(
    code: QdaCode, codes_by_path: dict[tuple[str, ...], QdaCode], mapping: dict[str, str]
) -> str | None:
    """The code's own kind from the mapping, else the nearest kind its hierarchy names."""
    for depth in range(len(code.path), 0, -1):
        ancestor = codes_by_path.get(code.path[:depth])
        given = _given(ancestor, mapping) if ancestor else None
        if given in KIND_WORDS.values() or given == "ignore":
            return None if given == "ignore" else given
        if depth < len(code.path) and normalise_header(code.path[depth - 1]) in KIND_WORDS:
            return KIND_WORDS[normalise_header(code.path[depth - 1])]
    return None


def _theory(
    code: QdaCode, codes_by_path: dict[tuple[str, ...], QdaCode], mapping: dict[str, str]
) -> str | None:
    for depth in range(len(code.path), 0, -1):
        ancestor = codes_by_path.get(code.path[:depth])
        if (ancestor and _given(ancestor, mapping) == "theory") or _THEORY.match(
            normalise_header(code.path[depth - 1])
        ):
            return code.path[depth - 1]
    return None


def _header(code: QdaCode, mapping: dict[str, str]) -> bool:
    """A code that only groups others: a kind word, a theory, or marked so in the mapping."""
    words = normalise_header(code.name)
    return words in KIND_WORDS or bool(_THEORY.match(words)) or _given(code, mapping) in ("theory", "ignore")


def _rows(
    project: QdaProject, kinds: dict[str, str], theories: dict[str, str], where: str, notes: list[str]
) -> TableRows:
    table = TableRows()
    unmechanised = 0
    for selection in project.selections:
        groups: dict[str, list[str]] = {}
        for guid in selection.codes:
            if guid in kinds:
                groups.setdefault(theories.get(guid, UNASSIGNED), []).append(guid)
        shared = groups.pop(UNASSIGNED, []) if len(groups) > 1 else []
        for theory, guids in groups.items():
            if not any(kinds[g] in ("mechanism", "resource", "response") for g in [*guids, *shared]):
                unmechanised += 1  # a CMOC always needs a mechanism: never invent one
                continue
            table.rows.append(_row(selection, theory, [*guids, *shared], project, kinds, where))
    if unmechanised:
        notes.append(
            f"{unmechanised} coded selection(s) carry no mechanism code, so they state no CMOC and "
            "were not imported (code their mechanism, or leave them out)"
        )
    return table


def _row(
    selection: QdaSelection,
    theory: str,
    guids: list[str],
    project: QdaProject,
    kinds: dict[str, str],
    where: str,
) -> RowCells:
    names = {kind: [project.codes[g].name for g in guids if kinds[g] == kind] for kind in _ROLES}
    split = bool(names["resource"] or names["response"])
    cells: dict[str, str] = {}
    for kind in (
        ("context", "resource", "response", "outcome") if split else ("context", "mechanism", "outcome")
    ):
        article = "an" if kind[0] in "aeiou" else "a"
        cells[kind] = (
            "\n".join(names[kind]) or f"{MISSING_MARK} the segment is not coded with {article} {kind} code"
        )
    cells.update(
        quote=selection.text,
        participant=selection.speaker or selection.source,
        role=selection.role or "participant",
        site=selection.site,
        evidence_kind="quote",
        evidence_id=f"ev-{slug(selection.source, 30)}-{selection.start}-{selection.end}",
        page=f"characters {selection.start}–{selection.end}",
        evidence_section=selection.source,
        evidence_paragraph=str(selection.paragraph),
        evidence_note=selection.note,
        cmoc_section=selection.source,
        cmoc_row="",
        cmoc_source="extraction",
    )
    return RowCells(f"{where}: {selection.source}", selection.paragraph, theory, cells, {})


def _companions(project: QdaProject, kinds: dict[str, str], theories: dict[str, str]) -> Companions:
    concepts: dict[str, Concept] = {}
    for guid, kind in kinds.items():
        code = project.codes[guid]
        if all(c.name.casefold() != code.name.casefold() for c in concepts.values()):
            cid = slug(code.name)
            cid = cid if cid not in concepts else f"{cid}-{len(concepts)}"
            concepts[cid] = Concept(id=cid, kind=_ROLES[kind], name=code.name, definition=code.description)
    named = sorted(set(theories.values()))
    found = [Theory(id=_theory_id(name), name=name) for name in named]
    return Companions(items={"concepts": list(concepts.values()), "theories": found})


def _theory_id(name: str) -> str:
    base = slug(name, 40)
    return base if re.match(r"pt\d", base) else f"pt-{base}"


def plan_qda(path: Path, review: Review, mapping_file: Path | None = None) -> QdaPlan:
    """The draft package a REFI-QDA codebook or project gives, or ImportInvalid listing every problem."""
    problems: list[Problem] = []
    if path.suffix.lower() not in (".qdc", ".qdpx") or not path.is_file():
        what = (
            "no such file" if not path.is_file() else "is not a REFI-QDA codebook (.qdc) or project (.qdpx)"
        )
        raise ImportInvalid([Problem(str(path), None, what)])
    mapping = _mapping(mapping_file, problems)
    project = read_qda(path, problems)
    if problems:
        raise ImportInvalid(problems)
    by_path = {code.path: code for code in project.codes.values()}
    kinds = {
        g: k
        for g, c in project.codes.items()
        if not _header(c, mapping) and (k := _kind(c, by_path, mapping))
    }
    theories = {g: t for g in kinds if (t := _theory(project.codes[g], by_path, mapping))}
    notes = list(project.notes)
    unkinded = [c.name for g, c in project.codes.items() if g not in kinds and not _header(c, mapping)]
    if unkinded:
        notes.append(
            f"{len(unkinded)} code(s) have no kind (context, mechanism, outcome...) from their place in "
            f"the hierarchy or the mapping file, so they were left out: {', '.join(unkinded[:8])}"
            f"{' ...' if len(unkinded) > 8 else ''}"
        )
    companions = _companions(project, kinds, theories)
    table = _rows(project, kinds, theories, path.name, notes)
    package = build_package(table, review, None, problems, companions=companions)
    if problems:
        raise ImportInvalid(problems)
    uncoded = len([s for s in project.selections if not any(g in kinds for g in s.codes)])
    if uncoded:
        notes.append(f"{uncoded} coded selection(s) carry no code with a kind: not imported")
    return QdaPlan(package, notes)
