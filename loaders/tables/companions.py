"""Companion sheets of an extraction table: the review's theories, concepts, sites, references...

A workbook's sheets named in :data:`graph.extraction.COMPANION_SHEETS` (or CSV files
``<table>.<collection>.csv``) hold a package collection in the package's own columns, a
list cell written ``a; b``; ``Review`` holds ``field, value`` rows, ``Vocabulary`` the
review's roles, source types, frameworks and attributes, and ``Abbreviations`` its glossary
(``term, meaning`` rows). ``ptgraph export table`` writes them;
the main sheet's cells name their items by id or by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, get_origin

from pydantic import BaseModel, ValidationError

from graph.errors import Problem, field_problem
from graph.extraction import (
    ABBREVIATIONS_SHEET,
    COMPANION_SHEETS,
    REVIEW_SHEET,
    REVIEW_SHEETS,
    VOCABULARY_SHEET,
    text_key,
)
from graph.models import (
    CaseSite,
    Concept,
    FormalTheory,
    FrameworkComponent,
    Note,
    Reference,
    ServiceModel,
    Term,
    Theory,
)
from loaders.files.sources import LIST_SEPARATOR
from loaders.tables.sheets import Sheet

__all__ = ["Companions", "read_companion", "is_companion"]

_MODELS: dict[str, type[BaseModel]] = {
    "theories": Theory,
    "concepts": Concept,
    "sites": CaseSite,
    "service_models": ServiceModel,
    "components": FrameworkComponent,
    "formal_theories": FormalTheory,
    "references": Reference,
    "notes": Note,
}
_REVIEW_FIELDS = ("name", "citation", "license", "source", "description")
_VOCABULARIES = ("roles", "source_types", "frameworks", "attributes")


def is_companion(name: str) -> bool:
    return name in COMPANION_SHEETS or name in REVIEW_SHEETS


@dataclass
class Companions:
    """What the companion sheets hold, and look-ups of their items by id or name."""

    review: dict[str, str] = field(default_factory=dict)
    vocabulary: dict[str, list[Term]] = field(default_factory=dict)
    abbreviations: dict[str, str] = field(default_factory=dict)
    items: dict[str, list[Any]] = field(default_factory=dict)

    def find(self, collection: str, text: str) -> Any | None:
        """The item of ``collection`` whose id, name, key or citation is ``text`` (any case, spacing)."""
        key = text_key(text)
        for item in self.items.get(collection, []):
            names = (
                item.id,
                getattr(item, "name", ""),
                getattr(item, "key", ""),
                getattr(item, "citation", ""),
            )
            if any(n and text_key(str(n)) == key for n in names):
                return item
        return None

    def term(self, vocabulary: str, text: str) -> Term | None:
        key = text_key(text)
        return next(
            (
                t
                for t in self.vocabulary.get(vocabulary, [])
                if key in (text_key(t.id), text_key(t.name), text_key(t.label))
            ),
            None,
        )

    def ids(self, collection: str) -> set[str]:
        return {item.id for item in self.items.get(collection, [])}


def _record(model: type[BaseModel], values: dict[str, str]) -> dict[str, Any]:
    lists = {name for name, f in model.model_fields.items() if get_origin(f.annotation) is list}
    return {
        k: [v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()] if k in lists else value
        for k, value in values.items()
        if value != ""
    }


def read_companion(sheet: Sheet, name: str, companions: Companions, problems: list[Problem]) -> None:
    """Add the content of ``sheet``, the companion sheet ``name``; a bad row is a problem with its row."""
    if name == REVIEW_SHEET:
        for number, values in sheet.rows:
            name, value = values.get("field", ""), values.get("value", "")
            if name in _REVIEW_FIELDS:
                companions.review[name] = value
            elif name and name != "id":
                problems.append(
                    Problem(
                        sheet.where,
                        number,
                        f"'{name}' is not a field of a review ({', '.join(_REVIEW_FIELDS)})",
                        unit="row",
                    )
                )
        return
    if name == VOCABULARY_SHEET:
        _vocabulary(sheet, companions, problems)
        return
    if name == ABBREVIATIONS_SHEET:
        _abbreviations(sheet, companions, problems)
        return
    collection = COMPANION_SHEETS[name]
    model = _MODELS[collection]
    found = companions.items.setdefault(collection, [])
    for number, values in sheet.rows:
        try:
            found.append(model.model_validate(_record(model, values)))
        except ValidationError as e:
            for err in e.errors():
                where = ".".join(str(p) for p in err["loc"])
                problems.append(
                    Problem(
                        sheet.where,
                        number,
                        f"{where + ': ' if where else ''}{field_problem(err)}",
                        unit="row",
                    )
                )


def _vocabulary(sheet: Sheet, companions: Companions, problems: list[Problem]) -> None:
    for number, values in sheet.rows:
        vocabulary = values.get("vocabulary", "")
        if vocabulary not in _VOCABULARIES:
            problems.append(
                Problem(
                    sheet.where,
                    number,
                    f"vocabulary {vocabulary!r} is not one of {', '.join(_VOCABULARIES)}",
                    unit="row",
                )
            )
            continue
        try:
            term = Term(
                id=values.get("id", ""),
                name=values.get("name", ""),
                description=values.get("description", ""),
            )
        except ValidationError as e:
            problems.append(Problem(sheet.where, number, f"id: {field_problem(e.errors()[0])}", unit="row"))
            continue
        companions.vocabulary.setdefault(vocabulary, []).append(term)


def _abbreviations(sheet: Sheet, companions: Companions, problems: list[Problem]) -> None:
    for number, values in sheet.rows:
        term, meaning = values.get("term", "").strip(), values.get("meaning", "").strip()
        if not term or not meaning:
            missing = "term" if not term else "meaning"
            problems.append(Problem(sheet.where, number, f"an abbreviation needs a {missing}", unit="row"))
        elif term in companions.abbreviations:
            problems.append(Problem(sheet.where, number, f"abbreviation {term!r} is given twice", unit="row"))
        else:
            companions.abbreviations[term] = meaning
