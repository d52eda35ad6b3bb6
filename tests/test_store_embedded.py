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


def test_change_token_survives_a_restart_and_follows_writes_across_it(tmp_path) -> None:
    """A cold command must find what an earlier one cached: the token names the saved snapshot,
    not the server run (a restart with nothing changed keeps it; unsaved writes die with the run)."""
    home = tmp_path / "home"
    with FalkorStore("tokens", home=home) as store:
        load_package(store, read_package("example"))
        saved = store.change_token()
        server = embedded.running_server(home)
    assert server is not None and embedded.running_server(home) is None
    with FalkorStore("tokens", home=home) as store:
        assert embedded.running_server(home).pid != server.pid
        assert store.change_token() == saved, "nothing changed: the same token after a restart"
        store.query("MATCH (c:Context {id: 'example:non-judgemental-attitudes'}) SET c.definition = 'x'",
                    write=True)
        written = store.change_token()
        assert written != saved
    with FalkorStore("tokens", home=home) as store:
        assert store.notices == [], "a finished write is never reported as interrupted after a restart"
        assert store.change_token() == written, "the write was saved: its token again"
        with store._redis.pipeline(transaction=False) as pipe:  # a write no one saves, then a restart
            pipe.execute_command("GRAPH.QUERY", "tokens", "CREATE (:Note {id: 'unsaved'})")
            pipe.execute()
        assert store.change_token() not in (saved, written)
        server = embedded.running_server(home)
        os.kill(server.pid, signal.SIGKILL)
    with FalkorStore("tokens", home=home) as store:
        assert store.query("MATCH (n:Note {id: 'unsaved'}) RETURN count(n) AS n").rows == [{"n": 0}]
        assert store.change_token() == written, "the unsaved write died with the server"
