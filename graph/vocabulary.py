"""A review's own words: the participant roles and source types its evidence uses.

A review declares them in review.yaml; one that does not gets those its evidence uses,
so no table or filter offers a role the review never has.
"""

from __future__ import annotations

from graph.models import Term
from graph.package import ReviewPackage

__all__ = ["source_types", "roles", "term_label"]


def term_label(term_id: str) -> str:
    """The words of an undeclared id.

    >>> term_label("service_user")
    'Service user'
    """
    return Term(id=term_id).label


def _used(values: list[str | None]) -> list[Term]:
    return [Term(id=v, name=term_label(v)) for v in dict.fromkeys(v for v in values if v)]


def source_types(package: ReviewPackage) -> list[Term]:
    """The declared source types, else those of the package's evidence in order of first use.

    >>> from graph.models import Evidence, Review
    >>> quote = Evidence(id="q", kind="quote", text="…", role="nurse", speaker="N1", supports=["c"])
    >>> [t.label for t in source_types(ReviewPackage(review=Review(id="r", name="R"), evidence=[quote]))]
    ['Nurse']
    """
    return list(package.review.source_types) or _used([e.source_type for e in package.evidence])


def roles(package: ReviewPackage) -> list[Term]:
    """The declared participant roles, else those the package's quotes use."""
    return list(package.review.roles) or _used([e.role for e in package.evidence])
