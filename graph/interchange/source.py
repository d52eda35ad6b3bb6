"""What an export reads from the store: a review as a package, or as a graph to draw.

Everything comes through catalog statements (``get_nodes``, ``get_relationships``,
``get_concepts``, ``get_causal_links``). :func:`read_review` turns the stored nodes and
relationships back into a :class:`~graph.package.ReviewPackage`, the inverse of
:func:`graph.rows.package_rows` (LEADS_TO links are left out: a load derives them again).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from graph.errors import PtgraphError, field_problem
from graph.models import (
    CMOC,
    CaseSite,
    Concept,
    Evidence,
    FormalTheory,
    FrameworkComponent,
    Note,
    Reference,
    Review,
    ServiceModel,
    Term,
    Theory,
)
from graph.package import ReviewPackage
from graph.schema import ROLE_REL, Label, Rel, local_id
from graph.stores.store import Runner

__all__ = ["ExportError", "read_review", "review_ids", "one_review"]

_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    Label.PROGRAMME_THEORY: (Theory, "theories"),
    Label.CONTEXT: (Concept, "concepts"),
    Label.MECHANISM: (Concept, "concepts"),
    Label.OUTCOME: (Concept, "concepts"),
    Label.CMOC: (CMOC, "cmocs"),
    Label.EVIDENCE: (Evidence, "evidence"),
    Label.CASE_SITE: (CaseSite, "sites"),
    Label.SERVICE_MODEL: (ServiceModel, "service_models"),
    Label.FRAMEWORK_COMPONENT: (FrameworkComponent, "components"),
    Label.FORMAL_THEORY: (FormalTheory, "formal_theories"),
    Label.REFERENCE: (Reference, "references"),
    Label.NOTE: (Note, "notes"),
}
_DERIVED = {"reviewId", "frameworkName"}  # written by a load, not fields of the package
_NAMED_BY_TEXT = (Evidence, Reference, Note)  # their ``name`` is made from their text
_VOCABULARIES = {
    "roles": "roleNames",
    "sourceTypes": "sourceTypeNames",
    "frameworks": "frameworkNames",
    "attributes": "attributeNames",
}
# relationship type -> (the field it fills, on the item at which end)
_LINKS: dict[str, tuple[str, str]] = {
    Rel.REFINES: ("refines", "source"),
    Rel.IN_DOMAIN: ("domains", "source"),
    Rel.INFORMED_BY: ("formal_theories", "source"),
    Rel.SPANS: ("overarching_contexts", "target"),
    Rel.SUPPORTS: ("supports", "source"),
    Rel.CHALLENGES: ("challenges", "source"),
    Rel.CITES: ("cites", "source"),
    Rel.ABOUT: ("about", "source"),
}
_ROLES = {str(rel): role.value for role, rel in ROLE_REL.items()}


class ExportError(PtgraphError):
    """What was asked cannot be exported (no such review, a store that does not hold a package)."""


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def review_ids(store: Runner) -> list[str]:
    """The ids of the reviews in the store."""
    return [row["id"] for row in store.run("list_reviews")]


def one_review(store: Runner, review: str | None) -> str:
    """``review`` if the store holds it, else the only review there is; otherwise a clear error."""
    reviews = review_ids(store)
    if review is not None and review in reviews:
        return review
    if review is None and len(reviews) == 1:
        return reviews[0]
    listed = ", ".join(reviews) or "none loaded"
    if review is None:
        raise ExportError(f"name the review to export with --review (reviews in the store: {listed})")
    raise ExportError(f"no review '{review}' in the store (reviews: {listed})")


def read_review(store: Runner, review: str) -> ReviewPackage:
    """The review as a package: every item with its fields, links and CMOC elements."""
    nodes = store.run("get_nodes", {"review": review})
    head = next((n for n in nodes if n["label"] == Label.REVIEW), None)
    if head is None:
        raise ExportError(f"no review '{review}' in the store")
    records: dict[str, dict[str, Any]] = {}
    labels: dict[str, str] = {}
    attributes = head["props"].get("attributes") or []
    for node in nodes:
        if node["label"] in _MODELS:
            records[node["id"]] = _fields(node["label"], node["props"], attributes)
            labels[node["id"]] = node["label"]
    _add_links(store.run("get_relationships", {"review": review}), records, labels)
    collected: dict[str, list[Any]] = defaultdict(list)
    for gid, record in sorted(records.items()):
        model, collection = _MODELS[labels[gid]]
        collected[collection].append(_valid(model, record, gid))
    return ReviewPackage(review=_review(head["props"]), **cast(dict[str, Any], collected))


def _fields(label: str, props: dict[str, Any], attributes: list[str]) -> dict[str, Any]:
    model = _MODELS[label][0]
    record: dict[str, Any] = {"id": local_id(props["id"])}
    extra: dict[str, str] = {}
    for key, value in props.items():
        field = _snake(key)
        if key in _DERIVED or key == "id" or (key == "name" and model in _NAMED_BY_TEXT):
            continue
        if field in model.model_fields:
            record[field] = value
        elif model is CMOC:  # a review's extra table columns (and any property set by hand)
            extra[next((a for a in attributes if _camel(a) == key), field)] = str(value)
    if extra:
        record["attributes"] = extra
    return record


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _add_links(
    rels: list[dict[str, Any]], records: dict[str, dict[str, Any]], labels: dict[str, str]
) -> None:
    for rel in sorted(rels, key=lambda r: (r["source"], r["type"], r["target"])):
        source, target, rtype = rel["source"], rel["target"], rel["type"]
        if source not in records or target not in records:
            continue
        if rtype in _ROLES:
            props = rel["props"]
            element = {
                "concept": local_id(target),
                "wording": props.get("wording", ""),
                "absent": bool(props.get("absent")),
                "level": props.get("level"),
            }
            records[source].setdefault(_ROLES[rtype], []).append(element)
        elif rtype == Rel.HAS_CMOC:
            records[target]["theory"] = local_id(source)
        elif rtype == Rel.FROM_SITE:
            records[source]["site"] = local_id(target)
        elif rtype == Rel.USES_MODEL:
            records[source]["service_model"] = local_id(target)
        elif rtype in _LINKS:
            field, end = _LINKS[rtype]
            owner, other = (source, target) if end == "source" else (target, source)
            records[owner].setdefault(field, []).append(local_id(other))


def _valid(model: type[BaseModel], record: dict[str, Any], gid: str) -> Any:
    try:
        return model.model_validate(record)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ExportError(
            f"{gid} in the store is not a valid {model.__name__}"
            f"{f' ({where})' if where else ''}: {field_problem(err)}"
        ) from e


def _review(props: dict[str, Any]) -> Review:
    fields = ("name", "citation", "license", "source", "description")
    record: dict[str, Any] = {k: props[k] for k in fields if k in props}
    for ids, names in _VOCABULARIES.items():
        pairs = zip(props.get(ids) or [], props.get(names) or [], strict=False)
        record[_snake(ids)] = [Term(id=i, name=n) for i, n in pairs]
    if props.get("abbreviations"):  # 'TERM: meaning' strings, read back as the mapping
        record["abbreviations"] = props["abbreviations"]
    return Review(id=props["reviewId"], **record)
