"""The Cypher console's plain functions, without a browser, on a real embedded store."""

from __future__ import annotations

import logging

import dash
import pytest
from neo4j.graph import Graph, Node

import cypher
from dashboard import style
from dashboard.app import create_app
from dashboard.data import ExplorerData
from dashboard.pages import console as cp
from dashboard.views import console_results as cr
from graph.errors import QueryFailed, QueryRefused, StoreUnavailable
from graph.stores.falkor_store import FalkorStore
from graph.stores.store import DEFAULT_ROW_LIMIT, QueryResult
from graph.stores.values import plain


def nodes_and_edges(elements: list[dict]) -> tuple[dict[str, dict], list[dict]]:
    nodes = {e["data"]["id"]: e for e in elements if "source" not in e["data"]}
    return nodes, [e for e in elements if "source" in e["data"]]


def test_saved_queries_carry_description_and_defaults() -> None:
    queries = cp.saved_queries()
    assert len(queries) == len(cypher.names("saved")) >= 6
    chains = cp.saved_query("find_causal_chains")
    assert chains is not None and cp.saved_query("saved/find_causal_chains") == chains
    assert chains.defaults == {"from": "leadership", "to": "engagement", "polarities": ["positive"]}
    assert chains.description.startswith("Causal chains") and "@param" not in chains.description
    assert chains.text.startswith("// Causal chains") and "MATCH p = " in chains.text
    assert cp.saved_query("drop_everything") is None and cp.saved_query(None) is None
    option = cp.saved_options([chains])[0]
    assert option["value"] == "find_causal_chains"
    assert "find causal chains" in option["search"] and "leadership" in option["search"]


def test_parameter_declarations_must_be_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cypher, "_text", lambda name: "// Broken.\n// @param x: leadership\nRETURN $x")
    with pytest.raises(ValueError, match="@param x is not JSON"):
        cypher.parameters("saved/broken")
    monkeypatch.setattr(cypher, "_text", lambda name: "// Broken.\n// @parameter x = 1\nRETURN $x")
    with pytest.raises(ValueError, match="cannot read"):
        cypher.parameters("saved/broken")


def test_params_box_parsing_says_where_it_is_wrong() -> None:
    assert cp.parse_params(' {"n": 2, "xs": [1]} ') == {"n": 2, "xs": [1]}
    assert cp.parse_params("") == {} and cp.parse_params(None) == {}
    with pytest.raises(cp.ParamsInvalid, match="not valid JSON: Expecting ',' delimiter at line 2, column 9"):
        cp.parse_params('{"a": 1,\n "b": 2 "c": 3}')
    with pytest.raises(cp.ParamsInvalid, match="must be a JSON object .* not list"):
        cp.parse_params("[1, 2]")
    assert cp.used_parameters("MATCH (n {id: $id}) // $gone\nWHERE n.x = \"$no\" RETURN $id, $other") == [
        "id", "other"]


def test_a_write_is_refused_by_the_database_and_explained(store: FalkorStore) -> None:
    before = store.run("count_nodes")
    with pytest.raises(QueryRefused) as refused:
        store.query("CREATE (:Review {id: 'x'})")
    problem = cr.problem_for(refused.value, "CREATE (:Review {id: 'x'})", 10)
    assert problem.message.startswith("This console is read-only, so the query was not run: "
                                      "it tries to write (CREATE (:Review {id: 'x'}))")
    assert "`ptgraph query --write`" in problem.message and not problem.unexpected
    outcome = cp.run_console(store, "MATCH (n) // SET nothing\nDETACH DELETE n", "{}")
    assert outcome.result is None and "(DETACH DELETE n)" in outcome.problem.message
    assert store.run("count_nodes") == before


def test_database_errors_become_plain_messages(store: FalkorStore, caplog: pytest.LogCaptureFixture) -> None:
    syntax = cp.run_console(store, "MATCH (n RETURN n", "")
    assert syntax.problem.message == ("The database could not read the query at line 1, column 10, near "
                                      "'RETURN': check the spelling there and that every bracket and quote "
                                      "is closed.")
    assert "bracket" in syntax.problem.hint and "errMsg" not in syntax.problem.message
    unknown = cp.run_console(store, "MATCH (n) WHERE n.id = $id AND n.x = $x RETURN n", '{"x": 1}')
    assert unknown.problem.message == "The query uses $id, but the parameters box gives no value for it."
    bad_json = cp.run_console(store, "RETURN $x AS x", "{x: 1}")
    assert bad_json.problem.message.startswith("The parameters are not valid JSON") and "column 2" in \
        bad_json.problem.message
    undefined = cp.run_console(store, "MATCH (n) RETURN m", "")
    assert undefined.problem.message == ("The query uses m but nothing defines it: a MATCH, WITH or UNWIND "
                                         "must name it first.") and not undefined.problem.unexpected
    timeout = cr.problem_for(QueryFailed("Query timed out"), "MATCH (n) RETURN n", 3)
    assert timeout.message == "The query was stopped after 3 s, its time limit."
    assert cp.run_console(store, "  ", "").problem.message.startswith("Write a Cypher query")
    with caplog.at_level(logging.ERROR, logger="dashboard.pages.console"):
        broken = cp.run_console(_Unreachable(), "RETURN 1 AS n", "")
    assert broken.problem.unexpected and "server went away" in broken.problem.message
    assert "server went away" in caplog.text  # shown and logged, never swallowed


