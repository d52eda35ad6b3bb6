"""The embedded FalkorDB store only: crash durability and recovery of an interrupted load.

The store contract both stores share lives in tests/test_store.py.
"""

from __future__ import annotations

import json
import os
import signal
import time

from graph.load import load_package
from graph.stores import embedded, staging
from graph.stores.falkor_store import FalkorStore
from loaders.package import read_package


def counts(store: FalkorStore) -> dict:
    return store.run("count_nodes")[0]


def test_interrupted_load_is_discarded_by_the_next_store(store: FalkorStore, graph_name: str) -> None:
    load_package(store, read_package("example"))
    before = counts(store)
    conn = store._conn
    conn.execute_command("GRAPH.QUERY", staging.staging_name(graph_name), "CREATE (:Context {id: 'half'})")
    conn.set(staging.marker_key(graph_name), json.dumps({"pid": 999_999_999, "what": "load of review 'x'"}))
    again = FalkorStore(graph_name)
    try:
        assert again.notices and "interrupted load of review 'x'" in again.notices[0]
    finally:
        again.close()
    assert counts(store) == before
    assert not conn.exists(staging.staging_name(graph_name), staging.marker_key(graph_name))


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
