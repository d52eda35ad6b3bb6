"""Loads that nobody sees half done, on FalkorDB: the write lock, staging graphs, the swap, recovery.

One key per graph, ``ptgraph:load:<graph>``, is the write lock: it names its holder (PID and
process start time) and what it is doing. A load builds ``ptgraph:staging:<graph>``: every
node and relationship of the other reviews, copied page by page with ptgraph's own statements
(no ``GRAPH.COPY``, no fork), then the new review. The swap is one ``MULTI``/``EXEC``:
``RENAME`` staging → live, bump ``ptgraph:version:<graph>``, delete the lock. A holder that
died (SIGKILL, a lost server) leaves the lock and maybe a staging graph; :func:`recover`
deletes both once the holder is gone, and never touches the live graph.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import redis

from graph.errors import LoadFailed, QueryFailed, StoreError
from graph.schema import Label, Rel
from graph.stores.store import Runner
from graph.stores.supervisor import alive, starttime, state
from graph.stores.values import plain

__all__ = ["GraphRunner", "load_scope", "write_lock", "recover", "ensure_indexes", "copy_others",
           "marker_key", "staging_name", "version_key", "PAGE_IDS", "BATCH_ROWS"]

PAGE_IDS = 100_000  # internal ids per read page of the copy (a page's reply stays a few MB at M)
BATCH_ROWS = 2_000  # rows per write of the copy
_ALREADY_INDEXED = ("already indexed", "already exists")
log = logging.getLogger("ptgraph.store")


def marker_key(graph: str) -> str:
    return f"ptgraph:load:{graph}"


def staging_name(graph: str) -> str:
    return f"ptgraph:staging:{graph}"


def version_key(graph: str) -> str:
    return f"ptgraph:version:{graph}"


class GraphRunner(Runner):
    """Runs catalog statements on one named graph (the live graph's pages, or a staging graph)."""

    def __init__(self, graph: Any):
        self._graph = graph

    def run_text(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._rows(self._graph.query, text, params)

    def read(self, name: str, params: dict[str, Any] | None = None, *, values_only: bool = False,
             **slots: str) -> list[dict[str, Any]]:
        """Run a catalog statement read-only.

        ``values_only``: the statement returns property values (no nodes, relationships or
        paths), which the client already gives as plain Python: they are not walked again.
        """
        import cypher

        return self._rows(self._graph.ro_query, cypher.statement(name, **slots), params, values_only)

    @staticmethod
    def _rows(call: Any, text: str, params: dict[str, Any] | None,
              values_only: bool = False) -> list[dict[str, Any]]:
        try:
            result = call(text, params or None)
        except redis.ResponseError as e:
            raise QueryFailed(str(e)) from e
        header = [str(h[1]) for h in (result.header or [])]
        if values_only:
            return [dict(zip(header, row, strict=True)) for row in result.result_set]
        return [dict(zip(header, (plain(v) for v in row), strict=True)) for row in result.result_set]


def ensure_indexes(runner: Runner) -> None:
    """The id and reviewId index of every label (idempotent)."""
    for label in Label:
        for name in ("create_id_index", "create_review_index"):
            try:
                runner.run(name, Label=label)
            except QueryFailed as e:
                if not any(marker in str(e) for marker in _ALREADY_INDEXED):
                    raise


def _text(value: Any) -> str:
    """A Redis reply as text (the store's clients decode; a raw client gives bytes)."""
    return value.decode() if isinstance(value, bytes) else str(value or "")


def _holder(raw: str) -> dict[str, Any]:
    try:
        holder = json.loads(raw)
    except ValueError:
        holder = {}
    return holder if isinstance(holder, dict) else {}


def _discard(conn: redis.Redis, graph: str, raw: str) -> str | None:
    """Delete a dead holder's staging graph and lock (only if the lock is still that holder's)."""
    holder = _holder(raw)
    with conn.pipeline() as pipe:
        pipe.watch(marker_key(graph))
        if pipe.get(marker_key(graph)) != raw:
            return None
        pipe.multi()
        pipe.delete(staging_name(graph))
        pipe.delete(marker_key(graph))
        try:
            pipe.execute()
        except redis.WatchError:
            return None
    what, pid = holder.get("what", "load"), holder.get("pid", "?")
    if not holder.get("staged", True):  # a single statement: the server ran it whole or not at all
        return (f"An interrupted {what} (pid {pid}, started {holder.get('at', 'earlier')}) left graph "
                f"'{graph}' locked; the lock was cleared.")
    return (f"An interrupted {what} (pid {pid}, started {holder.get('at', 'earlier')}) was discarded; "
            f"graph '{graph}' is as it was before it.")


def recover(conn: redis.Redis, graph: str) -> list[str]:
    """Discard the leftovers of a write whose process is gone; one sentence per discarded write."""
    raw = _text(conn.get(marker_key(graph)))
    if not raw:
        return []
    holder = _holder(raw)
    if holder.get("pid") and alive(int(holder["pid"]), holder.get("started")):
        return []
    notice = _discard(conn, graph, raw)
    if notice:
        with contextlib.suppress(redis.ResponseError):
            conn.save()  # the leftovers may have reached the snapshot file
    return [notice] if notice else []


@contextlib.contextmanager
def write_lock(conn: redis.Redis, graph: str, what: str, *, staged: bool = True) -> Iterator[str]:
    """Hold the graph's write lock; wait (reporting on ``ptgraph.store``) while a live process holds it.

    Every write to the live graph takes it: a load (``staged``: it builds a staging graph) and
    a single write statement alike, so a write never lands in the live graph while a load
    builds its replacement (the swap would drop it).
    """
    pid = os.getpid()
    token = json.dumps({"pid": pid, "started": starttime(pid), "what": what, "staged": staged,
                        "at": time.strftime("%Y-%m-%d %H:%M:%S")})
    said = 0.0
    while not conn.set(marker_key(graph), token, nx=True):
        raw = _text(conn.get(marker_key(graph)))
        holder = _holder(raw)
        other = int(holder.get("pid") or 0)
        if not raw or not other or not alive(other, holder.get("started")):
            if raw:
                for notice in filter(None, [_discard(conn, graph, raw)]):
                    log.warning("%s", notice)
            continue
        if state(other) in ("T", "t"):
            raise StoreError(f"another {holder.get('what', 'load')} (pid {other}) is stopped (SIGSTOP) "
                             f"while it holds graph '{graph}'; resume it with `kill -CONT {other}` or end it")
        if time.monotonic() - said > 5:
            said = time.monotonic()
            log.info("waiting for another %s (pid %s) to finish", holder.get("what", "load"), other)
        time.sleep(0.1)
    try:
        yield token
    finally:
        with contextlib.suppress(redis.RedisError), conn.pipeline() as pipe:
            pipe.watch(marker_key(graph))
            if pipe.get(marker_key(graph)) == token:
                pipe.multi()
                pipe.delete(marker_key(graph))
                pipe.execute()


@contextlib.contextmanager
def load_scope(conn: redis.Redis, client: Any, graph: str, review: str) -> Iterator[GraphRunner]:
    """A staging graph holding every review but ``review``; swapped in if the scope ends cleanly."""
    stage = staging_name(graph)
    with write_lock(conn, graph, f"load of review '{review}'") as token:
        conn.delete(stage)
        runner = GraphRunner(client.select_graph(stage))
        ensure_indexes(runner)
        if conn.exists(graph):
            copy_others(GraphRunner(client.select_graph(graph)), runner, review, graph)
        try:
            yield runner
        except BaseException:
            with contextlib.suppress(redis.RedisError):
                conn.delete(stage)
            raise
        _swap(conn, graph, token)


def _swap(conn: redis.Redis, graph: str, token: str) -> None:
    with conn.pipeline() as pipe:
        pipe.watch(marker_key(graph))
        if pipe.get(marker_key(graph)) != token:
            raise LoadFailed("another process took this load for abandoned and discarded it; load again")
        pipe.multi()
        pipe.rename(staging_name(graph), graph)
        pipe.incr(version_key(graph))
        pipe.delete(marker_key(graph))
        pipe.execute()


def copy_others(live: GraphRunner, target: Runner, review: str, graph: str) -> None:
    """Copy every node and relationship of ``live`` outside ``review`` into ``target``.

    Nothing is read when the graph holds only ``review`` (the common case: one review, loaded
    again). Otherwise nodes are read label by label and relationships type by type, in pages of
    internal ids, and written back with the load's own ``create_*`` statements.
    """
    extent = live.read("count_other_nodes", {"review": review})[0]
    if not extent["nodes"]:
        return
    foreign = live.read("count_foreign_content", {"labels": [str(x) for x in Label],
                                                  "types": [str(x) for x in Rel]})[0]
    if foreign["nodes"] or foreign["relationships"]:
        raise StoreError(
            f"graph '{graph}' holds {foreign['nodes']} nodes and {foreign['relationships']} relationships "
            "that ptgraph did not write (no id, or a label or type outside its schema), which a load "
            "could not keep; remove them, or load into another graph with PTGRAPH_GRAPH")
    pages = range(0, int(extent["max"]) + 1, PAGE_IDS)
    for name, slots, rows in _pages(live, review, pages):
        for start in range(0, len(rows), BATCH_ROWS):
            target.run(name, {"rows": rows[start:start + BATCH_ROWS]}, **slots)


Batch = tuple[str, dict[str, str], list[dict[str, Any]]]


def _pages(live: GraphRunner, review: str, pages: range) -> Iterator[Batch]:
    """(statement, slots, rows) writing the copy: nodes label by label, then relationships."""
    for label in Label:
        for lo in pages:
            rows = live.read("get_node_page", {"lo": lo, "hi": lo + PAGE_IDS, "review": review},
                             values_only=True, Label=label)
            yield "create_nodes", {"Label": label}, rows
    for rel in Rel:
        for lo in pages:
            groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
            for row in live.read("get_relationship_page", {"lo": lo, "hi": lo + PAGE_IDS, "review": review},
                                 values_only=True, REL=rel):
                groups[(row.pop("fromLabel"), row.pop("toLabel"))].append(row)
            for (source, end), group in groups.items():
                yield "create_relationships", {"From": source, "REL": str(rel), "To": end}, group
