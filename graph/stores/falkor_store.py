"""The embedded default store: FalkorDB through the ``falkordb`` client (RESP, not Bolt)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB

from graph.errors import LoadFailed, QueryFailed, QueryRefused, StoreError, StoreUnavailable
from graph.queries import user_query
from graph.schema import Label
from graph.stores import embedded
from graph.stores.store import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_MS, QueryResult, Runner, Store, limited
from graph.stores.values import link_ends, plain

__all__ = ["FalkorStore", "DEFAULT_GRAPH"]

DEFAULT_GRAPH = "ptgraph"
_READ_ONLY_REFUSAL = "to be executed only on read-only queries"
_ALREADY_INDEXED = ("already indexed", "already exists")


class FalkorStore(Store):
    """A graph on the embedded server (started if needed) or on a given FalkorDB."""

    kind = "embedded"

    def __init__(self, graph: str | None = None, *, host: str | None = None, port: int | None = None,
                 home: Path | None = None):
        self._owns_lease = host is None
        self._home = home
        if self._owns_lease:
            info = embedded.acquire(home)
            host, port = info.host, info.port
        self.graph_name = graph or os.environ.get("PTGRAPH_GRAPH", DEFAULT_GRAPH)
        self.address = f"{host}:{port}"
        try:
            self._db = FalkorDB(host=host, port=port)
            self._graph = self._db.select_graph(self.graph_name)
            self._redis: redis.Redis = self._db.connection
        except redis.RedisError as e:
            raise StoreUnavailable(f"cannot reach FalkorDB at {self.address}: {e}") from e
        _recover_interrupted_load(self._redis, self.graph_name)
        self._ensure_graph()

    def _ensure_graph(self) -> None:
        # Read-only queries fail on a graph that does not exist yet; an empty one reads fine.
        if not self._exists():
            self.run("ping_graph")

    def describe(self) -> str:
        return f"embedded FalkorDB at {self.address}, graph '{self.graph_name}'"

    def run_text(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return _rows(self._execute(text, params, read_only=False))

    def ensure_schema(self) -> None:
        for label in Label:
            for name in ("create_id_index", "create_review_index"):
                try:
                    self.run(name, Label=label)
                except QueryFailed as e:
                    if not any(marker in str(e) for marker in _ALREADY_INDEXED):
                        raise

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
        result = self._execute(text, params, read_only=not write, timeout_ms=timeout_ms)
        rows, truncated = limited(iter(_rows(result)), limit)
        columns = [str(h[1]) for h in (result.header or [])]
        if write:
            self._bump()
        return QueryResult(columns, link_ends(rows), truncated, _stats(result))

    def _execute(self, text: str, params: dict[str, Any] | None, *, read_only: bool,
                 timeout_ms: int | None = None) -> Any:
        try:
            if read_only:
                return self._graph.ro_query(text, params or None, timeout=timeout_ms)
            return self._graph.query(text, params or None, timeout=timeout_ms)
        except redis.ResponseError as e:
            if "empty key" in str(e) and read_only:
                self._ensure_graph()
                return self._execute(text, params, read_only=True, timeout_ms=timeout_ms)
            if _READ_ONLY_REFUSAL in str(e):
                raise QueryRefused("the database refused to write: the query is read-only") from e
            raise QueryFailed(str(e)) from e
        except redis.RedisError as e:
            raise StoreUnavailable(f"lost the embedded server at {self.address}: {e}") from e

    @contextlib.contextmanager
    def atomic(self, review: str) -> Iterator[Runner]:
        with _snapshot(self._redis, self.graph_name):
            yield self
        self._bump()

    def _bump(self) -> None:
        self._redis.incr(f"ptgraph:version:{self.graph_name}")

    def change_token(self) -> str:
        """O(1): the server's write counter, its run id and ptgraph's own version counter.

        ``rdb_changes_since_last_save`` counts every write to the server (any graph, any
        client, a property-only edit included) and never a read; a save resets it, so the
        time of the last save is part of the token, and a restart changes ``run_id``.
        """
        try:
            pipe = self._redis.pipeline(transaction=False)
            pipe.info("server", "persistence")
            pipe.get(f"ptgraph:version:{self.graph_name}")
            info, version = pipe.execute()
        except redis.RedisError as e:
            raise StoreUnavailable(f"lost the embedded server at {self.address}: {e}") from e
        return (f"{info['run_id']}:{info['rdb_last_save_time']}:{info['rdb_changes_since_last_save']}:"
                f"{_text(version or '0')}")

    def _exists(self) -> bool:
        return bool(self._redis.exists(self.graph_name))

    def drop(self) -> None:
        """Delete the whole graph (tests and `--replace` of the last review use it)."""
        if self._exists():
            self._graph.delete()
        self._bump()

    def close(self) -> None:
        with contextlib.suppress(redis.RedisError):
            self._redis.close()
        if self._owns_lease:
            self._owns_lease = False
            embedded.release(self._home)


def _rows(result: Any) -> list[dict[str, Any]]:
    header = [str(h[1]) for h in (result.header or [])]
    return [dict(zip(header, (plain(v) for v in row), strict=True)) for row in result.result_set]


def _stats(result: Any) -> dict[str, Any]:
    names = ("nodes_created", "nodes_deleted", "relationships_created",
             "relationships_deleted", "properties_set", "labels_added")
    return {n: getattr(result, n) for n in names if getattr(result, n, 0)}


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _marker(graph: str) -> str:
    return f"ptgraph:load:{graph}"


@contextlib.contextmanager
def _snapshot(conn: redis.Redis, graph: str) -> Iterator[None]:
    """Copy the graph before a load and put the copy back if the load fails.

    A marker key names the copy, so a load killed part way is undone by the next
    process that opens the store (see :func:`_recover_interrupted_load`).
    """
    backup = f"{graph}__before_load"
    existed = bool(conn.exists(graph))
    if not conn.set(_marker(graph), f"{os.getpid()}:{backup}:{int(existed)}", nx=True):
        raise StoreError(f"another load into graph '{graph}' is in progress")
    try:
        if existed:
            conn.execute_command("GRAPH.COPY", graph, backup)
        yield
    except BaseException as e:
        _restore(conn, graph, backup, existed)
        if isinstance(e, StoreError | redis.RedisError):
            raise LoadFailed(f"load failed and was undone: {e}") from e
        raise
    else:
        if existed:
            conn.execute_command("GRAPH.DELETE", backup)
        conn.delete(_marker(graph))


def _restore(conn: redis.Redis, graph: str, backup: str, existed: bool) -> None:
    if conn.exists(graph):
        conn.execute_command("GRAPH.DELETE", graph)
    if existed:
        conn.execute_command("GRAPH.COPY", backup, graph)
        conn.execute_command("GRAPH.DELETE", backup)
    conn.delete(_marker(graph))


def _recover_interrupted_load(conn: redis.Redis, graph: str) -> None:
    marker = conn.get(_marker(graph))
    if not marker:
        return
    pid, backup, existed = _text(marker).split(":")
    if pid.isdigit() and embedded._alive(int(pid)) and int(pid) != os.getpid():
        return  # a load is still running in another process
    _restore(conn, graph, backup, existed == "1")
