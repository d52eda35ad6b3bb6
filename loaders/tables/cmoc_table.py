"""Turn the rows of a CMOC extraction table into a review package (graph.extraction's columns).

Ids come from the text and stay the same when the same table is imported again:
``pt-<theory>`` (or the theory's own ``pt5-...``), ``cmoc-<mechanism words>-<hash of the
configuration>`` (rows stating the same theory, context, mechanism and outcome are one CMOC
with several evidence items; a ``cmoc`` label that is already an id is kept),
``<concept words>`` (the same words in any role are one concept), ``ev-<source>-<hash>``,
``ref-<BibTeX key>``, ``site-<name>``. Two different texts that would get the same id get a
six-digit hash of their own text added, so no id depends on the order of the rows.
Companion sheets (:mod:`loaders.tables.companions`) name theories, concepts, sites and
references by their own ids, and bring the review's other collections.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from graph.errors import Problem, field_problem
from graph.extraction import CMOC_SOURCES, POLARITIES, framework_of, short_hash, slug, text_key
from graph.frameworks import framework_name
from graph.models import (
    CMOC,
    ID_PATTERN,
    Concept,
    Element,
    Evidence,
    FrameworkComponent,
    Review,
    Term,
    Theory,
)
from graph.package import ReviewPackage
from graph.schema import Role
from loaders.tables.bibtex import BibEntry
from loaders.tables.cells import Cell, RowCells, check_details, choice, number, problem, row_elements, yes_no
from loaders.tables.columns import SheetMapping
from loaders.tables.companions import Companions
from loaders.tables.evidence import Collected, check_sources, row_evidence
from loaders.tables.sheets import Sheet

__all__ = ["TableRows", "build_package", "UNASSIGNED"]

UNASSIGNED = "Unassigned"
_COPIED = ("service_models", "components", "formal_theories", "notes")


@dataclass
class TableRows:
    """The rows of every sheet, each with its sheet and row number, ready to become a package."""

    rows: list[RowCells] = field(default_factory=list)
    framework: str | None = None  # the framework a component column's header names

    def add(self, sheet: Sheet, mapping: SheetMapping, several_sheets: bool) -> None:
        if "component" in mapping.fields and self.framework is None:
            self.framework = framework_of(mapping.fields["component"])
        for number_, values in sheet.rows:
            cells = {f: values.get(h, "") for f, h in mapping.fields.items()}
            # a workbook of one sheet per theory needs no theory column
            default = (
                sheet.name if several_sheets and sheet.name and "theory" not in mapping.fields else UNASSIGNED
            )
            theory = cells.get("theory") or default
            attributes = {a: values.get(h, "") for a, h in mapping.attributes.items() if values.get(h, "")}
            self.rows.append(RowCells(sheet.where, number_, theory, cells, attributes))


class _Ids:
    """Ids from text: the slug, or the slug and a hash when two texts (or a companion id) would share it."""

    def __init__(self, taken: set[str]) -> None:
        self.texts: dict[str, set[str]] = defaultdict(set)
        self.taken = taken

    def want(self, base: str, text: str) -> None:
        self.texts[base].add(text)

    def get(self, base: str, text: str) -> str:
        unique = len(self.texts[base]) == 1 and base not in self.taken
        return base if unique else f"{base}-{short_hash(text)}"


@dataclass
class _Parsed:
    row: RowCells
    given: dict[Role, list[Cell]]
    missing: dict[Role, str]
    polarity: str
    sources: list[str]


def build_package(
    table: TableRows,
    review: Review,
    bib: dict[str, BibEntry] | None,
    problems: list[Problem],
    framework: str | None = None,
    companions: Companions | None = None,
) -> ReviewPackage:
    """The package the rows describe; every bad row is a problem (the package is then not to be written)."""
    companions = companions or Companions()
    parsed = []
    for row in table.rows:
        before = len(problems)
        given, missing = row_elements(row, problems)
        check_details(row, problems)
        polarity = choice(row, "polarity", POLARITIES, problems) or "positive"
        sources = check_sources(row, bib, companions, problems)
        if row.cells.get("quote") and not (sources or row.cells.get("participant") or row.cells.get("site")):
            problems.append(
                problem(
                    row, "the quote has no source document, participant or site to say where it comes from"
                )
            )
        if len(problems) == before:
            parsed.append(_Parsed(row, given, missing, polarity, sources))
    ids = _Ids(companions.ids("concepts") | companions.ids("theories"))
    for p in parsed:
        if companions.find("theories", p.row.theory) is None:
            ids.want(_theory_id(p.row.theory), text_key(p.row.theory))
        for cells in p.given.values():
            for cell in cells:
                if companions.find("concepts", cell.text) is None:
                    ids.want(slug(cell.text), text_key(cell.text))
    package = _assemble(parsed, ids, review, bib, companions, problems)
    return _components(package, parsed, framework or table.framework or "framework")


def _components(package: ReviewPackage, parsed: list[_Parsed], framework: str) -> ReviewPackage:
    """The framework components the rows name, and each theory mapped to its rows' components."""
    components: dict[str, FrameworkComponent] = {}
    domains: dict[str, list[str]] = defaultdict(list)
    theory_ids = {text_key(t.name): t.id for t in package.theories} | {t.id: t.id for t in package.theories}
    for p in parsed:
        text = p.row.cells.get("component", "").strip()
        if not text:
            continue
        cid = f"{framework}-{slug(text, 40)}"
        components.setdefault(
            cid, FrameworkComponent(id=cid, framework=framework, name=" ".join(text.split()))
        )
        theory = theory_ids.get(text_key(p.row.theory)) or theory_ids[p.row.theory]
        if cid not in domains[theory]:
            domains[theory].append(cid)
    if not components:
        return package
    theories = [t.model_copy(update={"domains": domains.get(t.id, [])}) for t in package.theories]
    review = package.review.model_copy(
        update={"frameworks": [Term(id=framework, name=framework_name(framework))]}
    )
    return replace(package, review=review, theories=theories, components=list(components.values()))


