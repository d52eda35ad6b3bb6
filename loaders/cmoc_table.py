"""Turn the rows of a CMOC extraction table into a review package (graph.extraction's columns).

Ids come from the text and stay the same when the same table is imported again:
``pt-<theory>`` (or the theory's own ``pt5-...``), ``cmoc-<mechanism words>-<hash of the
configuration>`` (rows stating the same theory, context, mechanism and outcome are one CMOC
with several evidence items),
``<concept words>`` (the same words in any role are one concept), ``ev-<source>-<hash>``,
``ref-<BibTeX key>``, ``site-<name>``. Two different texts that would get the same id get a
six-digit hash of their own text added, so no id depends on the order of the rows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel, ValidationError

from graph.errors import Problem, field_problem
from graph.extraction import (
    AUTHOR_ROLES,
    EVIDENCE_KIND_WORDS,
    LEVELS,
    MISSING_MARK,
    POLARITIES,
    framework_of,
    short_hash,
    slug,
    text_key,
)
from graph.frameworks import framework_name
from graph.models import (
    CMOC,
    CaseSite,
    Concept,
    Element,
    Evidence,
    FrameworkComponent,
    Reference,
    Review,
    Term,
    Theory,
)
from graph.package import ReviewPackage
from graph.schema import Role
from graph.validation import did_you_mean
from loaders.bibtex import BibEntry
from loaders.table_mapping import SheetMapping
from loaders.tables import Sheet

__all__ = ["TableRows", "build_package", "UNASSIGNED"]

UNASSIGNED = "Unassigned"
_ELEMENT_FIELDS = {
    "context": Role.CONTEXT,
    "mechanism": Role.MECHANISM,
    "resource": Role.RESOURCE,
    "response": Role.RESPONSE,
    "outcome": Role.OUTCOME,
}


@dataclass
class _Row:
    where: str
    number: int
    theory: str
    cells: dict[str, str]
    attributes: dict[str, str]


@dataclass
class TableRows:
    """The rows of every sheet, each with its sheet and row number, ready to become a package."""

    rows: list[_Row] = field(default_factory=list)
    framework: str | None = None  # the framework a component column's header names

    def add(self, sheet: Sheet, mapping: SheetMapping, several_sheets: bool) -> None:
        if "component" in mapping.fields and self.framework is None:
            self.framework = framework_of(mapping.fields["component"])
        for number, values in sheet.rows:
            cells = {f: values.get(h, "") for f, h in mapping.fields.items()}
            # a workbook of one sheet per theory needs no theory column
            default = (
                sheet.name if several_sheets and sheet.name and "theory" not in mapping.fields else UNASSIGNED
            )
            theory = cells.get("theory") or default
            attributes = {a: values.get(h, "") for a, h in mapping.attributes.items() if values.get(h, "")}
            self.rows.append(_Row(sheet.where, number, theory, cells, attributes))


class _Ids:
    """Ids from text: the slug, or the slug and a hash when two texts would share it."""

    def __init__(self) -> None:
        self.texts: dict[str, set[str]] = defaultdict(set)

    def want(self, base: str, text: str) -> None:
        self.texts[base].add(text)

    def get(self, base: str, text: str) -> str:
        return base if len(self.texts[base]) == 1 else f"{base}-{short_hash(text)}"


def _problem(row: _Row, message: str) -> Problem:
    return Problem(row.where, row.number, message, unit="row")


def _elements(row: _Row, problems: list[Problem]) -> tuple[dict[Role, str], dict[Role, str]]:
    """The row's element texts by role, and the roles it marks as missing (with the reason)."""
    given, missing = {}, {}
    for name, role in _ELEMENT_FIELDS.items():
        text = row.cells.get(name, "")
        if text.casefold().startswith(MISSING_MARK):
            missing[role] = text[len(MISSING_MARK) :].strip() or "marked missing in the table"
        elif text:
            given[role] = text
    for role in (Role.CONTEXT, Role.OUTCOME):
        if role not in given and role not in missing:
            problems.append(
                _problem(
                    row, f"no {role.value} (the cell is empty: fill it, or write '{MISSING_MARK} <why>')"
                )
            )
    split = "resource" in row.cells or "response" in row.cells
    mechanism = [Role.RESOURCE, Role.RESPONSE] if split else [Role.MECHANISM]
    if not any(r in given or r in missing for r in mechanism):
        problems.append(
            _problem(row, f"no mechanism (the cell is empty: fill it, or write '{MISSING_MARK} <why>')")
        )
    return given, missing


def _choice(row: _Row, name: str, allowed: dict[str, str], problems: list[Problem]) -> str | None:
    value = row.cells.get(name, "").strip()
    if not value:
        return None
    found = allowed.get(value.casefold())
    if found is None:
        words = sorted(set(allowed.values()))
        problems.append(
            _problem(
                row,
                f"{name.replace('_', ' ')} {value!r} is not one of {', '.join(words)}"
                f"{did_you_mean(value.casefold(), list(allowed))}",
            )
        )
    return found


