"""The captions of exported views (dashboard/views/captions.py), without a browser, on real stores."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dashboard.app import create_app
from dashboard.data import ALL_REVIEWS, ExplorerData
from dashboard.export import caption_items, query_params
from dashboard.pages import console, network, pathways, theory
from dashboard.views import captions as cap
from graph.load import load_package
from graph.stores.falkor_store import FalkorStore
from loaders.package import read_package

DAY = date(2026, 1, 31)
EXAMPLE = "Example — two RECO programme theories"
CREDIT = ("ptgraph · data: Hughes et al. 2024, https://doi.org/10.3310/JTNT0476, CC BY 4.0 · "
          "exported 2026-01-31")


def words(lines: list[str]) -> str:
    return "\n".join(lines)


def no_ids(lines: list[str]) -> None:
    """A reader's words: no store id (``reco:pt6``, ``example:engagement``) in any line."""
    for line in lines:
        assert "reco:" not in line and "example:" not in line and "__all__" not in line, line


def test_network_default_view_names_review_and_says_nothing_narrows_it(example_store: FalkorStore) -> None:
    lines = cap.network_caption(ExplorerData(example_store), network.initial_state({}),
                                "9 concepts, 9 links · key concepts", today=DAY)
    assert lines == ["Key concepts of the causal graph", f"{EXAMPLE} · all programme theories",
                     "No filters: every concept kind, disconfirming and theory-only links shown",
                     "Shown: 9 concepts, 9 links · key concepts", CREDIT]


def test_network_caption_names_every_filter_in_words(reco_store: FalkorStore) -> None:
    state = network.initial_state({"view": "focus", "focus": "reco:committed-leadership", "depth": "2",
                                   "q": "engagement", "kinds": "context,outcome", "negative": "",
                                   "theoryonly": "", "domain": "reco:selfie-workforce",
                                   "sources": "carer,staff", "theory": "reco:pt6", "review": "reco"})
    lines = cap.network_caption(ExplorerData(reco_store), state, today=DAY)
    assert lines[0] == ("Neighbourhood of “Committed leadership across organisations”: causes and effects "
                        "up to 2 steps away")
    assert lines[1].startswith("RECO: realist evaluation") and lines[1].endswith(" · PT 6: opinion leaders")
    filters = lines[2]
    for phrase in ("search “engagement”", "only these concept kinds: Context, Outcome",
                   "SELFIE component “Workforce”", "evidence from Carers, Staff",
                   "disconfirming (negative) links hidden", "theory-only links (no evidence item) hidden"):
        assert phrase in filters, phrase
    assert "Mechanism" not in filters  # the kinds shown are named, not the ones hidden
    assert lines[-1].startswith("ptgraph · data: Hughes et al. 2024") and len(lines) == 4
    no_ids(lines)


def test_network_caption_reads_the_url_as_the_page_does(reco_store: FalkorStore) -> None:
    """A PT, component or review the store does not have is dropped by the page's pickers: so here."""
    data = ExplorerData(reco_store)
    state = network.initial_state({"review": "nope", "theory": "reco:pt99", "domain": "reco:nothing",
                                   "view": "focus", "focus": "reco:nothing", "depth": "1"})
    lines = cap.network_caption(data, state, today=DAY)
    assert lines[0] == "Neighbourhood of a concept (none picked)"
    assert lines[1].startswith("RECO: ") and lines[1].endswith(" · all programme theories")
    assert lines[2].startswith("No filters")
    every = cap.network_caption(data, network.initial_state({"review": ALL_REVIEWS, "view": "all"}),
                                today=DAY)
    assert every[:2] == ["The whole causal graph", "All reviews · all programme theories"]
    assert every[-1] == CREDIT  # RECO is the only review: its credit


def test_neighbourhood_is_of_the_concept_the_page_centres(example_store: FalkorStore) -> None:
    """The picked concept, else the only search match, in the graph as filtered (none: none picked)."""
    data = ExplorerData(example_store)
    searched = cap.network_caption(data, network.initial_state({"view": "focus", "q": "engagement"}))
    assert searched[0] == "Neighbourhood of “Engagement in treatment”: causes and effects up to 1 step away"
    hidden = network.initial_state({"view": "focus", "focus": "example:engagement", "kinds": "context"})
    assert cap.network_caption(data, hidden)[0] == "Neighbourhood of a concept (none picked)"