def _theory(p: _Parsed, ids: _Ids, companions: Companions, theories: dict[str, Theory]) -> str:
    known = companions.find("theories", p.row.theory)
    if known is not None:
        return str(known.id)
    tid = ids.get(_theory_id(p.row.theory), text_key(p.row.theory))
    theories.setdefault(tid, Theory(id=tid, name=" ".join(p.row.theory.split())))
    return tid


def _elements(p: _Parsed, ids: _Ids, companions: Companions, concepts: dict[str, Concept]) -> dict[str, list]:
    elements: dict[str, list[Element]] = {}
    for role, cells in p.given.items():
        elements[role.value] = []
        for cell in cells:
            known = companions.find("concepts", cell.text)
            cid = str(known.id) if known is not None else ids.get(slug(cell.text), text_key(cell.text))
            if known is None:
                concepts.setdefault(cid, Concept(id=cid, kind=role, name=" ".join(cell.text.split())))
            level = cell.level if role is Role.OUTCOME else None
            elements[role.value].append(
                Element.model_validate(
                    {"concept": cid, "wording": cell.wording, "absent": cell.absent, "level": level}
                )
            )
    return elements


def _config(tid: str, p: _Parsed) -> str:
    return "|".join(
        [
            tid,
            p.polarity,
            *(f"{r.value}={[c.key() for c in cells]}" for r, cells in sorted(p.given.items())),
            *(f"missing={r.value}" for r in sorted(p.missing)),
        ]
    )


def _cmoc_record(
    p: _Parsed, cmoc_id: str, tid: str, elements: dict, problems: list[Problem]
) -> dict[str, Any]:
    row = p.row
    missing = [r for r in Role if r in p.missing]  # in the CMOC's own order: context ... outcome
    reasons = [p.missing[r] for r in missing]
    source = choice(row, "cmoc_source", {s: s for s in CMOC_SOURCES}, problems)
    return {
        "id": cmoc_id,
        "theory": tid,
        "name": row.cells.get("cmoc_name") or _cmoc_name(p.given),
        "source": source or "extraction",
        "polarity": p.polarity,
        "section": row.cells.get("cmoc_section", "") if row.has("cmoc_section") else row.where,
        "paragraph": number(row, "cmoc_paragraph", problems),
        "row": number(row, "cmoc_row", problems) if row.has("cmoc_row") else row.number,
        "text": row.cells.get("cmoc_text", ""),
        "theory_only": yes_no(row, "cmoc_theory_only", problems),
        **elements,
        "missing": missing,
        "missing_reason": "; ".join(dict.fromkeys(r for r in reasons if r))
        or ("marked missing in the table" if reasons else ""),
        "attributes": {},
    }


