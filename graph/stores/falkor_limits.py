"""What one query may take of the embedded FalkorDB server: threads, queue, time and memory.

FalkorDB runs queries on a fixed pool of worker threads (by default one per core: two on a
2-core laptop), so two long console queries used to lock every other page out. These module
arguments (passed after ``--loadmodule``) bound each query instead:

- ``THREAD_COUNT`` 8: several slow queries at once still leave threads for everyone else; the
  operating system shares the cores between them, so a short query waits milliseconds, not
  until a slow one ends.
- ``MAX_QUEUED_QUERIES`` 64: beyond that the server answers "busy" at once instead of queueing.
- ``TIMEOUT_DEFAULT`` and ``TIMEOUT_MAX`` 300 s: no query runs longer, whoever sends it and
  whatever it asks for, so a query whose client was killed stops at its own limit or at 300 s.
  A write that times out is rolled back whole.
- ``QUERY_MEM_CAPACITY`` 1 GiB: a query that builds more is stopped ("needed more memory than
  one query may use"); checked as the query runs, so a single huge allocation (a ``range()``
  of 100 million numbers) overshoots before it is stopped, hence the guard's ``MAX_RANGE``.
- ``IMPORT_FOLDER``: ``PTGRAPH_HOME/import``, the only folder ``LOAD CSV FROM 'file:///...'``
  can read (``ptgraph query --write``; read-only queries refuse LOAD CSV altogether).

Measured in docs/queries.md (``python -m bench.bench_queries``).
"""

from __future__ import annotations

from pathlib import Path

from graph.queries import MAX_TIMEOUT_MS

__all__ = ["module_arguments", "THREAD_COUNT", "MAX_QUEUED_QUERIES", "QUERY_MEM_CAPACITY", "import_folder"]

THREAD_COUNT = 8
MAX_QUEUED_QUERIES = 64
QUERY_MEM_CAPACITY = 1 << 30  # bytes


def import_folder(home: Path) -> Path:
    """The folder ``LOAD CSV`` reads ``file:///`` URLs from (created, private)."""
    folder = home / "import"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def module_arguments(home: Path) -> list[str]:
    """The FalkorDB module arguments for the embedded server of ``home``.

    >>> import tempfile
    >>> module_arguments(Path(tempfile.mkdtemp()))[:4]
    ['THREAD_COUNT', '8', 'MAX_QUEUED_QUERIES', '64']
    """
    return ["THREAD_COUNT", str(THREAD_COUNT), "MAX_QUEUED_QUERIES", str(MAX_QUEUED_QUERIES),
            "TIMEOUT_DEFAULT", str(MAX_TIMEOUT_MS), "TIMEOUT_MAX", str(MAX_TIMEOUT_MS),
            "QUERY_MEM_CAPACITY", str(QUERY_MEM_CAPACITY), "IMPORT_FOLDER", f"{import_folder(home)}/"]
