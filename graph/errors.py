"""One error hierarchy for the whole project.

Library code raises these; only the edges (CLI, dashboard alerts) turn them into
messages for people.
"""

from __future__ import annotations

from dataclasses import dataclass

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


class NodeNotFound(PtgraphError):
    """No concept matches the given name."""