def _assemble(
    parsed: list[_Parsed],
    ids: _Ids,
    review: Review,
    bib: dict[str, BibEntry] | None,
    companions: Companions,
    problems: list[Problem],
) -> ReviewPackage:
    theories: dict[str, Theory] = {}
    concepts: dict[str, Concept] = {}
    cmocs: dict[str, dict[str, Any]] = {}
    found = Collected()
    for p in parsed:
        tid = _theory(p, ids, companions, theories)
        elements = _elements(p, ids, companions, concepts)
        config = _config(tid, p)
        label = p.row.cells.get("cmoc", "")
        order = (Role.MECHANISM, Role.RESPONSE, Role.RESOURCE, Role.CONTEXT, Role.OUTCOME)
        cells = next((p.given[r] for r in order if p.given.get(r)), [])
        words = cells[0].text if cells else "cmoc"
        cmoc_id = _cmoc_id(label) if label else f"cmoc-{slug(words, 40)}-{short_hash(config)}"
        known = cmocs.get(cmoc_id)
        if known is not None and known["config"] != config:
            problems.append(
                problem(
                    p.row,
                    f"CMOC {label!r} is stated differently here than in row {known['where']} "
                    "(rows with the same CMOC label must give the same context, mechanism "
                    "and outcome)",
                )
            )
            continue
        if known is None:
            cmocs[cmoc_id] = known = {
                "config": config,
                "where": p.row.number,
                "data": _cmoc_record(p, cmoc_id, tid, elements, problems),
            }
            found.locations[cmoc_id] = (p.row.where, p.row.number)
        for key, value in p.row.attributes.items():
            values = known["data"]["attributes"].get(key, "")
            if value not in values.split("; "):
                known["data"]["attributes"][key] = f"{values}; {value}" if values else value
        if p.row.cells.get("quote"):
            row_evidence(p.row, cmoc_id, p.sources, bib, companions, found, problems)
    return ReviewPackage(
        review=_review(review, companions, found, parsed),
        theories=[*companions.items.get("theories", []), *theories.values()],
        concepts=[*companions.items.get("concepts", []), *concepts.values()],
        cmocs=_valid(CMOC, [c["data"] for c in cmocs.values()], found.locations, problems),
        evidence=_valid(Evidence, list(found.evidence.values()), found.locations, problems),
        references=[*companions.items.get("references", []), *found.references.values()],
        sites=[*companions.items.get("sites", []), *found.sites.values()],
        locations=found.locations,
        **cast(dict[str, Any], {name: list(companions.items.get(name, [])) for name in _COPIED}),
    )


def _review(review: Review, companions: Companions, found: Collected, parsed: list[_Parsed]) -> Review:
    def terms(vocabulary: str, seen: dict[str, str]) -> list[Term]:
        declared = companions.vocabulary.get(vocabulary, [])
        ids = {t.id for t in declared}
        return [*declared, *(Term(id=k, name=v) for k, v in seen.items() if k not in ids)]

    update: dict[str, Any] = {k: v for k, v in companions.review.items() if v}
    update.update(
        roles=terms("roles", found.roles),
        source_types=terms("source_types", found.sources),
        attributes=terms("attributes", _attribute_names(parsed)),
    )
    if companions.vocabulary.get("frameworks"):
        update["frameworks"] = companions.vocabulary["frameworks"]
    if companions.abbreviations:
        update["abbreviations"] = dict(companions.abbreviations)
    return review.model_copy(update=update)


def _valid(
    model: type[BaseModel],
    records: list[dict[str, Any]],
    locations: dict[str, tuple[str, int]],
    problems: list[Problem],
) -> list[Any]:
    """The items that pass their model's checks; the others are problems at their first row."""
    items = []
    for record in records:
        try:
            items.append(model.model_validate(record))
        except ValidationError as e:
            where, number_ = locations[record["id"]]
            for err in e.errors():
                name = ".".join(str(p) for p in err["loc"])
                problems.append(
                    Problem(where, number_, (f"{name}: " if name else "") + field_problem(err), unit="row")
                )
    return items


def _theory_id(text: str) -> str:
    """``pt5-household-counselling`` for "PT5 Household counselling", ``pt-trust`` for "Trust"."""
    base = slug(text, 40)
    return base if re.match(r"pt\d", base) else f"pt-{base}"


def _cmoc_id(label: str) -> str:
    """The label itself when it is already an id (``pt5-synthesis``), else ``cmoc-<its words>``."""
    if re.match(ID_PATTERN, label) and len(label) <= 80:
        return label
    base = slug(label, 50)
    return base if base.startswith("cmoc") else f"cmoc-{base}"


def _cmoc_name(given: dict[Role, list[Cell]]) -> str:
    words = [
        " ".join(cell.text.split())
        for r in (Role.CONTEXT, Role.MECHANISM, Role.RESPONSE, Role.OUTCOME)
        for cell in given.get(r, [])[:1]
    ]
    if not words:  # only a resource is stated
        words = [" ".join(cell.text.split()) for cells in given.values() for cell in cells[:1]]
    name = " → ".join(words) or "CMOC"
    return name if len(name) <= 160 else name[:159] + "…"


def _attribute_names(parsed: list[_Parsed]) -> dict[str, str]:
    found: dict[str, str] = {}
    for p in parsed:
        for key in p.row.attributes:
            found.setdefault(key, key.replace("_", " ").capitalize())
    return found
