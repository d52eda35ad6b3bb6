"""The embedded FalkorDB store, against the real server."""

from __future__ import annotations

import json
import os
import signal
import time

import pytest

from graph import load
from graph.analytics.network import to_networkx
from graph.errors import LoadFailed, QueryFailed, QueryRefused
from graph.load import load_package
from graph.schema import Label
from graph.stores import embedded, staging
from graph.stores.falkor_store import FalkorStore
from loaders.package import read_package


def counts(store: FalkorStore) -> dict:
    return store.run("count_nodes")[0]


def test_loading_twice_gives_identical_counts(store: FalkorStore) -> None:
    pkg = read_package("example")
    load_package(store, pkg)
    first = counts(store)
    load_package(store, pkg)
    assert counts(store) == first
    assert first["nodes"] > 20 and first["relationships"] > 30


def test_read_only_query_is_refused_by_the_database(store: FalkorStore) -> None:
    with pytest.raises(QueryRefused):
        store.query("CREATE (:X)")
    assert counts(store) == {"nodes": 0, "relationships": 0}


def test_write_query_runs_with_write(store: FalkorStore) -> None:
    result = store.query("CREATE (:Context {id: $id}) RETURN 1 AS ok", {"id": "x"}, write=True)
    assert result.rows == [{"ok": 1}]
    assert result.stats["nodes_created"] == 1


def test_syntax_error_is_a_query_failure(store: FalkorStore) -> None:
    with pytest.raises(QueryFailed):
        store.query("MATCH (n RETURN n")


def test_large_parameters_round_trip(store: FalkorStore) -> None:
    text = "‘quoted’ \"double\" back\\slash \n new line " * 400
    result = store.query("RETURN $text AS text, size($rows) AS n",
                         {"text": text, "rows": [{"a": i, "b": text[:50]} for i in range(2000)]})
    assert result.rows == [{"text": text, "n": 2000}]


def test_row_limit_marks_truncation(store: FalkorStore) -> None:
    result = store.query("UNWIND range(1, 50) AS i RETURN i", limit=10)
    assert len(result.rows) == 10 and result.truncated


def test_replace_reloads_one_review_without_touching_others(store: FalkorStore) -> None:
    pkg = read_package("example")
    other = read_package("example")
    other.review = other.review.model_copy(update={"id": "other"})
    load_package(store, pkg)
    load_package(store, other)
    both = counts(store)
    store.query("MATCH (c:Context {reviewId: 'example'}) SET c.stale = true", write=True)
    load_package(store, pkg, replace=True)
    assert counts(store) == both
    assert store.query("MATCH (c:Context) WHERE c.stale RETURN count(c) AS n").rows == [{"n": 0}]
    assert store.query("MATCH (r:Review) RETURN r.id AS id ORDER BY id").rows == [
        {"id": "example"}, {"id": "other"}]


def test_failure_mid_load_leaves_previous_state(store: FalkorStore, monkeypatch) -> None:
    pkg = read_package("example")
    load_package(store, pkg)
    before = counts(store)

    def failing_write(runner, rows, step):
        runner.run("create_nodes", {"rows": rows.nodes[Label.CONTEXT][:3]}, Label=Label.CONTEXT)
        raise QueryFailed("simulated failure")

    monkeypatch.setattr(load, "_write", failing_write)
    with pytest.raises(LoadFailed):
        load.load_package(store, pkg, replace=True)
    monkeypatch.undo()
    assert counts(store) == before
    assert store.run_text("RETURN 1 AS one") == [{"one": 1}]


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


def test_to_networkx_has_every_node_and_relationship(store: FalkorStore) -> None:
    load_package(store, read_package("example"))
    G = to_networkx(store, "example")
    assert G.number_of_nodes() == counts(store)["nodes"]
    assert G.number_of_edges() == counts(store)["relationships"]
    assert G.nodes["example:pt2"]["label"] == "ProgrammeTheory"


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
