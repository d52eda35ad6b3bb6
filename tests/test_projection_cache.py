"""The causal projection is built once per change token, however many callers ask at once."""

from __future__ import annotations

import threading
import time
from typing import Any

from dashboard.data import ExplorerData
from graph.analytics.network import ProjectionCache, cached_causal_graph
from graph.api import pathways
from graph.stores.falkor_store import FalkorStore


class CountingStore:
    """The real store, counting (and slowing) projection builds so that callers overlap."""

    def __init__(self, store: FalkorStore) -> None:
        self.store, self.builds = store, 0

    def change_token(self) -> str:
        return self.store.change_token()

    def run(self, name: str, params: dict | None = None, **slots: Any) -> list[dict]:
        if name == "get_causal_links":
            self.builds += 1
            time.sleep(0.3)
        return self.store.run(name, params, **slots)


def test_concurrent_callers_share_one_build(example_store: FalkorStore) -> None:
    counting = CountingStore(example_store)
    cache = ProjectionCache(counting)
    graphs: list[Any] = []
    threads = [threading.Thread(target=lambda: graphs.append(cache.graph("example"))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counting.builds == 1
    assert len(graphs) == 8 and all(G is graphs[0] for G in graphs)
    assert graphs[0].number_of_edges() > 0


def test_a_change_to_the_store_rebuilds(example_store: FalkorStore) -> None:
    counting = CountingStore(example_store)
    cache = ProjectionCache(counting)
    first = cache.graph("example")
    assert cache.graph("example") is first and counting.builds == 1
    example_store.query("MATCH (c:Context {reviewId: 'example'}) SET c.touched = true", write=True)
    assert cache.graph("example") is not first and counting.builds == 2


def test_explorer_and_api_reuse_the_graph_until_a_write(example_store: FalkorStore) -> None:
    data = ExplorerData(example_store)
    assert data.graph("example") is data.graph("example")
    before = cached_causal_graph(example_store, "example")
    assert cached_causal_graph(example_store, "example") is before
    assert pathways(example_store, "attitudes", "engagement", review="example")
    example_store.query("MATCH (c:Context {reviewId: 'example'}) SET c.touched = true", write=True)
    assert cached_causal_graph(example_store, "example") is not before


def test_a_kept_graph_is_read_back_until_the_store_changes(example_store: FalkorStore, tmp_path) -> None:
    from graph.analytics.network import persisted_causal_graph

    counting = CountingStore(example_store)
    first = persisted_causal_graph(counting, "example", tmp_path, "g")
    again = persisted_causal_graph(counting, "example", tmp_path, "g")
    assert counting.builds == 1 and again is not first
    assert sorted(again.edges(keys=True, data=True)) == sorted(first.edges(keys=True, data=True))
    example_store.query("MATCH (c:Context {reviewId: 'example'}) SET c.touched = true", write=True)
    persisted_causal_graph(counting, "example", tmp_path, "g")
    assert counting.builds == 2 and len(list(tmp_path.glob("causal-*.pickle"))) == 1
    next(tmp_path.glob("causal-*.pickle")).write_bytes(b"not a pickle")
    assert persisted_causal_graph(counting, "example", tmp_path, "g").number_of_edges() == \
        first.number_of_edges()
    assert counting.builds == 3
