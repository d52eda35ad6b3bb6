"""The store contract, on both stores: every test runs on the embedded FalkorDB ``[embedded]``
and on a real Neo4j 5.26 server with auth on ``[neo4j]``; then Neo4j-only behaviour."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import neo4j
import pytest

import cypher
from bench.corpus import write_review
from graph.analytics.network import causal_graph, to_networkx
from graph.analytics.pathways import find_pathways
from graph.errors import (
    AuthFailed,
    DatabaseNotFound,
    LoadFailed,
    QueryFailed,
    QueryRefused,
    QueryTimedOut,
    ReviewAlreadyLoaded,
    StoreMisconfigured,
    StoreUnavailable,
)
from graph.load import LoadSummary, load_package, load_rows
from graph.rows import GraphRows, package_rows
from graph.stores import neo4j_store as neo4j_store_module
from graph.stores.falkor_store import FalkorStore
from graph.stores.neo4j_load import LoadTransaction
from graph.stores.neo4j_store import Neo4jStore
from graph.stores.store import Store
from loaders.package import read_package
from tests import neo4j_server
from tests.browser import free_port

EMBEDDED_ONLY = {"create_id_index", "create_review_index"}  # Neo4j gets constraints instead
CATALOG = [n for n in cypher.names() if n not in EMBEDDED_ONLY]
SAVED = cypher.names("saved")


def counts(store: Store) -> dict:
    return store.run("count_nodes")[0]


def renamed(package: Any, review: str) -> Any:
    package.review = package.review.model_copy(update={"id": review})
    return package


def test_loading_twice_gives_identical_counts(any_store: Store) -> None:
    pkg = read_package("example")
    load_package(any_store, pkg)
    first = counts(any_store)
    by_label = any_store.run("count_nodes_by_label", {"review": "example"})
    load_package(any_store, pkg)
    assert counts(any_store) == first
    assert any_store.run("count_nodes_by_label", {"review": "example"}) == by_label
    assert first["nodes"] > 20 and first["relationships"] > 30


def test_read_only_query_is_refused_by_the_database(any_store: Store) -> None:
    with pytest.raises(QueryRefused, match="read-only"):
        any_store.query("CREATE (:Note {id: 'should-not-exist'})")
    assert counts(any_store) == {"nodes": 0, "relationships": 0}


def test_write_query_runs_with_write(any_store: Store) -> None:
    result = any_store.query("CREATE (:Context {id: $id}) RETURN 1 AS ok", {"id": "x"}, write=True)
    assert result.rows == [{"ok": 1}] and result.columns == ["ok"]
    assert result.stats["nodes_created"] == 1


def test_syntax_error_is_a_query_failure(any_store: Store) -> None:
    with pytest.raises(QueryFailed):
        any_store.query("MATCH (n RETURN n")


def test_large_parameters_round_trip(any_store: Store) -> None:
    text = "‘quoted’ \"double\" back\\slash \n new line " * 400
    result = any_store.query("RETURN $text AS text, size($rows) AS n",
                             {"text": text, "rows": [{"a": i, "b": text[:50]} for i in range(2000)]})
    assert result.rows == [{"text": text, "n": 2000}]


def test_row_limit_marks_truncation(any_store: Store) -> None:
    result = any_store.query("UNWIND range(1, 50) AS i RETURN i", limit=10)
    assert [r["i"] for r in result.rows] == list(range(1, 11)) and result.truncated
    whole = any_store.query("UNWIND range(1, 50) AS i RETURN i", limit=50)
    assert len(whole.rows) == 50 and not whole.truncated


def test_timeout_stops_a_long_query(any_store: Store) -> None:
    with pytest.raises(QueryTimedOut, match="time limit of 0.3 s"):
        any_store.query("UNWIND range(1, 30000) AS a UNWIND range(1, 30000) AS b "
                        "WITH a, b WHERE a * b = -1 RETURN count(*) AS n", timeout_ms=300)
    assert any_store.query("RETURN 1 AS one").rows == [{"one": 1}]


def test_replace_reloads_one_review_without_touching_others(any_store: Store) -> None:
    load_package(any_store, read_package("example"))
    load_package(any_store, renamed(read_package("example"), "other"))
    both = counts(any_store)
    any_store.query("MATCH (c:Context {reviewId: 'example'}) SET c.stale = true", write=True)
    load_package(any_store, read_package("example"), replace=True)
    assert counts(any_store) == both
    assert any_store.query("MATCH (c:Context) WHERE c.stale RETURN count(c) AS n").rows == [{"n": 0}]
    assert any_store.query("MATCH (r:Review) RETURN r.id AS id ORDER BY id").rows == [
        {"id": "example"}, {"id": "other"}]
    other = any_store.run("count_nodes_by_label", {"review": "other"})
    assert other == any_store.run("count_nodes_by_label", {"review": "example"})


def _review_dump(store: Store, review: str) -> list[str]:
    """Every node and relationship of ``review`` with every property, in a fixed order."""
    nodes = store.query("MATCH (n {reviewId: $r}) RETURN labels(n) AS labels, properties(n) AS props",
                        {"r": review}, limit=None).rows
    rels = store.query("MATCH (a {reviewId: $r})-[x]->(b) RETURN a.id AS a, type(x) AS type, b.id AS b, "
                       "properties(x) AS props", {"r": review}, limit=None).rows
    return sorted(repr(sorted(_comparable(row))) for row in nodes + rels)


def test_replacing_a_review_keeps_every_value_of_the_others_exactly(any_store: Store) -> None:
    """On the embedded store the other reviews are copied into each load's staging graph: every
    property must come back as it was, awkward characters and numbers included."""
    load_package(any_store, read_package("example"))
    load_package(any_store, renamed(read_package("example"), "other"))
    awkward = {"text": 'she said "no" \\ back\\slash\ttab\r\nline ‘curly’ é 😀 \u2028',
               # FalkorDB sends doubles as 15-significant-digit text: 15 digits are what survive
               "ratio": 0.1, "tiny": 1e-20, "precise": 1234567.89012345, "big": 2**53 + 1,
               "flag": True, "words": ['a "b"', "c\\d", ""], "empty": ""}
    any_store.query("MATCH (c:Context {id: 'other:non-judgemental-attitudes'}) SET c += $p", {"p": awkward},
                    write=True)
    before = _review_dump(any_store, "other")
    changed = read_package("example")
    changed.theories[0] = changed.theories[0].model_copy(update={"name": "Changed"})
    load_package(any_store, changed, replace=True)
    assert _review_dump(any_store, "other") == before
    kept = any_store.query("MATCH (c:Context {id: 'other:non-judgemental-attitudes'}) RETURN c.text AS text, "
                           "c.precise AS precise, c.words AS words").rows
    assert kept == [{"text": awkward["text"], "precise": awkward["precise"], "words": awkward["words"]}]


def test_failure_mid_load_leaves_previous_state(any_store: Store, monkeypatch) -> None:
    load_package(any_store, read_package("example"))
    before = counts(any_store)
    names = any_store.query("MATCH (t:ProgrammeTheory) RETURN t.name AS name ORDER BY name").rows
    changed = read_package("example")
    changed.theories[0] = changed.theories[0].model_copy(update={"name": "Changed before the failure"})
    real_statement, calls = cypher.statement, {"n": 0}

    def failing_statement(name: str, **slots: str) -> str:
        if name == "create_relationships":
            calls["n"] += 1
            if calls["n"] > 3:  # a real database error, part way through the relationships
                return "MATCH (n RETURN n"
        return real_statement(name, **slots)

    monkeypatch.setattr(cypher, "statement", failing_statement)
    with pytest.raises(LoadFailed):
        load_package(any_store, changed, replace=True)
    monkeypatch.undo()
    assert calls["n"] > 3
    assert counts(any_store) == before
    assert any_store.query("MATCH (t:ProgrammeTheory) RETURN t.name AS name ORDER BY name").rows == names
    assert not load_package(any_store, changed, replace=True).unchanged, "the failed load left no lock"


def test_a_review_loaded_with_other_content_needs_replace(any_store: Store, tmp_path: Path) -> None:
    load_package(any_store, read_package("example"))
    before, token = counts(any_store), any_store.change_token()
    assert load_package(any_store, read_package("example")).unchanged
    other = read_package(write_review(tmp_path, "example", cmocs=20))
    with pytest.raises(ReviewAlreadyLoaded, match="--replace"):
        load_package(any_store, other)
    assert counts(any_store) == before
    assert any_store.change_token() == token, "a load with nothing to do or refused writes nothing"
    assert not load_package(any_store, other, replace=True).unchanged
    assert counts(any_store) != before
    hashes = any_store.query("MATCH (r:Review {id: 'example'}) RETURN r.contentHash AS hash").rows
    assert len(hashes) == 1 and len(hashes[0]["hash"]) == 64
    assert not load_package(any_store, read_package("example"), replace=True).unchanged
    assert counts(any_store) == before


def another(store: Store) -> Store:
    """A second store object on the same graph, as another process would open."""
    if isinstance(store, Neo4jStore):
        return Neo4jStore(store.uri, neo4j_server.USER, neo4j_server.PASSWORD)
    assert isinstance(store, FalkorStore)
    return FalkorStore(store.graph_name)


class Background:
    """``load_rows`` in a thread on its own store; its first progress step holds for ``hold_s``,
    so whatever the test does next meets the load in progress (inside its atomic scope)."""

    def __init__(self, store: Store, rows: GraphRows, *, replace: bool = False, hold_s: float = 1.5):
        self.store, self.started = another(store), threading.Event()
        self.summary: LoadSummary | None = None
        self.error: Exception | None = None

        def progress(_n: int) -> None:
            if not self.started.is_set():
                self.started.set()
                time.sleep(hold_s)

        def run() -> None:
            try:
                self.summary = load_rows(self.store, rows, replace=replace, progress=progress)
            except Exception as e:  # reported by the test
                self.error = e

        self.thread = threading.Thread(target=run)
        self.thread.start()
        assert self.started.wait(120), "the background load never started writing"

    def join(self) -> None:
        self.thread.join(300)
        self.store.close()
        assert not self.thread.is_alive()


def test_a_write_made_during_a_load_waits_for_it_and_is_kept(any_store: Store) -> None:
    load_package(any_store, read_package("reco"))
    rows = package_rows(read_package("example"))
    load = Background(any_store, rows)
    done: list[list[dict]] = []
    writer = threading.Thread(target=lambda: done.append(any_store.query(
        "CREATE (:Note {id: 'written-during-load', reviewId: 'reco'}) RETURN 1 AS ok", write=True).rows))
    writer.start()
    writer.join(0.5)
    waited = writer.is_alive()
    load.join()
    writer.join(60)
    assert load.error is None and load.summary is not None and done == [[{"ok": 1}]]
    if isinstance(any_store, FalkorStore):
        assert waited, "on the embedded store a write waits for the load's swap"
    notes = any_store.query("MATCH (n:Note {id: 'written-during-load'}) RETURN count(n) AS n").rows
    assert notes == [{"n": 1}], "the load's swap must not drop a write made meanwhile"
    assert sum(r["count"] for r in any_store.run("count_nodes_by_label", {"review": "example"})) \
        == load.summary.nodes


def test_two_loads_of_different_reviews_at_once_both_land(any_store: Store, tmp_path: Path) -> None:
    first = package_rows(read_package(write_review(tmp_path, "first", cmocs=40, seed=1)))
    second = package_rows(read_package(write_review(tmp_path, "second", cmocs=40, seed=2)))
    load = Background(any_store, first)
    summary = load_rows(any_store, second)
    load.join()
    assert load.error is None and load.summary is not None
    assert [r["id"] for r in any_store.run("list_reviews")] == ["first", "second"]
    for review, expected in (("first", load.summary), ("second", summary)):
        nodes = any_store.run("count_nodes_by_label", {"review": review})
        assert sum(r["count"] for r in nodes) == expected.nodes, review


def test_two_loads_of_one_review_at_once_run_one_after_the_other(any_store: Store, tmp_path: Path) -> None:
    """The second load waits for the first, then decides on what it left: the same content is
    nothing to do, other content needs --replace (and is refused whole), never a mix of both."""
    mine = package_rows(read_package(write_review(tmp_path / "a", "shared", cmocs=40, seed=1)))
    theirs = package_rows(read_package(write_review(tmp_path / "b", "shared", cmocs=30, seed=2)))
    load = Background(any_store, mine)
    with pytest.raises(ReviewAlreadyLoaded, match="--replace"):
        load_rows(any_store, theirs)
    load.join()
    assert load.error is None and load.summary is not None and not load.summary.unchanged
    nodes = sum(r["count"] for r in any_store.run("count_nodes_by_label", {"review": "shared"}))
    assert nodes == load.summary.nodes
    twice = package_rows(read_package(write_review(tmp_path, "twice", cmocs=30, seed=3)))
    again = Background(any_store, twice)
    assert load_rows(any_store, twice).unchanged, "the same content loaded meanwhile: nothing to do"
    again.join()
    assert again.error is None and again.summary is not None and not again.summary.unchanged
    nodes = sum(r["count"] for r in any_store.run("count_nodes_by_label", {"review": "twice"}))
    assert nodes == again.summary.nodes


def test_to_networkx_has_every_node_and_relationship(any_example_store: Store) -> None:
    G = to_networkx(any_example_store, "example")
    assert G.number_of_nodes() == counts(any_example_store)["nodes"]
    assert G.number_of_edges() == counts(any_example_store)["relationships"]
    assert G.nodes["example:pt2"]["label"] == "ProgrammeTheory"


def test_paths_cross_theories(any_example_store: Store) -> None:
    chains = find_pathways(causal_graph(any_example_store, "example"), "attitudes", "engagement",
                           max_hops=5)
    assert any(set(c.theories) == {"example:pt2", "example:pt5"} for c in chains)


def test_change_token_follows_every_write_and_no_read(any_example_store: Store, outside_write) -> None:
    store = any_example_store
    token = store.change_token()
    store.run("get_concepts", {"review": None})
    store.query("MATCH (n) RETURN count(n) AS n")
    assert store.change_token() == token, "reads must not change the token"
    outside_write("MATCH (c:Context {id: $id}) SET c.name = $name",
                  {"id": "example:non-judgemental-attitudes", "name": "Renamed elsewhere"})
    edited = store.change_token()
    assert edited != token, "a property-only edit made outside ptgraph must change the token"
    store.query("MATCH (c:Context {id: $id}) SET c.definition = 'x'",
                {"id": "example:non-judgemental-attitudes"}, write=True)
    assert store.change_token() not in (token, edited)


@pytest.mark.parametrize("name", CATALOG)
def test_catalog_statement_runs(any_store: Store, name: str) -> None:
    text = cypher._text(name)
    slots = {k: v for k, v in {"Label": "Context", "From": "Context", "To": "Mechanism",
                               "REL": "SUPPORTS"}.items() if f"__{k}__" in text}
    params: dict[str, Any] = {"review": None, "stage": None, "theory": None, "concept": None,
                              "rows": [], "cmocs": [], "id": "r", "props": {"name": "R"},
                              "lo": 0, "hi": 1, "labels": [], "types": []}
    any_store.run(name, params, **slots)


def test_neo4j_only_statements_run(neo4j_store: Neo4jStore) -> None:
    for name in cypher.names("neo4j"):
        neo4j_store.run(name, {"id": "r"}, Label="Context")


@pytest.mark.parametrize("name", SAVED)
def test_saved_query_runs_read_only_with_its_defaults(any_store: Store, name: str) -> None:
    result = any_store.query(cypher.statement(name), cypher.parameters(name), write=False)
    assert result.columns, name


# Columns that collect() without an ORDER BY: their order is the store's choice.
UNORDERED = {"saved/list_speaker_quotes": {"theories", "cmocs", "relations"},
             "saved/list_white_area_domains": {"theories"}}


def _comparable(value: Any) -> Any:
    """A value without the database's internal ids (they differ by store), hashable."""
    if isinstance(value, dict):
        return tuple(sorted((k, _comparable(v)) for k, v in value.items() if k not in ("_nodeId", "_relId")))
    if isinstance(value, list):
        return tuple(_comparable(v) for v in value)
    return value


