"""The embedded FalkorDB store only: crash durability and recovery of an interrupted load.

The store contract both stores share lives in tests/test_store.py.
"""

from __future__ import annotations

import os
import signal
import time

from graph.load import load_package
from graph.stores import embedded
from graph.stores.falkor_store import FalkorStore
from loaders.package import read_package


def counts(store: FalkorStore) -> dict:
    return store.run("count_nodes")[0]


def test_interrupted_load_is_undone_by_the_next_store(store: FalkorStore, graph_name: str) -> None:
    load_package(store, read_package("example"))
    before = counts(store)
    conn = store._redis
    conn.execute_command("GRAPH.COPY", graph_name, f"{graph_name}__before_load")
    conn.set(f"ptgraph:load:{graph_name}", f"999999999:{graph_name}__before_load:1")
    store.query("MATCH (n) DETACH DELETE n", write=True)  # a load that died half way
    FalkorStore(graph_name).close()
    assert counts(store) == before


def test_sigkill_after_load_loses_nothing(tmp_path, monkeypatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("PTGRAPH_HOME", str(home))
    with FalkorStore("durable") as s:
        load_package(s, read_package("example"))
        expected = counts(s)
        info = embedded.running_server(home)
        assert info is not None
        os.kill(info.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while embedded.running_server(home) and time.monotonic() < deadline:
            time.sleep(0.05)
    with FalkorStore("durable") as again:
        assert embedded.running_server(home).pid != info.pid
        assert counts(again) == expected
    assert embedded.running_server(home) is None, "the last user must stop the server"