def test_network_kinds_filter_counts_only_kinds_the_review_has(example_store: FalkorStore) -> None:
    data = ExplorerData(example_store)
    present = "context,resource,response,outcome"  # the example has no undivided mechanism
    assert "kinds" not in words(cap.network_caption(data, network.initial_state({"kinds": present})))
    none = cap.network_caption(data, network.initial_state({"kinds": ""}))
    assert "no concept kind ticked" in none[2]


def test_pathway_caption_names_both_ends_the_bounds_and_the_chain(example_store: FalkorStore) -> None:
    data = ExplorerData(example_store)
    state = pathways.initial_state({"from": "attitudes", "to": "engagement", "hops": "5"})
    lines = cap.pathway_caption(data, state, today=DAY)
    assert lines[0] == "Causal chains from “Non-judgemental staff attitudes” to “Engagement in treatment”"
    assert lines[1] == EXAMPLE
    assert lines[2] == "Search: up to 5 links per chain; disconfirming links left out"
    assert lines[3].startswith("1 chain found; highlighted: chain 1 (4 links): "
                               "Non-judgemental staff attitudes → ")
    assert lines[3].endswith(" → Engagement in treatment") and lines[-1] == CREDIT
    short = cap.pathway_caption(data, pathways.initial_state({"from": "attitudes", "to": "engagement",
                                                              "hops": "2"}))
    assert short[3] == "No chain found"
    assert cap.pathway_caption(data, pathways.initial_state({}))[0] == "Causal chains (no search made)"
    missing = cap.pathway_caption(data, pathways.initial_state({"from": "budget", "to": "engagement"}))
    assert missing[0] == "Causal chains from “budget” (no concept matches) to “Engagement in treatment”"
    several = cap.pathway_caption(data, pathways.initial_state({"from": "staff", "to": "engagement"}))
    assert several[0].startswith("Causal chains from concepts matching “staff” (")


def test_pathway_caption_counts_the_chains_the_page_finds(reco_store: FalkorStore) -> None:
    data = ExplorerData(reco_store)
    state = pathways.initial_state({"from": "leadership", "to": "engagement", "chain": "1",
                                    "negative": "negative", "sources": "staff"})
    G = pathways.narrowed_graph(data, "reco", None, ["staff"])
    chains, status = pathways.search_chains(G, "leadership", "engagement", 4, True)
    lines = cap.pathway_caption(data, state, today=DAY)
    assert status == f"{len(chains)} chains found."
    assert lines[3].startswith(f"{len(chains)} chains found; highlighted: chain 2 ")
    assert "disconfirming links allowed; only links backed by evidence from Staff" in lines[2]
    assert lines[0] == ("Causal chains from “Committed leadership across organisations” to "
                        "“Engagement with services”")
    no_ids(lines)


def test_searched_params_override_the_edited_form() -> None:
    """The caption reads the search the graph was drawn from, not what the form holds now."""
    params = query_params("?from=typed&to=later&hops=2&negative=negative")
    merged = pathways.initial_state({**params, **pathways.searched_params("attitudes", "engagement", 5, [])})
    assert [merged[k] for k in ("from", "to", "hops", "negative")] == ["attitudes", "engagement", 5, []]
    unsearched = pathways.searched_params(None, None, None, None)
    assert pathways.initial_state({**params, **unsearched})["from"] is None


def test_theory_caption_gives_number_name_review_and_cmocs(reco_store: FalkorStore) -> None:
    data = ExplorerData(reco_store)
    lines = cap.theory_caption(data, theory.initial_state({"theory": "reco:pt6"}), today=DAY)
    assert lines[:2] == ["PT 6: opinion leaders", "Refined programme theory 6: leadership"]
    assert lines[2].startswith("A programme theory of RECO: realist evaluation")
    cmocs = {r["cmoc"] for r in reco_store.run("get_theory_cmocs", {"theory": "reco:pt6"})}
    assert lines[3].startswith(f"Its {len(cmocs)} CMOCs: ") and lines[-1].startswith("ptgraph · data: Hughes")
    initial = cap.theory_caption(data, theory.initial_state({"theory": "reco:ipt6"}))
    assert initial[0] == "Initial PT 6: opinion leaders" and initial[2] == "No CMOCs recorded for it"
    unknown = cap.theory_caption(data, theory.initial_state({"theory": "reco:pt99"}))
    assert unknown[0] == "No programme theory picked"
    no_ids(lines)


