"""Turn a review package into the node and relationship rows a store writes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph.causal import derive_links
from graph.frameworks import framework_name
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
    Theory,
)
from graph.package import Item, ReviewPackage
from graph.schema import CONCEPT_LABEL, ROLE_REL, Label, Rel, Role, global_id

__all__ = ["GraphRows", "package_rows", "label_of", "review_props"]

_LABELS: dict[type, Label] = {
    Theory: Label.PROGRAMME_THEORY, CMOC: Label.CMOC, Evidence: Label.EVIDENCE,
    CaseSite: Label.CASE_SITE, ServiceModel: Label.SERVICE_MODEL,
    FrameworkComponent: Label.FRAMEWORK_COMPONENT, FormalTheory: Label.FORMAL_THEORY,
    Reference: Label.REFERENCE, Note: Label.NOTE,
}
_OWN_FIELDS = {"id", "theory", "context", "mechanism", "resource", "response", "outcome", "refines",
               "domains", "formal_theories", "overarching_contexts", "supports", "challenges", "cites",
               "site", "service_model", "about", "attributes"}
_VOCABULARIES = ("roles", "source_types", "frameworks", "attributes")

RelKey = tuple[Label, Rel, Label]


def label_of(item: Item) -> Label:
    if isinstance(item, Concept):
        return CONCEPT_LABEL[item.kind]
    return _LABELS[type(item)]


@dataclass
class GraphRows:
    review: dict[str, Any]
    nodes: dict[Label, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    rels: dict[RelKey, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    links: dict[tuple[Label, Label], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def total(self) -> int:
        return 1 + sum(map(len, self.nodes.values())) + sum(map(len, self.rels.values())) + sum(
            map(len, self.links.values()))


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _props(item: Item, review: str, frameworks: dict[str, str]) -> dict[str, Any]:
    data = item.model_dump(mode="json", exclude=_OWN_FIELDS)
    props = {_camel(k): v for k, v in data.items() if v not in (None, "", [])}
    if isinstance(item, CMOC):  # extra table columns, each its own property
        props.update({_camel(k): v for k, v in item.attributes.items() if v != ""})
    if isinstance(item, FrameworkComponent):
        props["frameworkName"] = framework_name(item.framework, frameworks)
    props["name"] = item.name
    props["reviewId"] = review
    return props


def review_props(review: Review) -> dict[str, Any]:
    """The Review node's properties; each vocabulary becomes two lists, ids and labels.

    >>> from graph.models import Term
    >>> review_props(Review(id="r", name="R", roles=[Term(id="chw", name="Health workers")]))["roleNames"]
    ['Health workers']
    """
    props = review.model_dump(mode="json", exclude={"id", *_VOCABULARIES})
    for vocabulary in _VOCABULARIES:
        terms = getattr(review, vocabulary)
        if terms:
            singular = _camel(vocabulary.removesuffix("s"))
            props[_camel(vocabulary)] = [t.id for t in terms]
            props[f"{singular}Names"] = [t.label for t in terms]
    return {**{k: v for k, v in props.items() if v not in (None, "", [])}, "reviewId": review.id}


def package_rows(package: ReviewPackage) -> GraphRows:
    """All rows for one package; ids are prefixed with the review id."""
    rid = package.review.id
    gid = lambda local: global_id(rid, local)  # noqa: E731
    labels = {item.id: label_of(item) for item in package.items()}
    frameworks = {t.id: t.label for t in package.review.frameworks}
    out = GraphRows(review={"id": rid, "props": review_props(package.review)})
    for item in package.items():
        out.nodes[labels[item.id]].append({"id": gid(item.id), "props": _props(item, rid, frameworks)})

    def rel(source: str, rtype: Rel, target: str, **props: Any) -> None:
        key = (labels[source], rtype, labels[target])
        clean = {k: v for k, v in props.items() if v not in (None, "")}
        out.rels[key].append({"source": gid(source), "target": gid(target),
                              "props": {**clean, "reviewId": rid}})

    for t in package.theories:
        for ref, rtype in [(x, Rel.REFINES) for x in t.refines] + [(x, Rel.IN_DOMAIN) for x in t.domains] + [
                (x, Rel.INFORMED_BY) for x in t.formal_theories]:
            rel(t.id, rtype, ref)
        for concept in t.overarching_contexts:
            rel(concept, Rel.SPANS, t.id)
    for c in package.cmocs:
        rel(c.theory, Rel.HAS_CMOC, c.id)
        for role in Role:
            for element in c.elements(role):
                rel(c.id, ROLE_REL[role], element.concept, wording=element.wording,
                    absent=element.absent, level=element.level)
    for e in package.evidence:
        for cmoc in e.supports:
            rel(e.id, Rel.SUPPORTS, cmoc)
        for cmoc in e.challenges:
            rel(e.id, Rel.CHALLENGES, cmoc)
        if e.site:
            rel(e.id, Rel.FROM_SITE, e.site)
        for ref in e.cites:
            rel(e.id, Rel.CITES, ref)
    for s in package.sites:
        if s.service_model:
            rel(s.id, Rel.USES_MODEL, s.service_model)
    for n in package.notes:
        for target in n.about:
            rel(n.id, Rel.ABOUT, target)
    concepts = {c.id: c for c in package.concepts}
    for link in derive_links(package.cmocs, concepts):
        out.links[(labels[link.source], labels[link.target])].append({
            "source": gid(link.source), "target": gid(link.target), "polarity": link.polarity,
            "props": {"reviewId": rid, "theories": sorted(map(gid, link.theories)),
                      "cmocs": sorted(map(gid, link.cmocs)), "theoryOnly": link.theory_only},
        })
    return out
