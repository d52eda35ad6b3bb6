"""The CMOC extraction table: the columns ``ptgraph import`` reads, defined once.

One row per CMOC (or per CMOC and evidence item: rows with the same ``cmoc`` label are one
CMOC with several evidence items). A table written with exactly these headers imports with
no mapping; other headers are guessed from common names (:func:`guess_mapping`) or mapped
by the user. Every other column is kept as a named attribute of the row's CMOC.

An element cell with several lines states several elements, one per line; a line
``absent: <concept>`` states the concept's absence; the ``*_wording`` columns give, line by
line, the CMOC's own words for the concepts its element cells name. The columns after
``component`` (:data:`DETAIL_FIELDS`) carry what ``ptgraph export table`` writes so that a
review survives the round trip: a table that has such a column takes its cells as they
are (blank: none), one without it gets the import's defaults. Companion sheets
(:data:`COMPANION_SHEETS`: a workbook's sheets, or CSV files ``<table>.<collection>.csv``)
carry the review's theories, concepts, sites, references and notes in the package's own
columns (docs/package-format.md).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Column",
    "COLUMNS",
    "FIELDS",
    "REQUIRED",
    "guess_mapping",
    "normalise_header",
    "attribute_id",
    "EVIDENCE_KIND_WORDS",
    "MISSING_MARK",
    "LEVELS",
    "POLARITIES",
    "AUTHOR_ROLES",
    "slug",
    "short_hash",
    "framework_of",
    "text_key",
    "DETAIL_FIELDS",
    "WORDING_FIELDS",
    "ABSENT_MARK",
    "NO_LEVEL",
    "RELATIONS",
    "CMOC_SOURCES",
    "COMPANION_SHEETS",
    "REVIEW_SHEET",
    "VOCABULARY_SHEET",
    "ABBREVIATIONS_SHEET",
    "REVIEW_SHEETS",
    "companion_of_file",
    "companion_file",
    "lines",
]


@dataclass(frozen=True)
class Column:
    field: str
    description: str
    guesses: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column(
        "theory",
        "the programme theory the row belongs to (blank: 'Unassigned')",
        (
            "programme theory",
            "program theory",
            "pt",
            "theory",
            "initial programme theory",
            "ipt",
            "candidate programme theory",
            "cpt",
        ),
    ),
    Column(
        "cmoc",
        "your own label for the CMOC; rows with the same label are one CMOC",
        ("cmoc", "cmoc id", "cmo", "cmo id", "cmoc label", "configuration"),
    ),
    Column("context", "the context, as worded", ("context", "c", "contexts")),
    Column("mechanism", "the mechanism, undivided", ("mechanism", "m", "mechanisms")),
    Column(
        "resource",
        "the mechanism's resource (when split)",
        ("mechanism resource", "resource", "m resource", "intervention resource"),
    ),
    Column(
        "response",
        "the mechanism's response (when split)",
        ("mechanism response", "response", "m response", "reasoning", "reasoning response"),
    ),
    Column("outcome", "the outcome, as worded", ("outcome", "o", "outcomes")),
    Column("outcome_level", "proximal, intermediate or distal", ("outcome level", "level")),
    Column(
        "polarity",
        "positive, or negative for a disconfirming CMOC",
        ("polarity", "direction", "confirming", "confirm disconfirm"),
    ),
    Column(
        "quote",
        "the evidence, verbatim",
        (
            "quote",
            "evidence",
            "excerpt",
            "data excerpt",
            "extract",
            "supporting quote",
            "illustrative quote",
            "supporting evidence",
            "verbatim",
            "data",
        ),
    ),
    Column(
        "source",
        "the source document: a BibTeX key or a citation",
        (
            "source",
            "source document",
            "document",
            "study",
            "reference",
            "citation",
            "paper",
            "bibtex key",
            "citation key",
            "key",
            "study id",
            "author year",
        ),
    ),
    Column(
        "page",
        "where in the source: page or other locator",
        ("page", "pages", "page number", "locator", "location", "pp"),
    ),
    Column(
        "participant",
        "who said or wrote it: a participant code or the authors",
        ("participant", "speaker", "respondent", "informant", "participant id", "interviewee", "author"),
    ),
    Column(
        "role",
        "the participant's role, in the review's own words",
        (
            "role",
            "participant role",
            "speaker role",
            "stakeholder",
            "stakeholder group",
            "respondent type",
            "participant type",
            "participant group",
            "speaker group",
        ),
    ),
    Column(
        "evidence_kind",
        "quote, focus_group, document, literature, observation or survey",
        ("evidence kind", "evidence type", "data type", "kind of evidence"),
    ),
    Column(
        "source_type",
        "the source type the gap map counts the evidence by",
        ("source type", "document type", "type of source"),
    ),
    Column("site", "the case site the evidence comes from", ("site", "case site", "case study")),
    Column(
        "component",
        "the framework component (e.g. a CFIR domain) the row's theory maps to",
        (
            "framework component",
            "component",
            "domain",
            "framework domain",
            "cfir domain",
            "cfir construct",
            "selfie component",
            "selfie domain",
            "tdf domain",
            "re aim dimension",
        ),
    ),
)
_DETAILS = (
    ("context_wording", "the CMOC's own words for each context the context cell names (line by line)"),
    ("mechanism_wording", "the CMOC's own words for each mechanism (line by line)"),
    ("resource_wording", "the CMOC's own words for each resource (line by line)"),
    ("response_wording", "the CMOC's own words for each response (line by line)"),
    ("outcome_wording", "the CMOC's own words for each outcome (line by line)"),
    ("cmoc_name", "the CMOC's name (default: its elements joined by →)"),
    ("cmoc_source", "where the CMOC comes from: synthesis, case_study or extraction (default)"),
    ("cmoc_section", "where in the source the CMOC is stated (default: the table and sheet)"),
    ("cmoc_paragraph", "the paragraph of that section"),
    ("cmoc_row", "the row of the table the CMOC was first imported from (default: this row)"),
    ("cmoc_text", "the source's own sentences stating the CMOC, verbatim"),
    ("cmoc_theory_only", "yes when the source gives the CMOC as theory with no evidence behind it"),
    ("evidence_id", "the evidence item's id (rows with the same id are one item)"),
    ("relation", "supports (default) or challenges: what the evidence does to the row's CMOC"),
    ("evidence_section", "where in the source the evidence stands (default: the table and row)"),
    ("evidence_paragraph", "the paragraph of that section"),
    ("evidence_note", "a note on the evidence item (something odd about it)"),
)
COLUMNS += tuple(Column(field, description, (field.replace("_", " "),)) for field, description in _DETAILS)
FIELDS = tuple(c.field for c in COLUMNS)
DETAIL_FIELDS = tuple(field for field, _ in _DETAILS)
WORDING_FIELDS = {r: f"{r}_wording" for r in ("context", "mechanism", "resource", "response", "outcome")}
ABSENT_MARK = "absent:"  # an element line "absent: <concept>" states the concept's absence
NO_LEVEL = "-"  # an outcome_level line for an outcome without a level (beside outcomes that have one)
RELATIONS = ("supports", "challenges")
CMOC_SOURCES = ("synthesis", "case_study", "extraction")
REVIEW_SHEET = "Review"  # rows of field, value: the review's name, citation, licence, source, description
VOCABULARY_SHEET = "Vocabulary"  # rows of vocabulary (roles, source_types, frameworks, attributes), id, name
ABBREVIATIONS_SHEET = "Abbreviations"  # rows of term, meaning: the review's own glossary
REVIEW_SHEETS = (REVIEW_SHEET, VOCABULARY_SHEET, ABBREVIATIONS_SHEET)  # the review itself, not a collection
# sheet name -> the package collection it carries, in that collection's own columns
COMPANION_SHEETS = {
    "Theories": "theories",
    "Concepts": "concepts",
    "Sites": "sites",
    "Service models": "service_models",
    "Framework components": "components",
    "Formal theories": "formal_theories",
    "References": "references",
    "Notes": "notes",
}
REQUIRED = ("context", "outcome")  # and a mechanism: undivided, or resource and response
MISSING_MARK = "missing:"  # a cell "missing: <reason>" states that the element is missing
LEVELS = {
    "proximal": "proximal",
    "intermediate": "intermediate",
    "distal": "distal",
    "short-term": "proximal",
    "short term": "proximal",
    "medium-term": "intermediate",
    "medium term": "intermediate",
    "long-term": "distal",
    "long term": "distal",
}
POLARITIES = {
    "positive": "positive",
    "negative": "negative",
    "confirming": "positive",
    "disconfirming": "negative",
    "+": "positive",
    "-": "negative",
}
# The words a table may use for each evidence kind (graph.schema.EVIDENCE_KINDS).
EVIDENCE_KIND_WORDS = {
    "quote": "quote",
    "interview": "quote",
    "interview quote": "quote",
    "focus group": "focus_group",
    "focus_group": "focus_group",
    "fgd": "focus_group",
    "document": "document",
    "document excerpt": "document",
    "author text": "document",
    "authors text": "document",
    "author interpretation": "document",
    "excerpt": "document",
    "literature": "literature",
    "observation": "observation",
    "field notes": "observation",
    "survey": "survey",
    "survey free text": "survey",
    "survey free-text": "survey",
}
AUTHOR_ROLES = ("author", "authors", "author interpretation", "authors' interpretation", "study authors")


def normalise_header(header: str) -> str:
    """Lower case words only.

    >>> normalise_header("  Mechanism (Resource) ")
    'mechanism resource'
    """
    return " ".join(re.findall(r"[a-z0-9]+", header.casefold().replace("'", "")))


def attribute_id(header: str) -> str:
    """The id an extra column gets as a CMOC attribute.

    >>> attribute_id("Study design"), attribute_id("Confidence (GRADE-CERQual)")
    ('study_design', 'confidence_grade_cerqual')
    """
    return normalise_header(header).replace(" ", "_") or "column"


def framework_of(header: str) -> str | None:
    """The well-known framework a component column's header names, if any.

    >>> framework_of("CFIR domain"), framework_of("RE-AIM dimension"), framework_of("Domain")
    ('cfir', 're-aim', None)
    """
    from graph.frameworks import KNOWN_FRAMEWORKS

    words = normalise_header(header)
    for framework in KNOWN_FRAMEWORKS.values():
        for name in (framework.id, framework.name):
            if words.startswith(normalise_header(name) + " ") or words == normalise_header(name):
                return framework.id
    return None


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """``{field: header}`` guessed from the headers: exact names first, then leading words.

    >>> guess_mapping(["Programme theory", "Context (C)", "Mechanism", "Outcome", "Supporting quote",
    ...                "Study", "Page", "Confidence"])  # doctest: +NORMALIZE_WHITESPACE
    {'theory': 'Programme theory', 'mechanism': 'Mechanism', 'outcome': 'Outcome',
     'quote': 'Supporting quote', 'source': 'Study', 'page': 'Page', 'context': 'Context (C)'}
    """
    normal = {h: normalise_header(h) for h in headers if h and h.strip()}
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for exact in (True, False):
        for column in COLUMNS:
            if column.field in mapping:
                continue
            for header, words in normal.items():
                if header in taken:
                    continue
                if any(words == g if exact else words.startswith(g + " ") for g in column.guesses):
                    mapping[column.field] = header
                    taken.add(header)
                    break
    return mapping


def slug(text: str, limit: int = 60) -> str:
    """An id made from text: lower-case ASCII words joined by '-', cut at a word (never empty).

    >>> slug("Mothers “trust” the CHW — as one of their own"), slug("信任")
    ('mothers-trust-the-chw-as-one-of-their-own', 't-5d540f')
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = ""
    for word in re.findall(r"[a-z0-9]+", plain.lower()):
        if out and len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word[:limit]
    return out or f"t-{short_hash(text)}"