def _rows(store: Store, name: str) -> list:
    rows = store.query(cypher.statement(name), cypher.parameters(name)).rows
    unordered = UNORDERED.get(name, set())
    rows = [{k: sorted(v) if k in unordered else v for k, v in row.items()} for row in rows]
    return sorted((_comparable(r) for r in rows), key=repr)


def test_reco_is_the_same_on_both_stores(reco_store: FalkorStore, neo4j_store: Neo4jStore) -> None:
    load_package(neo4j_store, read_package("reco"))
    for name in ("count_nodes", "count_nodes_by_label", "count_relationships_by_type"):
        assert neo4j_store.run(name, {"review": "reco"}) == reco_store.run(name, {"review": "reco"}), name
    empty = [name for name in SAVED if not _rows(neo4j_store, name)]
    assert not empty, f"no rows on RECO in Neo4j: {empty}"
    differ = [name for name in SAVED if _rows(neo4j_store, name) != _rows(reco_store, name)]
    assert not differ, f"saved queries whose rows differ between the stores: {differ}"
    chains = [find_pathways(causal_graph(s, "reco"), "leadership", "engagement", limit=None)
              for s in (reco_store, neo4j_store)]
    assert chains[0] == chains[1] and chains[0]


# Neo4j only: what a real server and its driver add.

