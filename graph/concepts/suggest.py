"""Suggest which concepts are the same idea worded differently, so that chains can form.

Two kinds of suggestion, ranked by similarity:

- **same role**: two contexts, two mechanisms or two outcomes that say the same thing;
- **chain**: an outcome of one CMOC that is the context or mechanism of another: merging
  them is how a chain crosses from one row (or source, or review) into the next.

A person decides (the mapping CSV, :mod:`loaders.mapping`); nothing here merges anything.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from graph.concepts.similarity import default_method, similarities
from graph.package import ReviewPackage
from graph.schema import Role, global_id

__all__ = [
    "Statement",
    "Suggestion",
    "statements",
    "suggest",
    "THRESHOLDS",
    "SAME_ROLE",
    "CHAIN",
    "role_family",
    "pair_kind",
]

SAME_ROLE, CHAIN = "same role", "chain"
# Lowest score suggested, per method and kind (chosen on the synthetic fixture: docs/import.md).
THRESHOLDS = {
    ("embedding", SAME_ROLE): 0.55,
    ("embedding", CHAIN): 0.55,
    ("tfidf", SAME_ROLE): 0.15,
    ("tfidf", CHAIN): 0.15,
}
_FAMILY = {
    Role.CONTEXT: "context",
    Role.MECHANISM: "mechanism",
    Role.RESOURCE: "mechanism",
    Role.RESPONSE: "mechanism",
    Role.OUTCOME: "outcome",
}


def role_family(role: Role) -> str:
    """context, mechanism (undivided, resource or response) or outcome."""
    return _FAMILY[role]


@dataclass(frozen=True)
class Statement:
    """One concept as the suggestions see it: its words, roles, CMOCs and the sources behind them."""

    review: str
    concept: str
    text: str
    roles: frozenset[str]
    cmocs: frozenset[str]
    sources: frozenset[str]

    @property
    def key(self) -> str:
        return global_id(self.review, self.concept)


@dataclass(frozen=True)
class Suggestion:
    score: float
    kind: str
    keep: Statement
    merge: Statement


def statements(package: ReviewPackage) -> list[Statement]:
    """Every concept a CMOC uses, with the roles it plays and the sources of its evidence."""
    sources: dict[str, set[str]] = defaultdict(set)
    for e in package.evidence:
        for cmoc in [*e.supports, *e.challenges]:
            sources[cmoc] |= set(e.cites) or {e.site or e.speaker or e.id}
    roles: dict[str, set[str]] = defaultdict(set)
    cmocs: dict[str, set[str]] = defaultdict(set)
    for c in package.cmocs:
        for role in Role:
            for element in c.elements(role):
                roles[element.concept].add(role_family(role))
                cmocs[element.concept].add(c.id)
    return [
        Statement(
            package.review.id,
            c.id,
            c.name,
            frozenset(roles[c.id]),
            frozenset(cmocs[c.id]),
            frozenset(s for cmoc in cmocs[c.id] for s in sources[cmoc]),
        )
        for c in package.concepts
        if c.id in roles
    ]


def pair_kind(a: Statement, b: Statement) -> str | None:
    if a.roles & b.roles:
        return SAME_ROLE
    chained = ("outcome" in a.roles and b.roles & {"context", "mechanism"}) or (
        "outcome" in b.roles and a.roles & {"context", "mechanism"}
    )
    return CHAIN if chained and not (a.cmocs & b.cmocs) else None


def _keeper(a: Statement, b: Statement, kind: str) -> tuple[Statement, Statement]:
    def rank(s: Statement) -> tuple:
        return ("outcome" not in s.roles if kind == CHAIN else False, -len(s.cmocs), len(s.concept), s.key)

    return (a, b) if rank(a) <= rank(b) else (b, a)


def suggest(
    items: list[Statement],
    method: str | None = None,
    thresholds: dict[str, float] | None = None,
    across_reviews: bool = False,
) -> list[Suggestion]:
    """Ranked merge suggestions among ``items`` (best first).

    With ``across_reviews``, only pairs of concepts from two different reviews are suggested.

    >>> s = [Statement("r", "a", "mothers trust the health worker", frozenset({"outcome"}),
    ...                frozenset({"c1"}), frozenset({"doc1"})),
    ...      Statement("r", "b", "trust in the health worker among mothers", frozenset({"context"}),
    ...                frozenset({"c2"}), frozenset({"doc2"}))]
    >>> [(x.kind, x.keep.concept, x.merge.concept) for x in suggest(s, method="tfidf")]
    [('chain', 'a', 'b')]
    """
    chosen = method or default_method()
    floors = {kind: (thresholds or {}).get(kind, THRESHOLDS[(chosen, kind)]) for kind in (SAME_ROLE, CHAIN)}
    found = []
    for (i, j), score in similarities([s.text for s in items], chosen, min(floors.values())).items():
        a, b = items[i], items[j]
        if across_reviews != (a.review != b.review):
            continue
        kind = pair_kind(a, b)
        if kind and score >= floors[kind]:
            keep, merge = _keeper(a, b, kind)
            found.append(Suggestion(round(score, 4), kind, keep, merge))
    found.sort(key=lambda s: (-s.score, s.keep.key, s.merge.key))
    return found
