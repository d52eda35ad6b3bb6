"""Cross-reference checks on a review package, after each item is read alone.

Each check returns :class:`Problem` objects located at the item's file and line, worded
for the researcher who wrote the file; a reference that points nowhere says which known
id it was probably meant to be. Items that failed their own field checks are still
checked here (their ids exist, and their own references are followed), so one mistake
does not hide another nor cause a cascade of "unknown" problems.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from graph.errors import Problem
from graph.frameworks import KNOWN_FRAMEWORKS
from graph.models import CMOC
from graph.package import ReviewPackage
from graph.schema import Role

__all__ = ["check_references", "did_you_mean", "CMOC_FIELDS"]

# CMOC node properties an extra (attribute) column may not take the name of: each attribute
# becomes a property, named in camelCase (missing_reason -> missingReason).
CMOC_FIELDS = frozenset({"id", "name", "theory", "source", "polarity", "section", "paragraph", "row",
                         "text", "missing", "theory_only", "attributes", "review_id", "kind",
                         *CMOC.model_fields})


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


_CMOC_PROPERTIES = frozenset(map(_camel, CMOC_FIELDS))


def did_you_mean(ref: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest known id, or nothing.

    >>> did_you_mean("pt55", ["pt5", "pt2"]), did_you_mean("zzz", ["pt5"])
    (" (did you mean 'pt5'?)", '')
    """
    close = difflib.get_close_matches(ref, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_references(package: ReviewPackage, partial: frozenset[str] = frozenset()) -> list[Problem]:
    """Every problem with ids that point nowhere, vocabulary not declared, or CMOCs missing an element.

    ``partial`` names items that failed their own field checks: only their references are checked.
    """
    ids = {
        "theory": {t.id for t in package.theories},
        "concept": {c.id for c in package.concepts},
        "CMOC": {c.id for c in package.cmocs},
        "case site": {s.id for s in package.sites},
        "reference": {r.id for r in package.references},
        "framework component": {d.id for d in package.components},
        "formal theory": {f.id for f in package.formal_theories},
        "service model": {m.id for m in package.service_models},
    }
    every_id = set(package.locations)
    problems: list[Problem] = []

    def dangling(owner: str, kind: str, refs: Iterable[str | None], known: set[str],
                 where: tuple[str, int | None] | None = None) -> None:
        for ref in refs:
            if ref == "" and owner not in partial:  # a placeholder's empty reference is not the writer's
                message = f"{owner}: an empty {kind} (give its id, or leave it out)"
            elif ref and ref not in known:
                message = f"{owner}: unknown {kind} '{ref}'{did_you_mean(ref, known)}"
            else:
                continue
            problems.append(_at(package, owner, message) if where is None
                            else Problem(where[0], where[1], message, subject=owner))

    problems += _refines_cycles(package)
    for t in package.theories:
        dangling(t.id, "theory in refines", t.refines, ids["theory"])
        dangling(t.id, "framework component", t.domains, ids["framework component"])
        dangling(t.id, "formal theory", t.formal_theories, ids["formal theory"])
        dangling(t.id, "concept in overarching_contexts", t.overarching_contexts, ids["concept"])
    for c in package.cmocs:
        dangling(c.id, "theory (PT reference)", [c.theory], ids["theory"])
        for role in Role:
            dangling(c.id, f"{role.value} concept", (e.concept for e in c.elements(role)), ids["concept"])
        if c.id not in partial:
            problems += _element_problems(package, c)
    for e in package.evidence:
        dangling(e.id, "CMOC", [*e.supports, *e.challenges], ids["CMOC"])
        dangling(e.id, "case site", [e.site], ids["case site"])
        dangling(e.id, "reference", e.cites, ids["reference"])
    for s in package.sites:
        dangling(s.id, "service model", [s.service_model], ids["service model"])
    for n in package.notes:
        dangling(n.id, "item in about", n.about, every_id)
    for m in package.merges:
        dangling(m.concept, "concept to merge", [m.concept, m.into], ids["concept"], ("merges.csv", None))
    for link in package.concept_links:
        dangling(link.concept, "concept", [link.concept], ids["concept"], ("concept_links.csv", None))
    problems += _vocabulary_problems(package)
    return problems


def _refines_cycles(package: ReviewPackage) -> Iterator[Problem]:
    """A theory that refines itself, directly or round a circle of others (told once per circle)."""
    refines = {t.id: [r for r in t.refines if r] for t in package.theories}
    told: set[frozenset[str]] = set()
    for start in refines:
        path, seen = [start], {start}
        stack = [iter(refines[start])]
        while stack:
            ref = next(stack[-1], None)
            if ref is None:
                stack.pop()
                path.pop()
                continue
            if ref == start and frozenset(path) not in told:
                told.add(frozenset(path))
                circle = " → ".join([*path, start])
                what = "refines itself" if len(path) == 1 else f"refines round a circle: {circle}"
                yield _at(package, start, f"{start}: {what} "
                          "(refines names the earlier theory this one revises)")
            elif ref in refines and ref not in seen:
                seen.add(ref)
                path.append(ref)
                stack.append(iter(refines[ref]))


def _vocabulary_problems(package: ReviewPackage) -> Iterator[Problem]:
    """Roles, source types, frameworks and attributes must be the review's own, once declared."""
    review = package.review
    checks = [("participant role", {t.id for t in review.roles}, ((e.id, e.role) for e in package.evidence)),
              ("source type", {t.id for t in review.source_types},
               ((e.id, e.source_type) for e in package.evidence))]
    for word, declared, uses in checks:
        if not declared:
            continue
        for owner, value in uses:
            if value and value not in declared:
                hint = did_you_mean(value, declared)
                yield _at(package, owner, f"{owner}: {word} '{value}' is not one of the review's {word}s "
                          f"({', '.join(sorted(declared))}; declare it in review.yaml){hint}")

    frameworks = {t.id for t in review.frameworks} | set(KNOWN_FRAMEWORKS)
    for d in package.components:
        if d.framework not in frameworks:
            yield _at(package, d.id, f"{d.id}: framework '{d.framework}' is not declared under frameworks: "
                      f"in review.yaml{did_you_mean(d.framework, frameworks)}")
    for c in package.cmocs:
        for key in c.attributes:
            if not key.strip() or "`" in key:
                yield _at(package, c.id, f"{c.id}: attribute {key!r}: an attribute's name may not be empty "
                          "or hold a backtick (`)")
            elif key in CMOC_FIELDS or _camel(key) in _CMOC_PROPERTIES:
                yield _at(package, c.id, f"{c.id}: attribute '{key}' has the name of a CMOC field; rename it")


def _element_problems(package: ReviewPackage, cmoc: CMOC) -> Iterator[Problem]:
    undivided = bool(cmoc.mechanism)
    for role in Role:
        present = bool(cmoc.elements(role))
        declared = role in cmoc.missing
        optional = role is Role.MECHANISM or (undivided and role in (Role.RESOURCE, Role.RESPONSE))
        if not present and not declared and not optional:
            yield _at(package, cmoc.id, f"CMOC {cmoc.id}: missing its {role.value} "
                      f"(add one, or list '{role.value}' under missing: with a missing_reason)")
        if present and declared:
            yield _at(package, cmoc.id, f"CMOC {cmoc.id}: {role.value} is listed as missing but given")
        for element in cmoc.elements(role):
            if element.level and role is not Role.OUTCOME:
                yield _at(package, cmoc.id, f"CMOC {cmoc.id}: level is only for outcomes")
    if undivided and (cmoc.resource or cmoc.response):
        yield _at(package, cmoc.id, f"CMOC {cmoc.id}: give the mechanism either undivided (mechanism:) or "
                  "split into resource: and response:, not both")
    if cmoc.missing and not cmoc.missing_reason:
        yield _at(package, cmoc.id, f"CMOC {cmoc.id}: missing elements need a missing_reason")
    if not (cmoc.mechanism or cmoc.resource or cmoc.response):
        yield _at(package, cmoc.id, f"CMOC {cmoc.id}: needs at least one mechanism (mechanism:, or resource: "
                  "or response:)")


def _at(package: ReviewPackage, item_id: str, message: str) -> Problem:
    file, line = package.locations.get(item_id, ("?", 0))
    return Problem(file, line or None, message, subject=item_id)