def test_row_limit_stops_the_server_streaming(neo4j_store: Neo4jStore) -> None:
    """Rows past the limit are never computed: row 5000 would divide by zero."""
    failing = "UNWIND range(1, 100000) AS i RETURN 1 / (5000 - i) AS x"
    assert len(neo4j_store.query(failing, limit=10).rows) == 10
    with pytest.raises(QueryFailed, match="by zero"):
        neo4j_store.query(failing, limit=None)


def test_routing_uri_reads_its_own_load(neo4j_uri: str, neo4j_store: Neo4jStore) -> None:
    routed = neo4j_uri.replace("bolt://", "neo4j://")
    with Neo4jStore(routed, neo4j_server.USER, neo4j_server.PASSWORD) as store:
        load_package(store, read_package("example"))
        assert store.query("MATCH (p:ProgrammeTheory) RETURN count(p) AS n").rows == [{"n": 2}]


def test_batched_write_runs_in_its_own_transactions(neo4j_store: Neo4jStore) -> None:
    neo4j_store.query("UNWIND range(1, 5) AS i CREATE (:Note {id: toString(i)})", write=True)
    result = neo4j_store.query("MATCH (n:Note) CALL (n) { SET n.seen = true } IN TRANSACTIONS OF 2 ROWS "
                               "RETURN count(n) AS n", write=True)
    assert result.rows == [{"n": 5}]


