"""What a view derives from a cached causal graph, kept for as long as that graph is.

The explorer's causal graph is cached until the store changes (``ExplorerData.graph``); a
filtered copy of it, its concepts' ranking and their names are pure functions of that graph,
and at M (34k links) each costs 0.3-0.4 s of Python, so another viewer of the same view, a
reload or a workshop projector asking again gets them back instead. The cache is keyed by the
graph object itself (weakly: a graph no longer cached takes its results with it), holds a few
entries per graph, and is shared by the server's threads. Nothing here may mutate what it
returns: the results are shared.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

__all__ = ["derived", "KEEP_PER_GRAPH"]

KEEP_PER_GRAPH = 16  # filter combinations (and rankings) kept per graph; the oldest goes first
T = TypeVar("T")
_results: weakref.WeakKeyDictionary[Any, dict[Hashable, Any]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def derived(G: Any, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s result for ``key`` on graph ``G``, computed once while ``G`` lives.

    >>> import networkx as nx
    >>> G, calls = nx.MultiDiGraph(), []
    >>> first = derived(G, "size", lambda: calls.append(1) or len(G))
    >>> derived(G, "size", lambda: calls.append(1) or len(G)), len(calls)
    (0, 1)
    """
    with _lock:
        kept = _results.setdefault(G, {})
        if key in kept:
            return kept[key]
    value = compute()  # outside the lock: two threads may both compute it once, never block each other
    with _lock:
        kept = _results.setdefault(G, {})
        kept[key] = value
        while len(kept) > KEEP_PER_GRAPH:
            kept.pop(next(iter(kept)))
    return value