def _source(row: _Row, bib: dict[str, BibEntry] | None, problems: list[Problem]) -> str | None:
    source = row.cells.get("source", "").strip()
    if source and bib is not None and " " not in source and source not in bib:
        problems.append(
            _problem(
                row, f"source {source!r} is not a key of the BibTeX file{did_you_mean(source, list(bib))}"
            )
        )
    return source or None


def build_package(
    table: TableRows,
    review: Review,
    bib: dict[str, BibEntry] | None,
    problems: list[Problem],
    framework: str | None = None,
) -> ReviewPackage:
    """The package the rows describe; every bad row is a problem (the package is then not to be written)."""
    ids = _Ids()
    parsed = []
    for row in table.rows:
        before = len(problems)
        given, missing = _elements(row, problems)
        level = _choice(row, "outcome_level", LEVELS, problems)
        polarity = _choice(row, "polarity", POLARITIES, problems) or "positive"
        kind = _choice(row, "evidence_kind", EVIDENCE_KIND_WORDS, problems)
        source = _source(row, bib, problems)
        if row.cells.get("quote") and not (source or row.cells.get("participant") or row.cells.get("site")):
            problems.append(
                _problem(
                    row, "the quote has no source document, participant or site to say where it comes from"
                )
            )
        if len(problems) == before:
            parsed.append((row, given, missing, level, polarity, kind, source))
    for row, given, *_ in parsed:
        ids.want(_theory_id(row.theory), text_key(row.theory))
        for text in given.values():
            ids.want(slug(text), text_key(text))
    package = _assemble(parsed, ids, review, bib, problems)
    return _components(package, parsed, framework or table.framework or "framework")


def _components(package: ReviewPackage, parsed: list[tuple], framework: str) -> ReviewPackage:
    """The framework components the rows name, and each theory mapped to its rows' components."""
    components: dict[str, FrameworkComponent] = {}
    domains: dict[str, list[str]] = defaultdict(list)
    theory_ids = {text_key(t.name): t.id for t in package.theories}
    for row, *_ in parsed:
        text = row.cells.get("component", "").strip()
        if not text:
            continue
        cid = f"{framework}-{slug(text, 40)}"
        components.setdefault(
            cid, FrameworkComponent(id=cid, framework=framework, name=" ".join(text.split()))
        )
        theory = theory_ids[text_key(" ".join(row.theory.split()))]
        if cid not in domains[theory]:
            domains[theory].append(cid)
    if not components:
        return package
    theories = [t.model_copy(update={"domains": domains.get(t.id, [])}) for t in package.theories]
    review = package.review.model_copy(
        update={"frameworks": [Term(id=framework, name=framework_name(framework))]}
    )
    return replace(package, review=review, theories=theories, components=list(components.values()))


def _assemble(
    parsed: list[tuple], ids: _Ids, review: Review, bib: dict[str, BibEntry] | None, problems: list[Problem]
) -> ReviewPackage:
    theories: dict[str, Theory] = {}
    concepts: dict[str, Concept] = {}
    cmocs: dict[str, dict[str, Any]] = {}
    evidence: dict[str, dict[str, Any]] = {}
    references: dict[str, Reference] = {}
    sites: dict[str, CaseSite] = {}
    roles: dict[str, str] = {}
    sources: dict[str, str] = {}
    locations: dict[str, tuple[str, int]] = {}
    for row, given, missing, level, polarity, kind, source in parsed:
        tid = ids.get(_theory_id(row.theory), text_key(row.theory))
        theories.setdefault(tid, Theory(id=tid, name=" ".join(row.theory.split())))
        elements: dict[str, list[Element]] = {}
        for role, text in given.items():
            cid = ids.get(slug(text), text_key(text))
            concepts.setdefault(cid, Concept(id=cid, kind=role, name=" ".join(text.split())))
            elements[role.value] = [
                Element(concept=cid, wording=text, level=level if role is Role.OUTCOME else None)
            ]
        config = "|".join(
            [
                tid,
                polarity,
                *(f"{r.value}={text_key(t)}" for r, t in sorted(given.items())),
                *(f"missing={r.value}" for r in sorted(missing)),
            ]
        )
        label = row.cells.get("cmoc", "")
        words = given.get(Role.MECHANISM) or given.get(Role.RESPONSE) or given.get(Role.RESOURCE) or "cmoc"
        cmoc_id = _cmoc_id(label) if label else f"cmoc-{slug(words, 40)}-{short_hash(config)}"
        known = cmocs.get(cmoc_id)
        if known is not None and known["config"] != config:
            first = known["where"]
            problems.append(
                _problem(
                    row,
                    f"CMOC {label!r} is stated differently here than in row {first} "
                    "(rows with the same CMOC label must give the same context, mechanism "
                    "and outcome)",
                )
            )
            continue
        if known is None:
            cmocs[cmoc_id] = known = {
                "config": config,
                "where": row.number,
                "data": {
                    "id": cmoc_id,
                    "theory": tid,
                    "name": _cmoc_name(given),
                    "source": "extraction",
                    "polarity": polarity,
                    "section": row.where,
                    "row": row.number,
                    **elements,
                    "missing": sorted(missing),
                    "missing_reason": "; ".join(missing[r] for r in sorted(missing)),
                    "attributes": {},
                },
            }
            locations[cmoc_id] = (row.where, row.number)
        for key, value in row.attributes.items():
            values = known["data"]["attributes"].get(key, "")
            if value not in values.split("; "):
                known["data"]["attributes"][key] = f"{values}; {value}" if values else value
        if row.cells.get("quote"):
            _evidence(row, cmoc_id, kind, source, bib, evidence, references, sites, roles, sources, locations)
    review = review.model_copy(
        update={
            "roles": [Term(id=k, name=v) for k, v in roles.items()],
            "source_types": [Term(id=k, name=v) for k, v in sources.items()],
            "attributes": _attribute_terms(parsed),
        }
    )
    return ReviewPackage(
        review=review,
        theories=list(theories.values()),
        concepts=list(concepts.values()),
        cmocs=_valid(CMOC, [c["data"] for c in cmocs.values()], locations, problems),
        evidence=_valid(Evidence, list(evidence.values()), locations, problems),
        references=list(references.values()),
        sites=list(sites.values()),
        locations=locations,
    )


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
            where, number = locations[record["id"]]
            for err in e.errors():
                field = ".".join(str(p) for p in err["loc"])
                problems.append(
                    Problem(where, number, (f"{field}: " if field else "") + field_problem(err), unit="row")
                )
    return items