def test_console_caption_names_the_saved_query_its_parameters_and_the_store(reco_store: FalkorStore) -> None:
    data = ExplorerData(reco_store)
    query = console.saved_query("find_causal_chains")
    assert query is not None
    ran = {"q": query.name, "cypher": query.text, "params": json.dumps(query.defaults)}
    lines = console.caption(data, ran)
    assert lines[0] == "Result of the saved query “find causal chains”"
    assert lines[1].startswith("Causal chains of one to four LEADS_TO links")
    assert lines[2].startswith("Query: MATCH p = (a)-[:LEADS_TO*1..4]->(b) WHERE") and "//" not in lines[2]
    assert len(lines[2]) <= len("Query: ") + cap.QUERY_CHARS and lines[2].endswith("…")
    assert lines[3] == 'Parameters: from = "leadership", to = "engagement", polarities = ["positive"]'
    assert lines[4].startswith("Over the whole database: RECO: realist evaluation")
    edited = console.caption(data, {**ran, "cypher": query.text + " // mine"})
    assert edited[0] == "Result of a Cypher query (read-only)"


def test_console_caption_names_the_review_a_query_is_scoped_to(reco_store: FalkorStore) -> None:
    data = ExplorerData(reco_store)
    text = "MATCH (t:ProgrammeTheory) WHERE t.reviewId = $review RETURN t"
    lines = console.caption(data, {"cypher": text, "params": '{"review": "reco"}'})
    assert lines[1:3] == [f"Query: {text}", 'Parameters: review = "reco"']
    assert lines[3] == ("Review: RECO: realist evaluation of service models for co-occurring serious "
                        "mental illness and substance use")
    assert console.caption(data, {"cypher": text, "params": "{oops"})[2] == "Parameters: not valid JSON"
    assert console.caption(data, None)[0] == "No query result yet"


def test_credit_line_credits_each_review_once(example_store: FalkorStore) -> None:
    load_package(example_store, read_package("reco"))
    data = ExplorerData(example_store)
    assert cap.credit_line(data, ALL_REVIEWS, DAY) == CREDIT  # both cite the RECO report: one credit
    every = cap.network_caption(data, network.initial_state({"review": ALL_REVIEWS}))
    assert every[1] == "All reviews · all programme theories"


def test_caption_items_style_title_lines_and_credit() -> None:
    items = caption_items(["Title", "What it shows", "Filters", "ptgraph"])
    assert [i["weight"] for i in items] == ["bold", "normal", "normal", "normal"]
    assert items[0]["size"] > items[1]["size"] > items[-1]["size"]
    assert caption_items([]) == [] and caption_items(["Only"])[0]["weight"] == "bold"


def _caption_request(app, prefix: str, search: str, state: list[dict]) -> dict:
    """POST one export click's caption request to the app, as the browser's renderer does."""
    body = {"output": f"{prefix}-caption.data", "outputs": {"id": f"{prefix}-caption", "property": "data"},
            "inputs": [{"id": f"{prefix}-export-request", "property": "data",
                        "value": {"kind": "svg", "search": search, "nonce": 7}}],
            "state": state, "changedPropIds": [f"{prefix}-export-request.data"]}
    answer = app.server.test_client().post("/_dash-update-component", json=body)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()["response"][f"{prefix}-caption"]["data"]


def test_export_click_gets_the_caption_of_the_url_and_of_what_was_drawn(example_store: FalkorStore) -> None:
    app = create_app(example_store)
    shown = {"id": "network-search-status", "property": "children", "value": "9 concepts, 8 links"}
    data = _caption_request(app, "network", "?negative=&q=%3Ccare%3E", [shown])
    assert data["kind"] == "svg" and data["nonce"] == 7
    texts = [i["text"] for i in data["lines"]]
    assert "search “<care>”" in texts[2] and "disconfirming (negative) links hidden" in texts[2]
    assert texts[3] == "Shown: 9 concepts, 8 links"
    searched = {"id": "pathway-searched", "property": "data",
                "value": pathways.searched_params("attitudes", "engagement", 5, [])}
    chain = _caption_request(app, "pathway", "?from=edited&to=since", [searched])
    assert chain["lines"][0]["text"].startswith("Causal chains from “Non-judgemental staff attitudes”")


@pytest.mark.parametrize("prefix", ["theory", "console"])
def test_every_graph_page_answers_an_export_click(example_store: FalkorStore, prefix: str) -> None:
    app = create_app(example_store)
    state = [] if prefix == "theory" else [{"id": "console-ran", "property": "data", "value": None}]
    data = _caption_request(app, prefix, "?theory=example:pt2", state)
    title = "PT 2: staff attitudes" if prefix == "theory" else "No query result yet"
    assert data["lines"][0]["text"] == title
