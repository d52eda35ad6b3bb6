"""Apply a review's concept merges (``merges.csv``) and cross-review links to its package.

A merge folds one concept into another: every CMOC element that named the old concept
names the new one and keeps its own wording (the old concept's name when it had none),
and the old name is kept in the new concept's ``aliases``. Chains of merges resolve
(a → b, b → c gives a → c); a cycle is a problem, not a guess.
"""

from __future__ import annotations

from dataclasses import replace

from graph.errors import Problem
from graph.models import CMOC, Concept, ConceptMerge, Element
from graph.package import ReviewPackage
from graph.schema import Role

__all__ = ["apply_merges", "resolve_merges"]


def resolve_merges(merges: list[ConceptMerge], known: set[str]) -> tuple[dict[str, str], list[str]]:
    """``{concept: final concept}`` and a message for each merge that cannot be followed.

    >>> m = [ConceptMerge(concept="a", into="b"), ConceptMerge(concept="b", into="c")]
    >>> resolve_merges(m, {"a", "b", "c"})
    ({'a': 'c', 'b': 'c'}, [])
    >>> resolve_merges([ConceptMerge(concept="a", into="b"), ConceptMerge(concept="b", into="a")],
    ...                {"a", "b"})[1]
    ["merging 'a' goes round in a circle (a → b → a)"]
    """
    parent = {m.concept: m.into for m in merges if m.concept != m.into}
    final: dict[str, str] = {}
    problems: list[str] = []
    circles: set[frozenset[str]] = set()
    for start in parent:
        seen, node = [start], parent[start]
        while node in parent and node not in seen:
            seen.append(node)
            node = parent[node]
        if node in seen:
            circle = frozenset(seen[seen.index(node) :])
            if circle in circles:
                continue
            circles.add(circle)
            problems.append(f"merging '{start}' goes round in a circle ({' → '.join([*seen, node])})")
        elif node in known:
            final[start] = node
    return final, problems


def apply_merges(package: ReviewPackage) -> tuple[ReviewPackage, list[Problem]]:
    """The package with its merges applied and cross-review links on their concepts."""
    if not (package.merges or package.concept_links):
        return package, []
    known = {c.id for c in package.concepts}
    final, circles = resolve_merges(package.merges, known)
    problems = [Problem("merges.csv", None, text) for text in circles]
    names = {c.id: c.name for c in package.concepts}
    renames = {final.get(m.into, m.into): m.name for m in package.merges if m.name}
    aliases: dict[str, list[str]] = {}
    for old, new in sorted(final.items()):
        aliases.setdefault(new, []).append(names[old])
    links: dict[str, list[str]] = {}
    for link in package.concept_links:
        links.setdefault(final.get(link.concept, link.concept), []).append(link.same_as)
    concepts = [
        _merged_concept(c, renames.get(c.id), aliases.get(c.id, []), links.get(c.id, []))
        for c in package.concepts
        if c.id not in final
    ]
    cmocs = [_renamed_cmoc(c, final, names) for c in package.cmocs]
    return replace(package, concepts=concepts, cmocs=cmocs), problems


def _merged_concept(concept: Concept, name: str | None, aliases: list[str], links: list[str]) -> Concept:
    update: dict = {}
    if name and name != concept.name:
        update["name"] = name
        aliases = [concept.name, *aliases]
    if aliases:
        update["aliases"] = sorted({*concept.aliases, *aliases} - {update.get("name", concept.name)})
    if links:
        update["same_as"] = sorted({*concept.same_as, *links})
    return concept.model_copy(update=update) if update else concept


def _renamed_cmoc(cmoc: CMOC, final: dict[str, str], names: dict[str, str]) -> CMOC:
    update: dict = {}
    for role in Role:
        elements = cmoc.elements(role)
        if any(e.concept in final for e in elements):
            update[role.value] = _fold(elements, final, names)
    return cmoc.model_copy(update=update) if update else cmoc


def _fold(elements: list[Element], final: dict[str, str], names: dict[str, str]) -> list[Element]:
    """Point each element at its final concept; two that meet keep both wordings."""
    folded: dict[str, Element] = {}
    for e in elements:
        target = final.get(e.concept, e.concept)
        wording = e.wording or names.get(e.concept, "")
        moved = e.model_copy(update={"concept": target, "wording": wording})
        if target in folded:
            first = folded[target]
            joined = " / ".join(w for w in (first.wording, wording) if w)
            moved = first.model_copy(update={"wording": joined})
        folded[target] = moved
    return list(folded.values())
