"""The stored graph as networkx graphs, for analytics and notebooks.

:func:`causal_graph` builds the causal projection from the store on every call;
:class:`ProjectionCache` (and :func:`cached_causal_graph`, one cache per store) keeps it until
the store's change token moves, so repeated pathway searches and explorer callbacks pay the
build once. Cached graphs are shared: treat them as read-only (copy before changing one).
:func:`persisted_causal_graph` keeps it in a folder as well, for short-lived processes such as
one ``ptgraph paths`` command.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graph.concepts.across import merge_across_reviews
from graph.stores.store import Runner, Store

__all__ = ["to_networkx", "causal_graph", "causal_graph_from_rows", "ProjectionCache", "cached_causal_graph",
           "persisted_causal_graph"]


def to_networkx(store: Runner, review: str | None = None) -> nx.MultiDiGraph:
    """Every node and relationship (of one review, or all) as a MultiDiGraph.

    Nodes are keyed by id and carry ``label`` plus their properties; edges carry
    ``type`` (the relationship type) and their properties.
    """
    graph = nx.MultiDiGraph()
    for row in store.run("get_nodes", {"review": review}):
        graph.add_node(row["id"], label=row["label"], **row["props"])
    for row in store.run("get_relationships", {"review": review}):
        graph.add_edge(row["source"], row["target"], type=row["type"], **row["props"])
    return graph


def causal_graph(store: Runner, review: str | None = None) -> nx.MultiDiGraph:
    """Concepts and their LEADS_TO links, each link with its PTs, CMOCs and evidence ids."""
    concepts = store.run("get_concepts", {"review": review})
    links = store.run("get_causal_links", {"review": review})
    return merge_across_reviews(causal_graph_from_rows(concepts, links))


def causal_graph_from_rows(concepts: list[dict], links: list[dict]) -> nx.MultiDiGraph:
    """Build the causal graph from query rows (see ``get_concepts``/``get_causal_links``).

    >>> G = causal_graph_from_rows(
    ...     [{"id": "a", "label": "Context", "name": "Leadership"},
    ...      {"id": "b", "label": "Outcome", "name": "Engagement"}],
    ...     [{"source": "a", "target": "b", "polarity": "positive", "theories": ["pt6"],
    ...       "cmocs": ["c1"], "evidence": ["e1", "e2"]}])
    >>> G.edges["a", "b", "positive"]["evidence"]
    ['e1', 'e2']
    """
    graph = nx.MultiDiGraph()
    for row in concepts:
        graph.add_node(row["id"], **{k: v for k, v in row.items() if k != "id" and v is not None})
    for row in links:
        attrs = {k: v for k, v in row.items() if k not in ("source", "target")}
        attrs.setdefault("evidence", [])
        graph.add_edge(row["source"], row["target"], key=row["polarity"], **attrs)
    return graph


@dataclass
class _Flight:
    """One build in progress; callers asking for the same graph meanwhile wait for it."""

    done: threading.Event = field(default_factory=threading.Event)
    graph: nx.MultiDiGraph | None = None
    error: BaseException | None = None


class ProjectionCache:
    """Causal graphs of one store, per review, rebuilt only when the store's change token moves.

    Callers that ask for a graph while it is being built wait for that single build (single
    flight) instead of each building their own: the explorer's callbacks arrive together.

    >>> class Counting(Runner):
    ...     builds = 0
    ...     def change_token(self): return "1"
    ...     def run_text(self, text, params=None):
    ...         Counting.builds += "LEADS_TO" in text
    ...         return []
    >>> cache = ProjectionCache(Counting())
    >>> cache.graph("reco") is cache.graph("reco"), Counting.builds
    (True, 1)
    """

    def __init__(self, store: Store | Any) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._graphs: dict[str | None, tuple[str, nx.MultiDiGraph]] = {}
        self._flights: dict[tuple[str | None, str], _Flight] = {}

    def graph(self, review: str | None = None) -> nx.MultiDiGraph:
        """The causal graph of ``review`` (None: every review) as of the store's current token."""
        token = self._store.change_token()  # read first: a change during the build means a rebuild next time
        key = (review, token)
        with self._lock:
            cached = self._graphs.get(review)
            if cached and cached[0] == token:
                return cached[1]
            flight = self._flights.get(key)
            builds = flight is None
            if flight is None:
                flight = self._flights[key] = _Flight()
        if not builds:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            assert flight.graph is not None
            return flight.graph
        try:
            flight.graph = causal_graph(self._store, review)
            with self._lock:
                self._graphs[review] = (token, flight.graph)
            return flight.graph
        except BaseException as e:
            flight.error = e
            raise
        finally:
            with self._lock:
                self._flights.pop(key, None)
            flight.done.set()

    def clear(self) -> None:
        """Forget every cached graph (the next call rebuilds)."""
        with self._lock:
            self._graphs.clear()


_caches: weakref.WeakKeyDictionary[Any, ProjectionCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def cached_causal_graph(store: Store, review: str | None = None) -> nx.MultiDiGraph:
    """:func:`causal_graph`, kept per store until its change token moves (read-only: it is shared)."""
    with _caches_lock:
        cache = _caches.get(store)
        if cache is None:  # the cache holds a proxy, so the store can still be collected
            cache = _caches[store] = ProjectionCache(weakref.proxy(store))
    return cache.graph(review)


def persisted_causal_graph(store: Store, review: str | None, folder: Path, name: str) -> nx.MultiDiGraph:
    """:func:`causal_graph`, kept as a file in ``folder`` until the store's change token moves.

    ``name`` says which database of the folder's owner this is (e.g. the embedded graph's
    name). Only one file per name and review is kept; an unreadable file is rebuilt.

    >>> class Tiny(Runner):
    ...     def change_token(self): return "7"
    ...     def run_text(self, text, params=None):
    ...         return [{"id": "a", "name": "A"}] if "LEADS_TO" not in text else []
    >>> folder = Path(tempfile.mkdtemp())
    >>> first = persisted_causal_graph(Tiny(), None, folder, "g")
    >>> list(persisted_causal_graph(Tiny(), None, folder, "g")), len(list(folder.iterdir()))
    (['a'], 1)
    """
    token = store.change_token()  # read first: a change during the build means a rebuild next time
    stem = "causal-" + hashlib.sha256(f"{name}\0{review}".encode()).hexdigest()[:16]
    path = folder / f"{stem}-{hashlib.sha256(token.encode()).hexdigest()[:16]}.pickle"
    try:
        with path.open("rb") as handle:
            graph = pickle.load(handle)  # noqa: S301 - written by ptgraph into the user's own data folder
        if isinstance(graph, nx.MultiDiGraph):
            return graph
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
        pass
    graph = causal_graph(store, review)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{stem}-*.pickle"):
        old.unlink(missing_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=folder, suffix=".partial")
    with os.fdopen(descriptor, "wb") as out:
        pickle.dump(graph, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
    return graph
