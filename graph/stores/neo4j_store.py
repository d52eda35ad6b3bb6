"""The Neo4j store, through the official ``neo4j`` driver.

Configured by NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE or the CLI's
--uri/--user/--database. ``neo4j://`` and ``neo4j+s://`` URIs route across a cluster
(Aura included): reads go to readers, writes to the leader.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import neo4j
from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable

from graph.errors import QueryFailed, QueryRefused, StoreUnavailable
from graph.schema import Label
from graph.stores.store import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_MS, QueryResult, Runner, Store, limited
from graph.stores.values import link_ends, plain

__all__ = ["Neo4jStore", "settings_from_env"]

_WRITE_REFUSED = ("AccessMode", "Forbidden", "not allowed")


def settings_from_env() -> dict[str, str | None]:
    """Connection settings from the standard NEO4J_* variables."""
    return {
        "uri": os.environ.get("NEO4J_URI"),
        "user": os.environ.get("NEO4J_USERNAME", "neo4j"),
        "password": os.environ.get("NEO4J_PASSWORD", ""),
        "database": os.environ.get("NEO4J_DATABASE") or None,
    }


class _TxRunner(Runner):
    def __init__(self, tx: Any):
        self._tx = tx

    def run_text(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return [{k: plain(v) for k, v in r.items()} for r in self._tx.run(text, params or {})]


class Neo4jStore(Store):
    kind = "neo4j"

    def __init__(self, uri: str, user: str = "neo4j", password: str = "", database: str | None = None):
        self.uri, self.database = uri, database
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
            self._driver.verify_connectivity()
        except (Neo4jError, ServiceUnavailable, ValueError, OSError) as e:
            raise StoreUnavailable(f"cannot connect to Neo4j at {uri}: {e}") from e

    def describe(self) -> str:
        return f"Neo4j at {self.uri}, database '{self.database or 'default'}'"

    def _session(self, mode: str) -> neo4j.Session:
        return self._driver.session(database=self.database, default_access_mode=mode)

    def run_text(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        try:
            with self._session(neo4j.WRITE_ACCESS) as session:
                return session.execute_write(lambda tx: _TxRunner(tx).run_text(text, params))
        except Neo4jError as e:
            raise QueryFailed(e.message or str(e)) from e

    def ensure_schema(self) -> None:
        for label in Label:
            self.run("neo4j/create_id_constraint", Label=label)
            self.run("neo4j/create_review_index", Label=label)

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
        query: Any = neo4j.Query(text, timeout=timeout)

        def work(tx: neo4j.ManagedTransaction) -> QueryResult:
            result = tx.run(query, params or {})
            rows, truncated = limited(({k: plain(v) for k, v in r.items()} for r in result), limit)
            counters = result.consume().counters
            stats = {k: v for k, v in vars(counters).items() if isinstance(v, int) and v and k[0] != "_"}
            return QueryResult(list(result.keys()), link_ends(rows), truncated, stats)

        try:
            with self._session(neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS) as session:
                return session.execute_write(work) if write else session.execute_read(work)
        except ClientError as e:
            if not write and any(marker in (e.code or "") + (e.message or "") for marker in _WRITE_REFUSED):
                raise QueryRefused("the database refused to write: the query is read-only") from e
            raise QueryFailed(e.message or str(e)) from e
        except Neo4jError as e:
            raise QueryFailed(e.message or str(e)) from e

    @contextlib.contextmanager
    def atomic(self, review: str) -> Iterator[Runner]:
        with self._session(neo4j.WRITE_ACCESS) as session, session.begin_transaction() as tx:
            yield _TxRunner(tx)
            tx.commit()

    def change_token(self) -> str:
        counts = self.run("count_nodes")[0]
        return f"{counts['nodes']}:{counts['relationships']}"

    def close(self) -> None:
        self._driver.close()