class _Unreachable:
    def query(self, *args, **kwargs):
        raise StoreUnavailable("lost the embedded server: server went away")


def test_rows_become_readable_table_cells(reco_store: FalkorStore) -> None:
    query = ("MATCH (c:Context {id: $id}) RETURN c, c.name AS name, ['a', 'b'] AS xs, {k: 1} AS m, "
             "true AS flag, 3 AS n, null AS nothing")
    outcome = cp.run_console(reco_store, query, '{"id": "reco:committed-leadership", "unused": 1}')
    result = outcome.result
    assert cr.table_columns(result.columns)[1] == {"name": "name", "id": "name"}
    row = cr.table_rows(result.rows, result.columns)[0]
    assert row["c"].startswith('(:Context {id: "reco:committed-leadership", name: "Committed leadership')
    assert "_nodeId" not in row["c"]
    assert [row[c] for c in ("xs", "m", "flag", "n", "nothing")] == ['["a", "b"]', "{k: 1}", "true", 3, None]
    assert outcome.status().endswith("ms · not used by the query: $unused")
    assert outcome.status().startswith("1 row in ")
    assert cr.cell_text("Verbatim “quote”, kept whole.") == "Verbatim “quote”, kept whole."


def test_row_limit_truncates_and_says_so(reco_store: FalkorStore) -> None:
    outcome = cp.run_console(reco_store, "MATCH (e:Evidence) RETURN e.text AS text", "", limit="3")
    assert len(outcome.result.rows) == 3 and outcome.result.truncated
    assert "showing the first 3 rows — raise the limit" in outcome.status()
    assert len(cp.run_console(reco_store, "UNWIND range(1, 20000) AS x RETURN x", "", 99999).result.rows) == \
        cp.MAX_ROW_LIMIT


def test_relationship_ends_match_node_ids(reco_store: FalkorStore) -> None:
    result = reco_store.query("MATCH (a:Context)-[r:LEADS_TO]->(b) RETURN a, r, b LIMIT 20")
    # FalkorDB names ends by internal id; the store maps them onto the returned nodes' ids
    assert result.rows[0]["r"]["_source"] == result.rows[0]["a"]["id"]
    nodes, edges = nodes_and_edges(cr.result_elements(result.rows))
    assert len(edges) == 20 and all(n.startswith("reco:") for n in nodes)
    assert all(e["data"]["source"] in nodes and e["data"]["target"] in nodes for e in edges)
    assert {nodes[e["data"]["source"]]["classes"] for e in edges} == {"context"}
    cell = cr.table_rows(result.rows, result.columns)[0]["r"]
    assert cell.startswith(f"({result.rows[0]['a']['id']})-[:LEADS_TO {{")
    alone = cr.result_elements(reco_store.query("MATCH ()-[r:IN_DOMAIN]->() RETURN r LIMIT 1").rows)
    placeholders, typed = nodes_and_edges(alone)
    assert [p["classes"] for p in placeholders.values()] == ["placeholder", "placeholder"]
    assert typed[0]["classes"] == "typed" and typed[0]["data"]["label"] == "IN_DOMAIN"


def test_neo4j_relationship_ends_match_node_ids_too() -> None:
    graph = Graph()
    returned = Node(graph, "4:db:1", 1, ["Context"], {"id": "r:lead", "name": "Lead", "kind": "context"})
    not_returned = Node(graph, "4:db:2", 2)  # the driver gives an end it has not seen without properties
    rel = graph.relationship_type("LEADS_TO")(graph, "5:db:9", 9, {"polarity": "negative"})
    rel._start_node, rel._end_node = returned, not_returned  # as the driver's hydrator does
    row = {"a": plain(returned), "r": plain(rel)}
    assert (row["r"]["_source"], row["r"]["_target"], row["r"]["_type"]) == ("r:lead", "4:db:2", "LEADS_TO")
    nodes, edges = nodes_and_edges(cr.result_elements([row]))
    assert nodes["r:lead"]["classes"] == "context" and nodes["4:db:2"]["classes"] == "placeholder"
    assert edges[0]["classes"] == "negative" and edges[0]["data"]["source"] == "r:lead"


