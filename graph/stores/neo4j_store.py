"""The Neo4j store, through the official ``neo4j`` driver.

Configured by NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE or the CLI's
--uri/--user/--database. ``neo4j://`` and ``neo4j+s://`` URIs route across a cluster
(Aura included): reads run in READ transactions, which the driver sends to readers, and
writes in WRITE transactions, sent to the leader. Every session of one store shares a
bookmark manager, so a read right after a load sees the load on any cluster member.
Reads and catalog writes are managed transactions, which the driver retries on transient
errors (deadlocks, leader changes); a load is one explicit transaction, replayed by
:class:`graph.stores.neo4j_load.LoadTransaction` after a transient error.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

import cypher
from graph.errors import StoreError, StoreMisconfigured
from graph.queries import user_query
from graph.schema import Label
from graph.stores.neo4j_errors import URI_FORMS, translated, translating
from graph.stores.neo4j_load import LoadTransaction, record_row
from graph.stores.store import (
    DEFAULT_ROW_LIMIT,
    DEFAULT_TIMEOUT_MS,
    QueryResult,
    Runner,
    Store,
    limited,
    reads_only,
)
from graph.stores.values import link_ends

__all__ = ["Neo4jStore", "settings_from_env", "SCHEMES"]

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
RETRY_TIME_S = 15.0  # how long managed transactions retry transient errors
_NEEDS_IMPLICIT = "implicit transaction"  # CALL { ... } IN TRANSACTIONS cannot run in a managed one


def settings_from_env() -> dict[str, str | None]:
    """Connection settings from the standard NEO4J_* variables."""
    return {
        "uri": os.environ.get("NEO4J_URI"),
        "user": os.environ.get("NEO4J_USERNAME", "neo4j"),
        "password": os.environ.get("NEO4J_PASSWORD", ""),
        "database": os.environ.get("NEO4J_DATABASE") or None,
    }


class Neo4jStore(Store):
    """A Neo4j database (a local server, Neo4j Desktop, a cluster or Aura)."""

    kind = "neo4j"

    def __init__(self, uri: str, user: str = "neo4j", password: str = "", database: str | None = None):
        self.uri, self.user, self.database = uri, user, database
        if urlsplit(uri).scheme not in SCHEMES:
            raise StoreMisconfigured(f"{uri!r} is not a Neo4j URI: write {URI_FORMS}.")
        self._bookmarks = neo4j.GraphDatabase.bookmark_manager()
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri, auth=(user, password), max_transaction_retry_time=RETRY_TIME_S,
                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF)  # no stderr noise
            self._driver.verify_connectivity()  # fails fast: no retries when nothing answers
        except (Neo4jError, DriverError, ValueError, OSError) as e:
            raise translated(e, uri, user, database) from e
        try:
            self.run("ping_graph")  # reaches the database itself: does it exist, may we read it
        except StoreError:
            self._driver.close()
            raise

    def describe(self) -> str:
        return f"Neo4j at {self.uri}, database '{self.database or 'default'}'"

    def _translating(self) -> contextlib.AbstractContextManager[None]:
        return translating(self.uri, self.user, self.database)

    def _session(self, write: bool, **config: Any) -> neo4j.Session:
        return self._driver.session(database=self.database, bookmark_manager=self._bookmarks,
                                    default_access_mode=neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS,
                                    **config)

    def _managed(self, work: Callable[[neo4j.ManagedTransaction], Any], *, write: bool,
                 **config: Any) -> Any:
        with self._translating(), self._session(write, **config) as session:
            return session.execute_write(work) if write else session.execute_read(work)

    def run(self, name: str, params: dict[str, Any] | None = None, **slots: str) -> list[dict[str, Any]]:
        text = cypher.statement(name, **slots)
        return self._managed(lambda tx: _all_rows(tx, text, params), write=not reads_only(name))

    def run_text(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._managed(lambda tx: _all_rows(tx, text, params), write=True)

    def ensure_schema(self) -> None:
        """Create the id constraints and reviewId indexes that are missing (one read if none is)."""
        present = {row["name"] for row in self.run("neo4j/list_schema_names")}
        for label in Label:
            if f"ptgraph_{label}_id" not in present:
                self.run("neo4j/create_id_constraint", Label=label)
            if f"ptgraph_{label}_review" not in present:
                self.run("neo4j/create_review_index", Label=label)

    @user_query
    def query(
        self,
        text: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        limit: int | None = DEFAULT_ROW_LIMIT,
        timeout_ms: int | None = DEFAULT_TIMEOUT_MS,
    ) -> QueryResult:
        timeout = timeout_ms / 1000 if timeout_ms else None
        work = neo4j.unit_of_work(timeout=timeout)(lambda tx: _first_rows(tx.run(text, params or {}), limit))
        # The server streams one batch of limit + 1 rows; the rest is discarded on the server.
        config = {"fetch_size": limit + 1} if limit is not None else {}
        try:
            return self._managed(work, write=write, **config)
        except StoreError as e:
            if not (write and _NEEDS_IMPLICIT in str(e)):
                raise
        with self._translating(), self._session(True, **config) as session:  # a batched write
            return _first_rows(session.run(neo4j.Query(text, timeout=timeout), params or {}), limit)

    @contextlib.contextmanager
    def atomic(self, review: str) -> Iterator[Runner]:
        """One write transaction that first takes review ``review``'s lock (its Review node).

        A second load or delete of the same review waits at that first statement until this
        one commits or rolls back, and only then reads the review's state, so two loads of one
        review run one after the other; loads of different reviews do not wait for each other.
        """
        load = LoadTransaction(lambda: self._session(True),
                               lambda e: translated(e, self.uri, self.user, self.database))
        try:
            load.run("neo4j/lock_review", {"id": review})
            yield load
            load.commit()
        finally:
            load.close()

    def change_token(self) -> str:
        """The bookmark of the database's last committed transaction: O(1), any writer, any change.

        An empty read transaction returns the bookmark of the newest transaction the server
        has committed, whoever wrote it (ptgraph, the Neo4j Browser, another program), and
        reads never move it. Through ``neo4j://`` routing a lagging reader may give an older
        bookmark than the leader: the token then changes more often, never less.
        """
        text = cypher.statement("ping_graph")
        with self._translating(), self._session(False) as session:
            session.execute_read(lambda tx: tx.run(text).consume())
            return "|".join(sorted(session.last_bookmarks().raw_values))

    def close(self) -> None:
        self._driver.close()


def _all_rows(tx: neo4j.ManagedTransaction, text: str, params: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [record_row(r) for r in tx.run(text, params or {})]


def _first_rows(result: neo4j.Result, limit: int | None) -> QueryResult:
    rows, truncated = limited((record_row(r) for r in result), limit)
    counters = result.consume().counters  # discards unread rows on the server
    stats = {k: v for k, v in vars(counters).items() if not k.startswith("_") and isinstance(v, int) and v}
    return QueryResult(list(result.keys()), link_ends(rows), truncated, stats)
