"""The Python API for notebooks: the same functions the CLI uses.

>>> import tempfile
>>> from graph.api import open_store, load, pathways
>>> with open_store(home=tempfile.mkdtemp()) as store:      # a throw-away embedded store
...     summary = load(store, "example")
...     chains = pathways(store, "attitudes", "engagement")
>>> chains[0].theories
('example:pt2', 'example:pt5')
"""

from __future__ import annotations

from pathlib import Path

from graph.analytics.network import cached_causal_graph, causal_graph, to_networkx
from graph.analytics.pathways import Pathway, find_pathways
from graph.load import LoadSummary, load_package
from graph.package import ReviewPackage
from graph.stores.falkor_store import FalkorStore
from graph.stores.neo4j_store import Neo4jStore, settings_from_env
from graph.stores.store import Store

__all__ = ["open_store", "load", "pathways", "to_networkx", "causal_graph"]


def open_store(
    uri: str | None = None, *, user: str | None = None, password: str | None = None,
    database: str | None = None, graph: str | None = None, home: str | Path | None = None,
) -> Store:
    """Neo4j when ``uri`` (or NEO4J_URI) is given, the embedded FalkorDB store otherwise.

    ``home`` is the embedded store's data directory (default: PTGRAPH_HOME, else the
    user's data directory); ``graph`` the graph's name in it (default: PTGRAPH_GRAPH,
    else ``ptgraph``).
    """
    env = settings_from_env()
    uri = uri or env["uri"]
    if uri:
        return Neo4jStore(uri, user or env["user"] or "neo4j", password or env["password"] or "",
                          database or env["database"])
    return FalkorStore(graph, home=Path(home) if home else None)


def load(store: Store, package: str | Path | ReviewPackage, *, replace: bool = False) -> LoadSummary:
    """Validate and load a package folder, built-in name, or already-read package."""
    from loaders.package import read_package

    pkg = package if isinstance(package, ReviewPackage) else read_package(package)
    return load_package(store, pkg, replace=replace)


def pathways(
    store: Store, source: str, target: str, *, review: str | None = None, max_hops: int = 4,
    include_negative: bool = False, limit: int | None = 20,
) -> list[Pathway]:
    """Ranked causal chains between concepts whose names contain ``source`` and ``target``.

    The causal graph is built once per store and kept until the store changes.
    """
    G = cached_causal_graph(store, review)
    return find_pathways(G, source, target, max_hops=max_hops, include_negative=include_negative,
                         limit=limit)
