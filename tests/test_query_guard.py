"""The query checks and the row-limit rewrite as plain functions (no database): generous for real Cypher,
strict for what hides code, and a LIMIT only where it keeps the first rows the same."""

from __future__ import annotations

import re
import time

import pytest

import cypher
from graph.errors import MissingParameters, QueryNotAllowed, QueryRefused
from graph.queries import prepared, used_parameters
from graph.queries.guard import MAX_NESTING, check_cost, check_private, nesting
from graph.queries.limits import with_row_limit
from graph.queries.tokens import tokens

SLOTS = {"Label": "Context", "From": "Context", "To": "Outcome", "REL": "LEADS_TO"}


def _toks(text: str) -> list:
    return list(tokens(text))


def _statement(name: str) -> str:
    return cypher.statement(name, **SLOTS)  # slots a statement lacks are ignored


@pytest.mark.parametrize("name", cypher.names())
def test_every_statement_ptgraph_writes_passes_the_cost_check(name: str) -> None:
    text = _statement(name)
    check_cost(text, _toks(text), {})
    assert nesting(_toks(text))[0] <= MAX_NESTING // 2  # real queries stay far from the limit


@pytest.mark.parametrize("name", cypher.names("saved"))
def test_every_saved_query_is_allowed_read_only(name: str) -> None:
    text = cypher.statement(name)
    ready = prepared(text, cypher.parameters(name), write=False, limit=1000, timeout_ms=10_000)
    assert ready.text.startswith(text.rstrip().rstrip(";")[:20])


def test_nesting_counts_brackets_case_and_prefix_operators() -> None:
    assert nesting(_toks("RETURN " + "(" * 12 + "1" + ")" * 12))[0] == 12
    assert nesting(_toks("RETURN " + "-" * 12 + "1"))[0] == 12
    assert nesting(_toks("RETURN -(-(-(1)))"))[0] == 6
    assert nesting(_toks("RETURN CASE WHEN n.end THEN CASE WHEN true THEN 1 END END"))[0] == 2
    assert nesting(_toks("MATCH (a)<--(b)-[:R*1..3]->(c) WHERE NOT a.x IS NOT NULL RETURN a"))[0] <= 3
    assert nesting(_toks("RETURN 1 - 1 - 1 - 1 - 1 - 1 - 1 - 1 - 1 - 1 - 1 - 1 - 1"))[0] == 0


def test_the_cost_check_is_fast_even_on_hostile_text() -> None:
    hostile = "RETURN " + "(" * 20_000 + "1" + ")" * 20_000
    started = time.perf_counter()
    with pytest.raises(QueryNotAllowed, match="characters long"):
        check_cost(hostile, _toks(hostile), {})
    deep = "RETURN " + "-(" * 4000 + "1" + ")" * 4000
    with pytest.raises(QueryNotAllowed, match="levels deep"):
        check_cost(deep, _toks(deep), {})
    # a blow-up guard only (a recursive or quadratic check takes minutes here); how fast the
    # refusal is, is measured by bench/bench_queries.py: a 1 s bound failed on a loaded CI machine
    assert time.perf_counter() - started < 10.0


@pytest.mark.parametrize(("text", "refused"), [
    ("LOAD CSV FROM 'x' AS r RETURN r", "LOAD CSV"),
    ("load\u00a0csv from 'x' as r return r", "LOAD CSV"),
    ("CALL dbms.listConfig()", "dbms.listConfig"),
    ("CALL `dbms`.listConfig()", "dbms.listConfig"),
    ("CALL apoc.periodic.iterate('a', 'b', {})", "apoc.periodic.iterate"),
    ("RETURN apoc.util.sleep(1000) AS x", "apoc.util.sleep"),
    ("RETURN {x: apoc.cypher.runFirstColumnSingle('RETURN 1', {})} AS m", "apoc.cypher"),
    ("SHOW SETTINGS", "SHOW SETTINGS"),
    ("SHOW CURRENT USER", "SHOW CURRENT"),
    ("TERMINATE TRANSACTION 'x'", "TERMINATE"),
    ("USE neo4j RETURN 1", "USE"),
])
def test_reaching_outside_is_refused(text: str, refused: str) -> None:
    with pytest.raises(QueryNotAllowed) as error:
        check_private(_toks(text))
    assert refused in str(error.value)


@pytest.mark.parametrize("text", [
    "RETURN 'LOAD CSV FROM x' AS s",
    "MATCH (load:Context) RETURN load.csv AS csv",
    "MATCH (n) RETURN n.show AS show, n.use AS use, {call: 1, show: 2} AS m",
    "MATCH (show:Context) RETURN show",
    "CALL db.labels() YIELD label RETURN label",
    "CALL DB.LABELS()",
    "CALL algo.pageRank('Context', 'LEADS_TO') YIELD node, score RETURN node, score",
    "RETURN date.truncate('day', date()) AS d, apoc.text.join(['a'], ',') AS t, string.join(['a'], ',') AS s",
    "SHOW INDEXES", "SHOW ALL CONSTRAINTS", "SHOW BUILT IN FUNCTIONS",
    "CALL { MATCH (n) RETURN n } RETURN count(n) AS n",
    "CALL (x) { RETURN x AS y } RETURN y",
])
def test_reading_the_graph_is_allowed(text: str) -> None:
    check_private(_toks(text))