def test_paths_and_lineage_draw_as_graphs(reco_store: FalkorStore) -> None:
    data = ExplorerData(reco_store)
    chains = cp.run_saved(data, "find_causal_chains", {"to": "engagement with services"})
    nodes, edges = nodes_and_edges(cr.result_elements(chains.rows))
    assert "reco:committed-leadership" in nodes and "reco:engagement" in nodes
    assert nodes["reco:engagement"]["classes"] == "outcome" and nodes["reco:engagement"]["data"]["label"] == \
        "Engagement with services"
    assert edges and all(e["data"]["source"] in nodes and e["data"]["target"] in nodes for e in edges)
    assert {e["classes"] for e in edges} <= {"positive", "positive theory-only"}
    first_chain = cr.table_rows(chains.rows, ["chain"])[0]["chain"]
    assert first_chain.startswith("(Committed leadership across organisations)-[:LEADS_TO]->(")
    lineage = cp.run_saved(data, "trace_theory_lineage")
    nodes, edges = nodes_and_edges(cr.result_elements(lineage.rows))
    assert set(nodes) == {"reco:pt6", "reco:ipt6", "reco:draft6"} and len(edges) == 2
    assert {n["classes"] for n in nodes.values()} == {"label-programmetheory"}
    with pytest.raises(KeyError, match="no saved query named 'nope'"):
        cp.run_saved(data, "nope")


def test_result_view_prefixes_ids_and_hides_an_empty_graph(reco_store: FalkorStore) -> None:
    counts = cp.run_saved(ExplorerData(reco_store), "count_evidence_by_site")
    view = cr.result_view(counts, "workshop-q")
    (table_box, rows), graph_box = view.children[0].children, view.children[1]
    table = table_box.children[0]
    assert table.id == "workshop-q-table" and len(table.children[1].children) == len(counts.rows) >= 1
    assert rows.id == "workshop-q-rows" and len(rows.data) == len(counts.rows)  # every row, for the CSV
    assert graph_box.children.id == "workshop-q-graph" and graph_box.style == style.HIDDEN
    drawn = cr.result_view(cp.run_saved(ExplorerData(reco_store), "get_concept_links"), "console")
    assert drawn.children[1].style == style.CONSOLE_GRAPH_BOX and drawn.children[1].children.elements


def test_url_state_names_a_saved_query_or_carries_the_edited_text() -> None:
    chains = cp.saved_query("find_causal_chains")
    defaults = '{"from": "leadership", "to": "engagement", "polarities": ["positive"]}'
    assert cp.url_state("find_causal_chains", chains.text, defaults, DEFAULT_ROW_LIMIT, 10) == (
        None, None, None, None)
    edited = chains.text.replace("LIMIT 25", "LIMIT 5")
    assert cp.url_state("find_causal_chains", edited, '{"from": "lead"}', 50, 30) == (
        edited, '{"from": "lead"}', 50, 30)
    assert cp.url_state(None, "RETURN 1", "{}", None, None) == ("RETURN 1", None, None, None)
    restored = cp.initial_state({"q": "find_causal_chains", "params": '{"from": "lead"}', "limit": "99999"})
    assert restored["text"] == chains.text and restored["params"] == '{"from": "lead"}'
    assert restored["limit"] == cp.MAX_ROW_LIMIT and restored["linked"] is True
    typed = cp.initial_state({"cypher": "RETURN 1 AS n", "run": "1"})  # run=1 of older links: ignored
    assert typed == {"saved": None, "text": "RETURN 1 AS n", "params": "{}", "limit": DEFAULT_ROW_LIMIT,
                     "timeout": cp.DEFAULT_TIMEOUT_S, "linked": True}
    assert cp.initial_state({})["linked"] is False


def test_console_page_is_registered(reco_store: FalkorStore) -> None:
    app = create_app(reco_store)
    assert cp.PATH in {p["path"] for p in dash.page_registry.values()}
    page = str(cp.layout(q="list_shared_concepts"))
    assert "console-editor" in page and "minTheories" in page and "console-export-csv" in page
    assert app.server.test_client().get("/console?q=list_shared_concepts").status_code == 200
    assert QueryResult([], []).rows == []
