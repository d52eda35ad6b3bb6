"""A review package in memory: every item, and where each came from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.models import (
    CMOC,
    CaseSite,
    Concept,
    Evidence,
    FormalTheory,
    Note,
    Reference,
    Review,
    SelfieDomain,
    ServiceModel,
    Theory,
)

__all__ = ["ReviewPackage", "Item"]

Item = (
    Theory | Concept | CMOC | Evidence | CaseSite | ServiceModel | SelfieDomain | FormalTheory
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
    selfie_domains: list[SelfieDomain] = field(default_factory=list)
    formal_theories: list[FormalTheory] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    path: Path | None = None
    locations: dict[str, tuple[str, int]] = field(default_factory=dict)

    def items(self) -> Iterator[Item]:
        for name in COLLECTIONS:
            yield from getattr(self, name)



COLLECTIONS = (
    "theories", "concepts", "cmocs", "evidence", "sites", "service_models",
    "selfie_domains", "formal_theories", "references", "notes",
)
