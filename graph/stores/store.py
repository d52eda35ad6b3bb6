"""The store interface shared by loaders, CLI and dashboard.

Two implementations: :class:`graph.stores.falkor_store.FalkorStore` (embedded default) and
:class:`graph.stores.neo4j_store.Neo4jStore`. Code above this layer names statements from the
``cypher/`` catalog; only user queries (the console, ``ptgraph query``) arrive as text.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

import cypher

__all__ = ["Store", "QueryResult", "Runner", "DEFAULT_ROW_LIMIT", "DEFAULT_TIMEOUT_MS", "reads_only"]

DEFAULT_ROW_LIMIT = 1000
DEFAULT_TIMEOUT_MS = 10_000
_READ_VERBS = ("get_", "list_", "count_", "ping_")  # catalog names are verb_noun


def reads_only(name: str) -> bool:
    """Whether catalog statement ``name`` only reads (its verb says so; saved queries all read).

    >>> reads_only("get_theory"), reads_only("neo4j/create_id_constraint")
    (True, False)
    >>> reads_only("neo4j/list_schema_names"), reads_only("saved/list_speaker_quotes")
    (True, True)
    """
    return name.startswith("saved/") or name.rsplit("/", 1)[-1].startswith(_READ_VERBS)


@dataclass
class QueryResult:
    """Rows of plain Python values; nodes and relationships become dicts.

    A relationship's ``_source``/``_target`` is its end node's ``id`` wherever the result holds
    that node (see :func:`graph.stores.values.link_ends`), on either store.
    """

    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = False
    stats: dict[str, Any] = field(default_factory=dict)


class Runner(ABC):
    """Something that runs catalog statements: a store, or a load transaction."""

    @abstractmethod
    def run_text(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one statement the project wrote (never user input)."""

    def run(self, name: str, params: dict[str, Any] | None = None, **slots: str) -> list[dict[str, Any]]:
        """Run the catalog statement ``name`` with schema ``slots`` filled in."""
        return self.run_text(cypher.statement(name, **slots), params or {})


class Store(Runner):
    """A graph database ptgraph can load into and query."""

    kind: str = "store"

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create the id constraints and indexes (idempotent)."""

    @abstractmethod
    def query(
        self,
        text: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        limit: int | None = DEFAULT_ROW_LIMIT,
        timeout_ms: int | None = DEFAULT_TIMEOUT_MS,
    ) -> QueryResult:
        """Run a user's Cypher. Read-only unless ``write``, enforced by the database.

        Implementations are decorated with :func:`graph.queries.user_query`: the text is checked
        (nesting, length, and on read-only paths nothing that reaches outside the graph), a
        read-only query gets ``LIMIT limit + 1``, ``timeout_ms`` is bounded (None: 300 s; 0:
        refused), and database errors come back as one plain sentence.
        """

    @abstractmethod
    def atomic(self, review: str) -> AbstractContextManager[Runner]:
        """All statements run through the yielded runner land together or not at all."""

    def writes(self, what: str = "write") -> AbstractContextManager[None]:
        """Group several write statements run on the store itself (not a load's runner).

        The embedded store runs each write statement under the graph's write lock and saves
        after it; inside this scope the lock is taken once and the store saved once, at the end.
        Elsewhere each statement stays its own transaction.
        """
        return nullcontext()

    @abstractmethod
    def change_token(self) -> str:
        """A value that changes whenever the database content changes."""

    @abstractmethod
    def close(self) -> None:
        """Release connections (and the embedded server lease)."""

    def describe(self) -> str:
        return self.kind

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def limited(rows: Iterator[dict[str, Any]], limit: int | None) -> tuple[list[dict[str, Any]], bool]:
    """The first ``limit`` rows, and whether there were more."""
    out: list[dict[str, Any]] = []
    for row in rows:
        if limit is not None and len(out) >= limit:
            return out, True
        out.append(row)
    return out, False