def short_hash(text: str) -> str:
    """Six hex digits that stay the same for the same text, in every run."""
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:6]


def text_key(text: str) -> str:
    """What makes two cells the same statement: their words, whatever the spacing and case.

    >>> text_key("  Trust in\\n the CHW ") == text_key("trust in the chw")
    True
    """
    return " ".join(text.split()).casefold()


def companion_of_file(name: str) -> str | None:
    """The companion sheet a CSV file carries, from its name ``<table>.<collection>.csv``.

    >>> companion_of_file("reco.service_models.csv"), companion_of_file("reco.review.csv")
    ('Service models', 'Review')
    >>> companion_of_file("reco.csv") is None
    True
    """
    stem = name.rsplit(".", 1)[0]
    if "." not in stem:
        return None
    suffix = stem.rsplit(".", 1)[1].casefold()
    sheets = {**{v: k for k, v in COMPANION_SHEETS.items()}, **{s.lower(): s for s in REVIEW_SHEETS}}
    return sheets.get(suffix)


def companion_file(main: Path, sheet: str) -> Path:
    """The CSV file beside a main table that carries one companion sheet.

    >>> companion_file(Path("out/reco.csv"), "Service models").as_posix()
    'out/reco.service_models.csv'
    """
    collection = COMPANION_SHEETS.get(sheet) or sheet.lower()
    return main.with_name(f"{main.stem}.{collection}.csv")


def lines(cell: str) -> list[str]:
    """The lines of a cell, each stripped; blank lines between others kept (they align columns).

    >>> lines(" a \\n\\n b \\n"), lines("")
    (['a', '', 'b'], [])
    """
    found = [line.strip() for line in cell.strip().splitlines()]
    return found if any(found) else []