def test_missing_parameters_are_named_before_anything_is_sent() -> None:
    with pytest.raises(MissingParameters) as missing:
        prepared("MATCH (n {id: $id}) WHERE n.review = $review RETURN n // $ignored", {"id": 1}, write=False,
                 limit=10, timeout_ms=1000)
    assert missing.value.names == ["review"] and "add -p review=..." in str(missing.value)
    assert used_parameters("RETURN $`a b`, '$no', $x, $x") == ["a b", "x"]


def test_time_limits_are_bounded() -> None:
    assert prepared("RETURN 1", {}, write=False, limit=1, timeout_ms=None).timeout_ms == 300_000
    assert prepared("RETURN 1", {}, write=False, limit=1, timeout_ms=10**9).timeout_ms == 300_000
    with pytest.raises(QueryRefused, match="would mean no limit"):
        prepared("RETURN 1", {}, write=False, limit=1, timeout_ms=0)


def limited(text: str, limit: int | None = 10, params: dict | None = None) -> str:
    return with_row_limit(text, _toks(text), limit, params or {})


@pytest.mark.parametrize(("text", "expected"), [
    ("MATCH (n) RETURN n", "MATCH (n) RETURN n LIMIT 11"),
    ("MATCH (n) RETURN n ORDER BY n.id SKIP 5", "MATCH (n) RETURN n ORDER BY n.id SKIP 5 LIMIT 11"),
    ("MATCH (n) RETURN n LIMIT 5", "MATCH (n) RETURN n LIMIT 5"),
    ("MATCH (n) RETURN n LIMIT 500", "MATCH (n) RETURN n LIMIT 11"),
    ("MATCH (n) RETURN n LIMIT 5 + 5", "MATCH (n) RETURN n LIMIT 5 + 5"),
    ("MATCH (n) RETURN n;", "MATCH (n) RETURN n LIMIT 11;"),
    ("MATCH (n) RETURN n // the end", "MATCH (n) RETURN n LIMIT 11 // the end"),
    ("MATCH (n) RETURN n /* LIMIT 3 */", "MATCH (n) RETURN n LIMIT 11 /* LIMIT 3 */"),
    ("RETURN 1 AS x UNION RETURN 2 AS x", "RETURN 1 AS x UNION RETURN 2 AS x"),
    ("RETURN 1 AS x UNION ALL RETURN 2 AS x", "RETURN 1 AS x LIMIT 11 UNION ALL RETURN 2 AS x LIMIT 11"),
    ("MATCH (n) WITH n LIMIT 3 RETURN n", "MATCH (n) WITH n LIMIT 3 RETURN n LIMIT 11"),
    ("MATCH (n) RETURN [x IN n.list WHERE x > 1 | x] AS xs",
     "MATCH (n) RETURN [x IN n.list WHERE x > 1 | x] AS xs LIMIT 11"),
    ("MATCH (n) WHERE EXISTS { MATCH (n)-->() RETURN 1 } RETURN n.end AS e",
     "MATCH (n) WHERE EXISTS { MATCH (n)-->() RETURN 1 } RETURN n.end AS e LIMIT 11"),
    ("RETURN CASE WHEN true THEN 1 END AS x", "RETURN CASE WHEN true THEN 1 END AS x LIMIT 11"),
    ("CALL db.labels()", "CALL db.labels()"),
    ("CALL db.labels() YIELD label", "CALL db.labels() YIELD label"),
    ("MATCH (n) SET n.x = 1", "MATCH (n) SET n.x = 1"),
])
def test_the_row_limit_is_written_where_it_keeps_the_first_rows(text: str, expected: str) -> None:
    assert limited(text) == expected


def test_a_limit_parameter_is_lowered_only_when_it_is_larger() -> None:
    assert limited("RETURN 1 AS x LIMIT $n", params={"n": 500}) == "RETURN 1 AS x LIMIT 11"
    assert limited("RETURN 1 AS x LIMIT $n", params={"n": 3}) == "RETURN 1 AS x LIMIT $n"
    assert limited("RETURN 1 AS x", limit=None) == "RETURN 1 AS x"


def test_writes_and_their_returns_are_never_rewritten() -> None:
    text = "UNWIND range(1, 20) AS i CREATE (n:Note {i: i}) RETURN n"
    assert prepared(text, {}, write=True, limit=5, timeout_ms=1000).text == text
    assert re.search(r"LIMIT 6$", prepared(text.replace("CREATE", "MATCH"), {}, write=False, limit=5,
                                           timeout_ms=1000).text)
