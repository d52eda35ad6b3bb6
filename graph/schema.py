"""The graph's public data contract: labels, relationship types and vocabularies.

Cypher files may only use labels and relationship types listed here (a test checks
this), so the schema in docs/schema.md, this module and the queries cannot drift.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "Label",
    "Rel",
    "Role",
    "ROLE_REL",
    "CONCEPT_KINDS",
    "CONCEPT_LABEL",
    "OUTCOME_LEVELS",
    "EVIDENCE_SOURCES",
    "EVIDENCE_KINDS",
    "MECHANISM_KINDS",
    "ID_SEPARATOR",
    "global_id",
    "local_id",
]


class Label(StrEnum):
    REVIEW = "Review"
    PROGRAMME_THEORY = "ProgrammeTheory"
    CMOC = "CMOC"
    CONTEXT = "Context"
    MECHANISM = "Mechanism"
    OUTCOME = "Outcome"
    EVIDENCE = "Evidence"
    CASE_SITE = "CaseSite"
    SERVICE_MODEL = "ServiceModel"
    FRAMEWORK_COMPONENT = "FrameworkComponent"
    FORMAL_THEORY = "FormalTheory"
    REFERENCE = "Reference"
    NOTE = "Note"


class Rel(StrEnum):
    HAS_CMOC = "HAS_CMOC"
    HAS_CONTEXT = "HAS_CONTEXT"
    HAS_MECHANISM = "HAS_MECHANISM"
    HAS_RESOURCE = "HAS_RESOURCE"
    HAS_RESPONSE = "HAS_RESPONSE"
    HAS_OUTCOME = "HAS_OUTCOME"
    LEADS_TO = "LEADS_TO"
    SUPPORTS = "SUPPORTS"
    CHALLENGES = "CHALLENGES"
    FROM_SITE = "FROM_SITE"
    CITES = "CITES"
    IN_DOMAIN = "IN_DOMAIN"
    INFORMED_BY = "INFORMED_BY"
    REFINES = "REFINES"
    SPANS = "SPANS"
    USES_MODEL = "USES_MODEL"
    ABOUT = "ABOUT"


class Role(StrEnum):
    """The place a concept takes in one CMOC."""

    CONTEXT = "context"
    MECHANISM = "mechanism"  # an undivided mechanism, when a review does not split it
    RESOURCE = "resource"
    RESPONSE = "response"
    OUTCOME = "outcome"


ROLE_REL = {
    Role.CONTEXT: Rel.HAS_CONTEXT,
    Role.MECHANISM: Rel.HAS_MECHANISM,
    Role.RESOURCE: Rel.HAS_RESOURCE,
    Role.RESPONSE: Rel.HAS_RESPONSE,
    Role.OUTCOME: Rel.HAS_OUTCOME,
}

# The split kinds in causal order, one column each in a layered drawing; an undivided
# mechanism stands where the resource does (it is the whole mechanism).
CONCEPT_KINDS = ("context", "resource", "response", "outcome")
MECHANISM_KINDS = ("mechanism", "resource", "response")
CONCEPT_LABEL = {
    Role.CONTEXT: Label.CONTEXT,
    Role.MECHANISM: Label.MECHANISM,
    Role.RESOURCE: Label.MECHANISM,
    Role.RESPONSE: Label.MECHANISM,
    Role.OUTCOME: Label.OUTCOME,
}
OUTCOME_LEVELS = ("proximal", "intermediate", "distal")
# RECO's source types; a review declares its own in review.yaml (``source_types``).
EVIDENCE_SOURCES = ("literature", "staff", "service_user", "carer")
EVIDENCE_KINDS = ("quote", "focus_group", "literature", "document", "observation", "survey")

ID_SEPARATOR = ":"


def global_id(review: str, local: str) -> str:
    """Database id of a package item: unique across reviews in one database.

    >>> global_id("reco", "pt1")
    'reco:pt1'
    """
    return f"{review}{ID_SEPARATOR}{local}"


def local_id(gid: str) -> str:
    """The package's own id back from a database id.

    >>> local_id("reco:pt1")
    'pt1'
    """
    return gid.split(ID_SEPARATOR, 1)[-1]
