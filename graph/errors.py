"""One error hierarchy for the whole project.

Library code raises these; only the edges (CLI, dashboard alerts) turn them into
messages for people.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "PtgraphError",
    "Problem",
    "PackageInvalid",
    "PackageNotFound",
    "StoreError",
    "StoreUnavailable",
    "StoreMisconfigured",
    "AuthFailed",
    "PermissionDenied",
    "DatabaseNotFound",
    "QueryRefused",
    "QueryNotAllowed",
    "MissingParameters",
    "QueryTimedOut",
    "QueryFailed",
    "NodeNotFound",
    "LoadFailed",
    "ReviewAlreadyLoaded",
    "field_problem",
    "grouped_problems",
    "ImportInvalid",
    "GROUP_AT",
]

GROUP_AT = 3  # this many problems of one kind in one file are shown as one line


class PtgraphError(Exception):
    """Base class of every error ptgraph raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a review package or table, with where it is.

    ``unit`` is what ``line`` counts: a file's lines, or a table's rows (as a spreadsheet
    numbers them, the header being row 1). ``subject`` is the id the message is about, so
    the same mistake on many items can be told once.
    """

    file: str
    line: int | None
    message: str
    subject: str = field(default="", compare=False)
    unit: str = field(default="line", compare=False)

    def __str__(self) -> str:
        if not self.line:
            return f"{self.file}: {self.message}"
        if self.unit == "row":
            return f"{self.file}, row {self.line}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"

    @property
    def kind(self) -> str:
        """The message with its subject left out: what the same mistake elsewhere would say."""
        text = self.message.replace(f"{self.subject}: ", "").replace(f" {self.subject}:", "") \
            if self.subject else self.message
        return re.sub(r"\(first at [^)]*\)", "", text).strip()


def _ranges(numbers: list[int], shown: int = 6) -> str:
    """``2-5, 9`` from [2, 3, 4, 5, 9]; past ``shown`` spans, how many more there are.

    >>> _ranges([9, 2, 3, 4, 5, 12, 13])
    '2-5, 9, 12-13'
    >>> _ranges(list(range(1, 40, 2)))
    '1, 3, 5, 7, 9, 11 and 14 more'
    """
    spans: list[list[int]] = []
    for n in sorted(set(numbers)):
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    text = ", ".join(f"{a}-{b}" if b > a else str(a) for a, b in spans[:shown])
    return text + (f" and {len(spans) - shown} more" if len(spans) > shown else "")


def grouped_problems(problems: list[Problem], at: int = GROUP_AT) -> list[str]:
    """One line per problem, except that one mistake repeated in a file is told once.

    >>> ps = [Problem("t.csv", n, "missing the outcome", unit="row") for n in range(2, 742)]
    >>> grouped_problems(ps + [Problem("t.csv", 9, "unknown source 'x'", unit="row")])
    ['t.csv: 740 rows: missing the outcome (rows 2-741)', "t.csv, row 9: unknown source 'x'"]
    """
    groups: dict[tuple[str, str], list[Problem]] = defaultdict(list)
    for p in problems:
        groups[(p.file, p.kind)].append(p)
    lines: list[tuple[tuple[str, int], str]] = []
    for (file, kind), members in groups.items():
        first = min(members, key=lambda p: p.line or 0)
        if len(members) < at:
            lines += [((file, p.line or 0), str(p)) for p in members]
            continue
        unit = first.unit
        numbers = [p.line for p in members if p.line]
        where = f" ({unit}s {_ranges(numbers)})" if numbers else ""
        subjects = [p.subject for p in members if p.subject]
        example = f"; e.g. {', '.join(subjects[:2])}" if subjects and unit != "row" else ""
        counted = f"{len(members)} {'rows' if unit == 'row' else 'entries'}"
        lines.append(((file, first.line or 0), f"{file}: {counted}: {kind}{where}{example}"))
    return [text for _, text in sorted(lines, key=lambda item: item[0])]


class PackageInvalid(PtgraphError):
    """A review package has one or more problems; all of them are listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class ImportInvalid(PackageInvalid):
    """A table to import has problems (rows, columns, mapping); nothing was written."""


class PackageNotFound(PtgraphError):
    """No review package at the given path or built-in name."""


class StoreError(PtgraphError):
    """The graph store failed to do what was asked."""


class StoreUnavailable(StoreError):
    """The graph store could not be started or reached."""


class StoreMisconfigured(StoreError):
    """The store's settings cannot work, e.g. a URI that is not a Neo4j URI."""


class AuthFailed(StoreError):
    """The database refused the user name or password (not a read-only refusal)."""


class PermissionDenied(StoreError):
    """The database knows the user but does not allow what was asked."""


class DatabaseNotFound(StoreError):
    """The server has no database of the configured name."""


class QueryRefused(StoreError):
    """The database refused a query, e.g. a write in read-only mode."""


class QueryNotAllowed(QueryRefused):
    """ptgraph did not send a query: too long or deep to read safely, or reaching outside the graph."""


class QueryFailed(StoreError):
    """A query was sent but failed (syntax, timeout, runtime error)."""


class MissingParameters(QueryFailed):
    """A query uses ``$parameters`` that were given no value (``names``, in order of use)."""

    def __init__(self, message: str, names: list[str]):
        super().__init__(message)
        self.names = names


class QueryTimedOut(QueryFailed):
    """The database stopped a query at its time limit."""


class LoadFailed(StoreError):
    """A load stopped part way; the review was left as it was before."""


class ReviewAlreadyLoaded(StoreError):
    """A package's review id is loaded with other content, and replacing it was not asked for."""


class NodeNotFound(PtgraphError):
    """No concept matches the given name."""


def field_problem(err: Any) -> str:
    """What is wrong with one field, in words, from one pydantic error.

    >>> field_problem({"type": "extra_forbidden", "msg": "Extra inputs are not permitted"})
    'is not a known field (typo?)'
    >>> field_problem({"type": "value_error", "msg": "Value error, Unknown stage 'final'"})
    "unknown stage 'final'"
    """
    if err["type"] == "missing":
        return "is required but missing"
    if err["type"] == "extra_forbidden":
        return "is not a known field (typo?)"
    if err["type"] == "string_pattern_mismatch":
        return ("ids may use lower-case letters, digits, '.', '_' and '-', and start with a letter or "
                f"digit (got {err.get('input')!r})")
    if err["type"] in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        return f"must be one of {expected} (got {err.get('input')!r})"
    message = str(err["msg"]).removeprefix("Value error, ")
    return message[0].lower() + message[1:]
