"""The embedded default store: FalkorDB through the ``falkordb`` client (RESP, not Bolt).

A load never writes into the graph people read. It builds a staging graph (the other reviews'
content copied over, then the new review) and swaps it in with ``RENAME`` inside
``MULTI``/``EXEC``, together with the version bump and the removal of the load's marker; then
the store is saved to disk (``SAVE``). Readers see the old graph or the new one, never half; a
load killed at any point leaves a staging graph and a marker that the next store discards
without touching the live graph (see :mod:`graph.stores.staging`).

Every other write to the live graph (``query(write=True)``, a write statement through
:meth:`FalkorStore.run` or :meth:`FalkorStore.run_text`) takes the same write lock, so it
waits for a load in progress instead of landing in a graph the load's swap replaces; it is
saved before it returns. Catalog reads run read-only and never wait.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB

import cypher
from graph.errors import (
    LoadFailed,
    QueryFailed,
    QueryRefused,
    ReviewAlreadyLoaded,
    StoreError,
    StoreUnavailable,
)
from graph.queries import user_query
from graph.stores import embedded, staging
from graph.stores.store import (
    DEFAULT_ROW_LIMIT,
    DEFAULT_TIMEOUT_MS,
    QueryResult,
    Runner,
    Store,
    limited,
    reads_only,
)
from graph.stores.values import link_ends, plain

__all__ = ["FalkorStore", "DEFAULT_GRAPH", "QUERY_SOCKET_TIMEOUT_S", "STATEMENT_SOCKET_TIMEOUT_S"]

DEFAULT_GRAPH = "ptgraph"
QUERY_SOCKET_TIMEOUT_S = 330.0  # above the longest query a person may ask for (300 s)
STATEMENT_SOCKET_TIMEOUT_S = 120.0  # ptgraph's own statements: one batch, one page, one SAVE
_READ_ONLY_REFUSAL = "to be executed only on read-only queries"


class FalkorStore(Store):
    """A graph on the embedded server (started if needed) or on a given FalkorDB."""

    kind = "embedded"

    def __init__(self, graph: str | None = None, *, host: str | None = None, port: int | None = None,
                 password: str | None = None, home: Path | None = None):
        self._owns_lease = self._embedded = host is None
        self._home = home
        self.graph_name = graph or os.environ.get("PTGRAPH_GRAPH", DEFAULT_GRAPH)
        self.notices: list[str] = []  # what a person should hear about on opening (one sentence each)
        self._stale = False
        self._writing_now = False  # this store holds the graph's write lock (it is not re-entrant)
        self._dirty = False  # a write under the lock changed the graph: bump and save on release
        if self._owns_lease:
            info = embedded.acquire(home)
            host, port, password = info.host, info.port, info.password
            self.notices += filter(None, [embedded.take_incident(home)])
        try:
            self._connect(host or "127.0.0.1", port or 6379, password)
            self.notices += staging.recover(self._conn, self.graph_name)
            self._ensure_graph()
        except BaseException:
            self.close()
            raise

    def _connect(self, host: str, port: int, password: str | None) -> None:
        self.address = f"{host}:{port}"

        def client(timeout_s: float) -> FalkorDB:
            pool = redis.ConnectionPool(host=host, port=port, password=password or None,
                                        socket_timeout=timeout_s, socket_connect_timeout=10,
                                        retry=embedded.NO_RETRY, decode_responses=True)
            return FalkorDB(connection_pool=pool)

        try:
            self._db = client(QUERY_SOCKET_TIMEOUT_S)
            self._ops = client(STATEMENT_SOCKET_TIMEOUT_S)
        except redis.RedisError as e:
            raise StoreUnavailable(f"cannot reach FalkorDB at {self.address}: {e}") from e
        self._graph = self._db.select_graph(self.graph_name)
        self._redis: redis.Redis = self._db.connection
        self._conn: redis.Redis = self._ops.connection

    def _reconnect(self) -> None:
        """After losing the server: find it again (the embedded one is restarted if it died)."""
        if not self._stale:
            return
        if not self._embedded:
            raise StoreUnavailable(f"lost FalkorDB at {self.address}")
        info = embedded.reconnect(self._home)
        self._connect(info.host, info.port, info.password)
        self._stale = False
        self.notices += filter(None, [embedded.take_incident(self._home)])

    def _lost(self, e: Exception) -> StoreUnavailable:
        self._stale = True
        return StoreUnavailable(f"lost the embedded server at {self.address} ({e}); "
                                "the next command or page reconnects")

    def _ensure_graph(self) -> None:
        # Read-only queries fail on a graph that does not exist yet; an empty one reads fine.
        # (Creating an empty graph needs no lock: a load's swap may replace it, nothing is lost.)
        if not self._exists():
            self._execute(cypher.statement("ping_graph"), None, read_only=False)

    def describe(self) -> str:
        return f"embedded FalkorDB at {self.address}, graph '{self.graph_name}'"

    def available(self) -> bool:
        """True when the server answers within 2 s (reconnecting first if it was lost)."""
        try:
            self._reconnect()
            host, port = self.address.rsplit(":", 1)
            password = self._conn.connection_pool.connection_kwargs.get("password") or ""
            probe = embedded.connection(embedded.ServerInfo(0, int(port), password, host=host))
            try:
                return bool(probe.ping())
            finally:
                probe.close()
        except (redis.RedisError, StoreError, OSError):
            self._stale = self._stale or self._embedded
            return False

    def run(self, name: str, params: dict[str, Any] | None = None, **slots: str) -> list[dict[str, Any]]:
        """A catalog statement: read-only (no lock) when its verb reads, else a locked write."""
        text = cypher.statement(name, **slots)
        if reads_only(name):
            return _rows(self._execute(text, params, read_only=True))
        return self.run_text(text, params)

    def run_text(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """One statement ptgraph wrote, run as a write: it waits for a load in progress, and what
        it changed is saved before it returns."""
        with self._writing("write"):
            result = self._execute(text, params, read_only=False)
            self._dirty = self._dirty or _changed(result)
        return _rows(result)

    def ensure_schema(self) -> None:
        with self._writing("index creation"):
            staging.ensure_indexes(self)

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
        if write:
            with self._writing("write query"):
                self._dirty = True
                result = self._execute(text, params, read_only=False, timeout_ms=timeout_ms)
        else:
            result = self._execute(text, params, read_only=True, timeout_ms=timeout_ms)
        rows, truncated = limited(iter(_rows(result)), limit)
        columns = [str(h[1]) for h in (result.header or [])]
        return QueryResult(columns, link_ends(rows), truncated, _stats(result))

    def writes(self, what: str = "write") -> contextlib.AbstractContextManager[None]:
        return self._writing(what)

    @contextlib.contextmanager
    def _writing(self, what: str) -> Iterator[None]:
        """Hold the graph's write lock (waiting for a load in progress) for writes to the live graph.

        Re-entered, the lock is already held. When the writes changed anything (``_dirty``), the
        version is bumped before the lock is released and the store saved once just after, before
        this returns. Saved while held, the lock was in the snapshot: after any restart the next
        command reported an interrupted write that had in fact finished and been saved.
        """
        if self._writing_now:
            yield
            return
        self._reconnect()
        try:
            with staging.write_lock(self._conn, self.graph_name, what, staged=False):
                self._writing_now, self._dirty = True, False
                try:
                    yield
                finally:
                    self._writing_now = False
                changed = self._dirty
                if changed:
                    self._conn.incr(staging.version_key(self.graph_name))
        except redis.RedisError as e:
            raise self._lost(e) from e
        if changed:
            self.persist()

    def _execute(self, text: str, params: dict[str, Any] | None, *, read_only: bool,
                 timeout_ms: int | None = None) -> Any:
        self._reconnect()
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
            raise self._lost(e) from e

    @contextlib.contextmanager
    def atomic(self, review: str) -> Iterator[Runner]:
        """Build review ``review`` in a staging graph that holds every other review, then swap it in.

        Inside the scope the review's old content is already absent (the staging graph never
        had it); nothing reaches the live graph until the scope ends without an error.
        """
        self._reconnect()
        try:
            with staging.load_scope(self._conn, self._ops, self.graph_name, review) as runner:
                yield runner
        except redis.RedisError as e:
            raise self._lost(e) from e
        except StoreError as e:
            if isinstance(e, LoadFailed | StoreUnavailable | ReviewAlreadyLoaded):
                raise
            raise LoadFailed(f"the load stopped and was undone, review '{review}' is as it was: {e}") from e
        self.persist(f"review '{review}' was loaded")

    def persist(self, what: str = "the change was made") -> None:
        """Save the whole store to its snapshot file, so what was written survives a restart."""
        if not self._embedded:
            return
        try:
            self._conn.save()
        except redis.ResponseError as e:
            data = self._data_folder()
            raise StoreError(f"{what} but could not be saved to {data}: {embedded.disk_problem(data)}; "
                             "it is lost when the store stops, so free space and do it again") from e
        except redis.RedisError as e:
            raise self._lost(e) from e

    def change_token(self) -> str:
        """O(1): which saved snapshot the server holds, its writes since then, ptgraph's version counter.

        ``rdb_changes_since_last_save`` counts every write to the server (any graph, any
        client, a property-only edit included) and never a read, and only grows until a save.
        Every save writes a new snapshot file, so on the embedded server the snapshot is named by
        its file (inode, modification time in ns, size): the token survives a restart when nothing
        changed (the server reads that file back; unsaved writes are lost with the restart), so a
        cold command finds the causal graph it cached. A server ptgraph did not start is named by
        its run id and ``rdb_saves`` instead, which a restart changes. A save with nothing changed
        gives a new token: the token may change more often than the content, never less.
        """
        self._reconnect()
        try:
            pipe = self._redis.pipeline(transaction=False)
            pipe.info("server", "persistence")
            pipe.get(staging.version_key(self.graph_name))
            info, version = pipe.execute()
        except redis.RedisError as e:
            raise self._lost(e) from e
        # the file is looked at after the counters: a save in between gives a token never seen
        # before, never the previous snapshot's token with the new content
        snapshot = self._snapshot_file() or f"{info['run_id']}:{info['rdb_saves']}"
        return f"{snapshot}:{info['rdb_changes_since_last_save']}:{_text(version or '0')}"

    def _data_folder(self) -> Path:
        """The embedded server's data folder (its snapshot file lives there)."""
        return (embedded.home_dir() if self._home is None else self._home) / "data"

    def _snapshot_file(self) -> str | None:
        """The embedded server's snapshot file as ``inode.mtime_ns.size``; None before its first save."""
        if not self._embedded:
            return None
        try:
            stat = (self._data_folder() / "graph.rdb").stat()
        except OSError:
            return None
        return f"rdb-{stat.st_ino}.{stat.st_mtime_ns}.{stat.st_size}"

    def _exists(self) -> bool:
        self._reconnect()
        try:
            return bool(self._conn.exists(self.graph_name))
        except redis.RedisError as e:
            raise self._lost(e) from e

    def drop(self) -> None:
        """Delete the whole graph (tests and `--replace` of the last review use it)."""
        with self._writing("drop of the graph"):
            self._dirty = True
            self._conn.delete(self.graph_name)

    def close(self) -> None:
        for client in ("_db", "_ops"):
            with contextlib.suppress(redis.RedisError, AttributeError):
                getattr(self, client).connection.close()
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


_CHANGES = ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
            "properties_set", "properties_removed", "labels_added", "labels_removed",
            "indices_created", "indices_deleted")


def _changed(result: Any) -> bool:
    """Whether a statement's result says it changed the graph."""
    return any(getattr(result, name, 0) for name in _CHANGES)


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value

