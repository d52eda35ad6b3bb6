"""Domain models of a review package, validated with pydantic.

Ids here are the package's own (``pt1``); the store prefixes them with the review id.
Every model forbids unknown fields so that a typo in a hand-written file is reported
rather than silently dropped.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer, field_validator, model_validator

from graph.schema import Role

__all__ = [
    "Review",
    "Theory",
    "Concept",
    "Element",
    "CMOC",
    "Evidence",
    "CaseSite",
    "ServiceModel",
    "SelfieDomain",
    "FormalTheory",
    "Reference",
    "Note",
]

Id = str
Stage = Literal["draft", "initial", "refined"]
Polarity = Literal["positive", "negative"]
Level = Literal["proximal", "intermediate", "distal"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class _Item(_Model):
    id: Id = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", description="unique within the package")
    name: str = Field(min_length=1)


class Review(_Item):
    citation: str = ""
    license: str = ""
    source: str = ""
    description: str = ""
    abbreviations: dict[str, str] = Field(default_factory=dict, description="the review's own glossary")

    @field_validator("abbreviations", mode="before")
    @classmethod
    def _terms_only(cls, value: object) -> object:
        """Drop the reader's line markers (``__line__``) from the mapping."""
        return {k: v for k, v in value.items() if not str(k).startswith("__")} if isinstance(value,
                                                                                             dict) else value

    @field_serializer("abbreviations")
    def _stored_abbreviations(self, value: dict[str, str]) -> list[str]:
        """'TERM: meaning' strings, since the stores keep lists of strings but not maps."""
        return [f"{term}: {meaning}" for term, meaning in value.items()]


class Theory(_Item):
    number: int | None = None
    stage: Stage = "refined"
    short_title: str = ""
    statement: str = ""
    refines: list[Id] = []
    domains: list[Id] = []
    formal_theories: list[Id] = []
    overarching_contexts: list[Id] = []


class Concept(_Item):
    kind: Role
    level: Level | None = None
    definition: str = ""
    consolidation: str = ""

    @model_validator(mode="after")
    def _level_only_for_outcomes(self) -> Concept:
        if self.level and self.kind is not Role.OUTCOME:
            raise ValueError(f"level is only for outcomes, not a {self.kind.value}")
        return self


class Element(_Model):
    """One concept in one CMOC, with the theory's own wording for it."""

    concept: Id
    wording: str = ""
    absent: bool = False
    level: Level | None = None


class CMOC(_Item):
    theory: Id
    source: Literal["synthesis", "case_study"] = "synthesis"
    polarity: Polarity = "positive"
    section: str = ""
    paragraph: int | None = None
    context: list[Element] = []
    resource: list[Element] = []
    response: list[Element] = []
    outcome: list[Element] = []
    missing: list[Role] = []
    missing_reason: str = ""
    theory_only: bool = False
    text: str = ""

    def elements(self, role: Role) -> list[Element]:
        return list(getattr(self, role.value))


class Evidence(_Model):
    id: Id = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    kind: Literal["quote", "literature"]
    text: str = Field(min_length=1)
    speaker: str = ""
    role: Literal["staff", "service_user", "carer"] | None = None
    site: Id | None = None
    section: str = ""
    paragraph: int | None = None
    supports: list[Id] = []
    challenges: list[Id] = []
    cites: list[Id] = []
    note: str = ""

    @property
    def name(self) -> str:
        who = self.speaker or "literature"
        return f"{who}: {self.text[:60]}"

    @property
    def source_type(self) -> str:
        return "literature" if self.kind == "literature" else str(self.role)

    @model_validator(mode="after")
    def _attribution(self) -> Evidence:
        if self.kind == "quote":
            missing = [f for f in ("speaker", "role", "site") if not getattr(self, f)]
            if missing:
                raise ValueError(f"a quote needs {', '.join(missing)}")
        elif not self.cites:
            raise ValueError("literature evidence needs at least one reference in cites")
        if not (self.supports or self.challenges):
            raise ValueError("evidence must support or challenge at least one CMOC")
        return self


class ServiceModel(_Item):
    description: str = ""


class CaseSite(_Item):
    service_model: Id
    remit: str = ""
    inclusion_criteria: str = ""
    training_supervision: str = ""
    annual_cost: str = ""
    annual_cost_gbp: float | None = None
    staff: int | None = None
    service_users: int | None = None
    carers: int | None = None


class SelfieDomain(_Item):
    level: str = ""
    description: str = ""
    evidenced: bool = True
    white_area: bool = False


class FormalTheory(_Item):
    scope: Literal["overall", "specific"] = "specific"
    description: str = ""


class Reference(_Model):
    id: Id = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    number: int | None = None
    citation: str = Field(min_length=1)

    @property
    def name(self) -> str:
        return self.citation[:80]


class Note(_Model):
    id: Id = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    kind: Literal["inconsistency", "rigour", "curation"]
    about: list[Id] = Field(min_length=1)
    text: str = Field(min_length=1)
    section: str = ""
    paragraph: int | None = None

    @property
    def name(self) -> str:
        return f"{self.kind}: {self.text[:60]}"
