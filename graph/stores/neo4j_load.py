"""A load into Neo4j as one explicit write transaction that survives transient errors.

A load runs the caller's statements one by one inside :meth:`Store.atomic`, so the driver's
managed-transaction retry (which re-runs a whole function) cannot wrap it. Instead every
statement and the rows it returned are logged; when the server reports a transient error
(a deadlock with another writer, a leader change in a cluster), the transaction is rolled
back, a new one replays the log (checking that every statement returns what it returned
the first time, so the caller's decisions still hold), and the failed step is tried again.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from graph.errors import LoadFailed, StoreError
from graph.stores.store import Runner
from graph.stores.values import plain

__all__ = ["LoadTransaction", "record_row", "ATTEMPTS"]

ATTEMPTS = 6
_BACKOFF_S = 0.1
_OUT_OF_MEMORY = "MemoryPoolOutOfMemoryError"  # "transient", but the same load fails again
T = TypeVar("T")


def record_row(record: neo4j.Record) -> dict[str, Any]:
    """One driver record as a dict of plain values."""
    return {key: plain(value) for key, value in record.items()}


def _same_rows(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    """The same rows in any order (a statement without ORDER BY may return them shuffled).

    >>> _same_rows([{"n": 1}, {"n": 2}], [{"n": 2}, {"n": 1}])
    True
    """
    return sorted(map(repr, a)) == sorted(map(repr, b))


class LoadTransaction(Runner):
    """The runner a Neo4j load writes through; nothing lands until :meth:`commit`."""

    def __init__(self, open_session: Callable[[], neo4j.Session],
                 translate: Callable[[Exception], StoreError]):
        self._open, self._translate = open_session, translate
        self._log: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = []
        self._session: neo4j.Session | None = None
        self._tx: neo4j.Transaction | None = None
        self.retries = 0
        self._retrying(lambda: None)  # begins the transaction

    def run_text(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        values = params or {}
        rows = self._retrying(lambda: self._rows(text, values))
        self._log.append((text, values, rows))
        return rows

    def commit(self) -> None:
        self._retrying(lambda: self._transaction().commit())

    def close(self) -> None:
        """Roll back whatever was not committed and release the connection."""
        with contextlib.suppress(Neo4jError, DriverError, OSError):
            if self._tx is not None and not self._tx.closed():
                self._tx.close()
            if self._session is not None:
                self._session.close()
        self._tx = self._session = None

    def _transaction(self) -> neo4j.Transaction:
        assert self._tx is not None
        return self._tx

    def _rows(self, text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [record_row(r) for r in self._transaction().run(text, params)]

    def _retrying(self, step: Callable[[], T]) -> T:
        failures = 0
        while True:
            try:
                if self._tx is None:
                    self._begin()
                return step()
            except (Neo4jError, DriverError, OSError) as e:
                failures += 1
                self.close()
                retryable = (isinstance(e, Neo4jError | DriverError) and e.is_retryable()
                             and _OUT_OF_MEMORY not in str(getattr(e, "code", "")))
                if not retryable or failures >= ATTEMPTS:
                    raise LoadFailed(f"load failed and was undone: {self._translate(e)}") from e
                self.retries += 1
                time.sleep(_BACKOFF_S * 2 ** failures)

    def _begin(self) -> None:
        """A fresh transaction with every statement so far run again, as it ran before."""
        self._session = self._open()
        self._tx = self._session.begin_transaction()
        for text, params, rows in self._log:
            if not _same_rows(self._rows(text, params), rows):
                self.close()
                raise LoadFailed("load failed and was undone: the database changed under the load "
                                 "while it was retried after a transient error; load again")
