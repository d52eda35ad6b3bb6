"""Domain models of a review package, validated with pydantic.

Ids here are the package's own (``pt1``); the store prefixes them with the review id.
Every model forbids unknown fields so that a typo in a hand-written file is reported
rather than silently dropped.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_serializer,
    field_validator,
    model_validator,
)

from graph.schema import EVIDENCE_KINDS, Role

__all__ = [
    "Review",
    "Term",
    "Theory",
    "Concept",
    "Element",
    "CMOC",
    "Evidence",
    "CaseSite",
    "ServiceModel",
    "FrameworkComponent",
    "FormalTheory",
    "Reference",
    "Note",
    "ConceptMerge",
    "ConceptLink",
    "unstorable",
    "TEXT_SCREENED",
]

Id = str
ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
ID_RULE = "ids may use lower-case letters, digits, '.', '_' and '-', and start with a letter or digit"
EvidenceKind = Literal["quote", "focus_group", "literature", "document", "observation", "survey"]
QUOTE_KINDS = ("quote", "focus_group")
CITED_KINDS = ("literature", "document")
Stage = Literal["draft", "initial", "refined"]
Polarity = Literal["positive", "negative"]
Level = Literal["proximal", "intermediate", "distal"]


def _lenient(info: ValidationInfo) -> bool:
    """True when an item that failed its field checks is re-read only for its references."""
    return bool(info.context and info.context.get("lenient"))


# Validation context of an item whose whole file a reader has already screened for unstorable
# text (its escapes or characters): checking each item again would cost ~5 % of a large read.
TEXT_SCREENED = "text_screened"  # the context key: context={TEXT_SCREENED: True}


# A NUL ends a string inside FalkorDB, and a lone surrogate is half a character no driver can
# send; a number past 64 bits would be cut to fit (Int64 refuses it).
_UNSTORABLE_TEXT = re.compile("[\x00\ud800-\udfff]")
_SUSPECT_REPR = re.compile(r"\\x00|\\ud[89a-f]")  # how they look in repr(): a quick screen
INT64 = (-(2**63), 2**63 - 1)
Int64 = Annotated[int, Field(ge=INT64[0], le=INT64[1])]


def unstorable(value: Any, where: str) -> str | None:
    r"""Why text in ``value`` (a field's raw value, ``where`` naming it) cannot be stored, or None.

    >>> print(unstorable([{"wording": "a\x00b"}], "field 'context'"))
    field 'context' → item 1 → wording holds a NUL character (\0), which the stores cannot keep: remove it
    >>> unstorable({"a": ["fine"]}, "field 'x'") is None
    True
    """
    if isinstance(value, str):
        found = _UNSTORABLE_TEXT.search(value)
        if found is None:
            return None
        what = "a NUL character (\\0)" if found.group() == "\x00" else \
            f"a lone surrogate (U+{ord(found.group()):04X}, half of a character)"
        return f"{where} holds {what}, which the stores cannot keep: remove it"
    parts = value.items() if isinstance(value, dict) else \
        ((f"item {n}", v) for n, v in enumerate(value, 1)) if isinstance(value, list | tuple) else ()
    for key, inner in parts:
        problem = unstorable(key, f"{where} → a key") or unstorable(inner, f"{where} → {key}")
        if problem:
            return problem
    return None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, allow_inf_nan=False)
    _nested: ClassVar[bool] = False  # only ever inside another model, which checks its text

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any, info: ValidationInfo) -> Any:
        """Refuse text no store can keep, naming the field (not for placeholders)."""
        if not isinstance(data, dict) or cls._nested or (info.context and (
                info.context.get("lenient") or info.context.get(TEXT_SCREENED))):
            return data
        if _SUSPECT_REPR.search(repr(data)):
            for key, value in data.items():
                problem = unstorable(value, f"field '{key}'")
                if problem:
                    raise ValueError(problem)
        return data


class _Item(_Model):
    id: Id = Field(pattern=ID_PATTERN, description="unique within the package")
    name: str = Field(min_length=1)


class Term(_Model):
    """One word of a review's own vocabulary: a participant role, a source type, a framework."""

    _nested: ClassVar[bool] = True

    id: Id = Field(pattern=ID_PATTERN)
    name: str = ""
    description: str = ""

    @property
    def label(self) -> str:
        return self.name or self.id.replace("_", " ").replace("-", " ").capitalize()


class Review(_Item):
    citation: str = ""
    license: str = ""
    source: str = ""
    description: str = ""
    roles: list[Term] = []
    source_types: list[Term] = []
    frameworks: list[Term] = []
    attributes: list[Term] = []
    abbreviations: dict[str, str] = Field(default_factory=dict, description="the review's own glossary")

    @field_validator("abbreviations", mode="before")
    @classmethod
    def _terms_only(cls, value: object) -> object:
        """A mapping without the reader's line markers; 'TERM: meaning' strings (how the stores
        keep it, and how a package written back from a store has it) are read as the same mapping."""
        if isinstance(value, list):
            pairs = [str(entry).partition(":") for entry in value]
            return {term.strip(): meaning.strip() for term, _, meaning in pairs}
        if isinstance(value, dict):
            return {k: v for k, v in value.items() if not str(k).startswith("__")}
        return value

    @field_serializer("abbreviations")
    def _stored_abbreviations(self, value: dict[str, str]) -> list[str]:
        """'TERM: meaning' strings, since the stores keep lists of strings but not maps."""
        return [f"{term}: {meaning}" for term, meaning in value.items()]


class Theory(_Item):
    number: Int64 | None = None
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
    aliases: list[str] = []
    same_as: list[str] = []

    @model_validator(mode="after")
    def _level_only_for_outcomes(self, info: ValidationInfo) -> Concept:
        if self.level and self.kind is not Role.OUTCOME and not _lenient(info):
            raise ValueError(f"level is only for outcomes, not a {self.kind.value}")
        return self


class Element(_Model):
    """One concept in one CMOC, with the theory's own wording for it."""

    _nested: ClassVar[bool] = True

    concept: Id
    wording: str = ""
    absent: bool = False
    level: Level | None = None


class CMOC(_Item):
    theory: Id
    source: Literal["synthesis", "case_study", "extraction"] = "synthesis"
    polarity: Polarity = "positive"
    section: str = ""
    paragraph: Int64 | None = None
    row: Int64 | None = None
    context: list[Element] = []
    mechanism: list[Element] = []
    resource: list[Element] = []
    response: list[Element] = []
    outcome: list[Element] = []
    missing: list[Role] = []
    missing_reason: str = ""
    theory_only: bool = False
    text: str = ""
    attributes: dict[str, str] = {}

    def elements(self, role: Role) -> list[Element]:
        return list(getattr(self, role.value))

    @property
    def complete(self) -> bool:
        """Context, mechanism (undivided, or both resource and response) and outcome all given."""
        mechanism = bool(self.mechanism) or bool(self.resource and self.response)
        return bool(self.context and self.outcome) and mechanism


class Evidence(_Model):
    id: Id = Field(pattern=ID_PATTERN)
    kind: EvidenceKind
    text: str = Field(min_length=1)
    speaker: str = ""
    role: Id | None = Field(default=None, pattern=ID_PATTERN)
    site: Id | None = None
    source_type: Id | None = Field(default=None, pattern=ID_PATTERN)
    section: str = ""
    paragraph: Int64 | None = None
    page: str = ""
    supports: list[Id] = []
    challenges: list[Id] = []
    cites: list[Id] = []
    note: str = ""

    @property
    def name(self) -> str:
        who = self.speaker or self.role or self.kind
        return f"{who}: {self.text[:60]}"

    @model_validator(mode="before")
    @classmethod
    def _default_source_type(cls, data: Any) -> Any:
        """A quote's source type is its speaker's role; other evidence's, its kind."""
        if isinstance(data, dict) and not data.get("source_type"):
            kind = data.get("kind")
            derived = data.get("role") if kind in QUOTE_KINDS else kind
            if kind in EVIDENCE_KINDS and derived:
                data = {**data, "source_type": derived}
        return data

    @model_validator(mode="after")
    def _attribution(self, info: ValidationInfo) -> Evidence:
        if _lenient(info):
            return self
        if self.kind in QUOTE_KINDS and not self.role:
            what = "a quote" if self.kind == "quote" else "a focus-group quote"
            raise ValueError(f"{what} needs the participant's role (role:)")
        if self.kind in CITED_KINDS and not self.cites:
            raise ValueError(f"{self.kind} evidence needs at least one reference in cites")
        if not (self.speaker or self.site or self.cites):
            raise ValueError("evidence needs to say where it comes from: a speaker, a site or a reference "
                             "in cites")
        if not (self.supports or self.challenges):
            raise ValueError("evidence must support or challenge at least one CMOC")
        return self


class ServiceModel(_Item):
    description: str = ""


class CaseSite(_Item):
    service_model: Id | None = None
    remit: str = ""
    inclusion_criteria: str = ""
    training_supervision: str = ""
    annual_cost: str = ""
    annual_cost_gbp: float | None = None
    staff: Int64 | None = None
    service_users: Int64 | None = None
    carers: Int64 | None = None


class FrameworkComponent(_Item):
    """A component (domain, dimension) of a framework the review maps its theories to."""

    framework: Id = Field(default="selfie", pattern=ID_PATTERN)
    level: str = ""
    description: str = ""
    evidenced: bool = True
    white_area: bool = False


class FormalTheory(_Item):
    scope: Literal["overall", "specific"] = "specific"
    description: str = ""


class Reference(_Model):
    id: Id = Field(pattern=ID_PATTERN)
    number: Int64 | None = None
    citation: str = Field(min_length=1)
    key: str = ""

    @property
    def name(self) -> str:
        return self.citation[:80]


class Note(_Model):
    id: Id = Field(pattern=ID_PATTERN)
    kind: Literal["inconsistency", "rigour", "curation"]
    about: list[Id] = Field(min_length=1)
    text: str = Field(min_length=1)
    section: str = ""
    paragraph: Int64 | None = None

    @property
    def name(self) -> str:
        return f"{self.kind}: {self.text[:60]}"


class ConceptMerge(_Model):
    """Two wordings of one idea: ``concept`` is folded into ``into`` (merges.csv).

    Every CMOC element keeps its own wording; ``name`` renames the merged concept.
    """

    concept: Id = Field(pattern=ID_PATTERN)
    into: Id = Field(pattern=ID_PATTERN)
    name: str = ""
    note: str = ""


class ConceptLink(_Model):
    """A concept of this review that is the same idea as a concept of another review.

    ``same_as`` is the other concept's database id (``<review>:<concept>``); stored on this
    review's concept node, so it survives reloading either review (concept_links.csv).
    """

    concept: Id = Field(pattern=ID_PATTERN)
    same_as: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*:[a-z0-9][a-z0-9._-]*$")
    note: str = ""
