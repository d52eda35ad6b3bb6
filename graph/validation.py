"""Cross-reference checks on a review package, after each item is valid alone.

Each check returns :class:`Problem` objects located at the item's file and line,
worded for the researcher who wrote the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from graph.errors import Problem
from graph.models import CMOC
from graph.package import ReviewPackage
from graph.schema import Role

__all__ = ["check_references"]


def check_references(package: ReviewPackage) -> list[Problem]:
    """Every problem with ids that point nowhere or CMOCs missing an element."""
    ids = {
        "theory": {t.id for t in package.theories},
        "concept": {c.id for c in package.concepts},
        "CMOC": {c.id for c in package.cmocs},
        "case site": {s.id for s in package.sites},
        "reference": {r.id for r in package.references},
        "SELFIE domain": {d.id for d in package.selfie_domains},
        "formal theory": {f.id for f in package.formal_theories},
        "service model": {m.id for m in package.service_models},
    }
    every_id = set(package.locations)
    problems: list[Problem] = []

    def dangling(owner: str, kind: str, refs: Iterable[str | None], known: set[str]) -> None:
        for ref in refs:
            if ref is not None and ref not in known:
                problems.append(_at(package, owner, f"{owner}: unknown {kind} '{ref}'"))

    for t in package.theories:
        dangling(t.id, "theory in refines", t.refines, ids["theory"])
        dangling(t.id, "SELFIE domain", t.domains, ids["SELFIE domain"])
        dangling(t.id, "formal theory", t.formal_theories, ids["formal theory"])
        dangling(t.id, "concept in overarching_contexts", t.overarching_contexts, ids["concept"])
    for c in package.cmocs:
        dangling(c.id, "theory (PT reference)", [c.theory], ids["theory"])
        for role in Role:
            dangling(c.id, f"{role.value} concept", (e.concept for e in c.elements(role)), ids["concept"])
        problems += _element_problems(package, c)
    for e in package.evidence:
        dangling(e.id, "CMOC", [*e.supports, *e.challenges], ids["CMOC"])
        dangling(e.id, "case site", [e.site], ids["case site"])
        dangling(e.id, "reference", e.cites, ids["reference"])
    for s in package.sites:
        dangling(s.id, "service model", [s.service_model], ids["service model"])
    for n in package.notes:
        dangling(n.id, "item in about", n.about, every_id)
    return problems


def _element_problems(package: ReviewPackage, cmoc: CMOC) -> Iterator[Problem]:
    for role in Role:
        present = bool(cmoc.elements(role))
        declared = role in cmoc.missing
        if not present and not declared:
            yield _at(package, cmoc.id, f"CMOC {cmoc.id}: missing its {role.value} "
                      f"(add one, or list '{role.value}' under missing: with a missing_reason)")
        if present and declared:
            yield _at(package, cmoc.id, f"CMOC {cmoc.id}: {role.value} is listed as missing but given")
        for element in cmoc.elements(role):
            if element.level and role is not Role.OUTCOME:
                yield _at(package, cmoc.id, f"CMOC {cmoc.id}: level is only for outcomes")
    if cmoc.missing and not cmoc.missing_reason:
        yield _at(package, cmoc.id, f"CMOC {cmoc.id}: missing elements need a missing_reason")
    if not (cmoc.resource or cmoc.response):
        yield _at(package, cmoc.id, f"CMOC {cmoc.id}: needs at least one mechanism (resource or response)")


def _at(package: ReviewPackage, item_id: str, message: str) -> Problem:
    file, line = package.locations.get(item_id, ("?", 0))
    return Problem(file, line or None, message)