def test_a_load_blocked_by_another_writer_is_retried(neo4j_store: Neo4jStore, monkeypatch) -> None:
    """Another transaction holds a node the load must delete past the server's lock timeout: the
    load gets a transient error, is replayed in a fresh transaction, and lands once the other
    commits, replacing the review with the package's content (the other's edit included)."""
    loads: list[LoadTransaction] = []

    class Recorded(LoadTransaction):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            loads.append(self)

    pkg = renamed(read_package("example"), "blocked")
    summary = load_package(neo4j_store, pkg)
    monkeypatch.setattr(neo4j_store_module, "LoadTransaction", Recorded)
    with neo4j.GraphDatabase.driver(neo4j_store.uri, auth=(neo4j_server.USER, neo4j_server.PASSWORD)) as d, \
            d.session() as session:
        other = session.begin_transaction()
        other.run("MATCH (c:Context {id: $id}) SET c.heldBy = 'other'",
                  id="blocked:non-judgemental-attitudes").consume()
        release = threading.Timer(neo4j_server.LOCK_TIMEOUT_S * 1.5, other.commit)
        release.start()
        try:
            load_package(neo4j_store, pkg, replace=True)
        finally:
            release.join()
    assert loads and loads[0].retries >= 1, "the load should have met the lock timeout and retried"
    nodes = neo4j_store.query("MATCH (n {reviewId: 'blocked'}) RETURN count(n) AS n").rows[0]["n"]
    assert nodes == summary.nodes
    held = neo4j_store.query("MATCH (c:Context {id: 'blocked:non-judgemental-attitudes'}) "
                             "RETURN c.heldBy AS heldBy, c.name AS name").rows
    assert held == [{"heldBy": None, "name": "Non-judgemental staff attitudes"}]


def test_wrong_password_is_an_auth_failure_not_read_only(neo4j_uri: str) -> None:
    with pytest.raises(AuthFailed) as failed:
        Neo4jStore(neo4j_uri, neo4j_server.USER, "not-the-password")
    assert "password" in str(failed.value) and "read-only" not in str(failed.value)


def test_connection_problems_are_plain_store_errors(neo4j_uri: str) -> None:
    with pytest.raises(StoreUnavailable, match="no Neo4j server answers"):
        Neo4jStore(f"bolt://127.0.0.1:{free_port()}", neo4j_server.USER, neo4j_server.PASSWORD)
    for uri in ("localhost:7687", "http://127.0.0.1:7474", "bolt://127.0.0.1:port"):
        with pytest.raises(StoreMisconfigured, match="is not a Neo4j URI"):
            Neo4jStore(uri)
    with pytest.raises(DatabaseNotFound, match="no database named 'nosuch'"):
        Neo4jStore(neo4j_uri, neo4j_server.USER, neo4j_server.PASSWORD, database="nosuch")
