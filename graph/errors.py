"""One error hierarchy for the whole project.

Library code raises these; only the edges (CLI, dashboard alerts) turn them into
messages for people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "PtgraphError",
    "Problem",
    "PackageInvalid",
    "PackageNotFound",
    "StoreError",
    "StoreUnavailable",
    "QueryRefused",
    "QueryFailed",
    "NodeNotFound",
    "LoadFailed",
    "ReviewAlreadyLoaded",
    "field_problem",
]


class PtgraphError(Exception):
    """Base class of every error ptgraph raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a review package, with where it is."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class PackageInvalid(PtgraphError):
    """A review package has one or more problems; all of them are listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class PackageNotFound(PtgraphError):
    """No review package at the given path or built-in name."""


class StoreError(PtgraphError):
    """The graph store failed to do what was asked."""


class StoreUnavailable(StoreError):
    """The graph store could not be started or reached."""


class QueryRefused(StoreError):
    """The database refused a query, e.g. a write in read-only mode."""


class QueryFailed(StoreError):
    """A query was sent but failed (syntax, timeout, runtime error)."""


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
    message = str(err["msg"]).removeprefix("Value error, ")
    return message[0].lower() + message[1:]