def _theory_id(text: str) -> str:
    """``pt5-household-counselling`` for "PT5 Household counselling", ``pt-trust`` for "Trust"."""
    base = slug(text, 40)
    return base if re.match(r"pt\d", base) else f"pt-{base}"


def _cmoc_id(label: str) -> str:
    base = slug(label, 50)
    return base if base.startswith("cmoc") else f"cmoc-{base}"


def _cmoc_name(given: dict[Role, str]) -> str:
    words = [
        " ".join(given[r].split())
        for r in (Role.CONTEXT, Role.MECHANISM, Role.RESPONSE, Role.OUTCOME)
        if r in given
    ]
    name = " → ".join(words)
    return name if len(name) <= 160 else name[:159] + "…"


def _attribute_terms(parsed: list[tuple]) -> list[Term]:
    found: dict[str, str] = {}
    for row, *_ in parsed:
        for key in row.attributes:
            found.setdefault(key, key.replace("_", " ").capitalize())
    return [Term(id=k, name=v) for k, v in found.items()]


def _evidence(
    row: _Row,
    cmoc: str,
    kind: str | None,
    source: str | None,
    bib: dict[str, BibEntry] | None,
    evidence: dict,
    references: dict,
    sites: dict,
    roles: dict,
    sources: dict,
    locations: dict,
) -> None:
    quote = row.cells["quote"]
    participant = row.cells.get("participant", "").strip()
    role_text = row.cells.get("role", "").strip()
    authored = role_text.casefold() in AUTHOR_ROLES or participant.casefold() in AUTHOR_ROLES
    role = None if authored or not role_text else slug(role_text, 30).replace("-", "_")
    chosen = kind or ("quote" if role else "document")
    cites = []
    if source:
        entry = (bib or {}).get(source)
        rid = "ref-" + slug(entry.key if entry else source, 50)
        references.setdefault(
            rid,
            Reference(id=rid, citation=entry.citation() if entry else source, key=entry.key if entry else ""),
        )
        cites = [rid]
    site = None
    if row.cells.get("site"):
        site = "site-" + slug(row.cells["site"], 40)
        sites.setdefault(site, CaseSite(id=site, name=row.cells["site"]))
    if role:
        roles.setdefault(role, role_text)
    source_type = (
        slug(row.cells["source_type"], 30).replace("-", "_")
        if row.cells.get("source_type")
        else (role if chosen in ("quote", "focus_group") and role else chosen)
    )
    sources.setdefault(
        source_type,
        row.cells.get("source_type") or roles.get(source_type) or source_type.replace("_", " ").capitalize(),
    )
    eid = f"ev-{slug(source or participant or 'row', 24)}-" + short_hash(
        "|".join([text_key(quote), source or "", row.cells.get("page", ""), participant])
    )
    item = evidence.setdefault(
        eid,
        {
            "id": eid,
            "kind": chosen,
            "text": quote,
            "speaker": "" if authored else participant,
            "role": role,
            "site": site,
            "source_type": source_type,
            "page": row.cells.get("page", ""),
            "cites": cites,
            "section": f"{row.where}, row {row.number}",
            "supports": [],
            "challenges": [],
        },
    )
    locations.setdefault(eid, (row.where, row.number))
    if cmoc not in item["supports"]:
        item["supports"].append(cmoc)
