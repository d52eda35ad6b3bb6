"""A review package in memory: every item, and where each came from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import Problem
from graph.models import (
    CMOC,
    CaseSite,
    Concept,
    ConceptLink,
    ConceptMerge,
    Evidence,
    FormalTheory,
    FrameworkComponent,
    Note,
    Reference,
    Review,
    ServiceModel,
    Theory,
)

__all__ = ["ReviewPackage", "Item"]

Item = (
    Theory | Concept | CMOC | Evidence | CaseSite | ServiceModel | FrameworkComponent | FormalTheory
    | Reference | Note
)


@dataclass
class ReviewPackage:
    """Validated content of one review package."""

    review: Review
    theories: list[Theory] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    cmocs: list[CMOC] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    sites: list[CaseSite] = field(default_factory=list)
    service_models: list[ServiceModel] = field(default_factory=list)
    components: list[FrameworkComponent] = field(default_factory=list)
    formal_theories: list[FormalTheory] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    merges: list[ConceptMerge] = field(default_factory=list)
    concept_links: list[ConceptLink] = field(default_factory=list)
    path: Path | None = None
    locations: dict[str, tuple[str, int]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def items(self) -> Iterator[Item]:
        """Every item that becomes a node (merges and links are about items, not items)."""
        for name in COLLECTIONS:
            yield from getattr(self, name)



COLLECTIONS = (
    "theories", "concepts", "cmocs", "evidence", "sites", "service_models",
    "components", "formal_theories", "references", "notes",
)
