"""The explorer's plain functions, without a browser."""

from __future__ import annotations

import gc

import dash
import networkx as nx
import pytest

from dashboard import data as explorer_data
from dashboard import style
from dashboard.app import create_app
from dashboard.data import ALL_REVIEWS, ExplorerData, review_param
from dashboard.narrowing import domain_options, narrowed_graph
from dashboard.pages.network import (
    LARGE_GRAPH,
    detail,
    network_view,
    selection_for,
    theory_options,
)
from dashboard.pages.pathways import chain_options, search_chains
from dashboard.pickers import review_options
from dashboard.views import elements as el
from dashboard.views.panels import attribution, evidence_list
from graph.analytics.pathways import find_pathways
from graph.load import load_package
from graph.stores.falkor_store import FalkorStore
from loaders.package import read_package


@pytest.fixture
def G() -> nx.MultiDiGraph:
    """lead → legit → eng (PT 6 then PT 11), a negative lead ⇢ eng (PT 6), and a lone resource."""
    g = nx.MultiDiGraph()
    g.add_node("r:lead", label="Context", kind="context", name="Committed leadership", definition="Leaders.")
    g.add_node("r:legit", label="Mechanism", kind="response", name="Legitimisation")
    g.add_node("r:eng", label="Outcome", kind="outcome", name="Engagement")
    g.add_node("r:money", label="Mechanism", kind="resource", name="Funding")
    g.add_edge("r:lead", "r:legit", key="positive", polarity="positive", theories=["r:pt6"],
               cmocs=["r:c1"], evidence=["r:q1", "r:q2"])
    g.add_edge("r:legit", "r:eng", key="positive", polarity="positive", theories=["r:pt11"],
               cmocs=["r:c2"], evidence=["r:q2"])
    g.add_edge("r:lead", "r:eng", key="negative", polarity="negative", theories=["r:pt6"],
               cmocs=["r:c3"], evidence=[], theoryOnly=True)
    return g


def ids(elements: list[dict], group: str) -> set[str]:
    return {e["data"]["id"] for e in elements if ("source" in e["data"]) == (group == "edges")}


def test_graph_elements_give_kinds_and_polarity_as_classes(G) -> None:
    elements = el.graph_elements(G)
    assert ids(elements, "nodes") == {"r:lead", "r:legit", "r:eng", "r:money"}
    by_id = {e["data"]["id"]: e for e in elements}
    assert by_id["r:legit"]["classes"] == "response"
    assert by_id["r:lead"]["data"]["label"] == "Committed leadership"
    negative = by_id[el.edge_id("r:lead", "r:eng", "negative")]
    assert negative["classes"] == "negative theory-only"
    assert negative["data"]["theories"] == ["PT 6"]  # named in words for the hover card
    assert el.split_edge_id(negative["data"]["id"]) == ("r:lead", "r:eng", "negative")


def test_filter_by_theory_kind_and_polarity(G) -> None:
    assert set(el.filter_graph(G, theory="r:pt11")) == {"r:legit", "r:eng"}
    no_negative = el.filter_graph(G, include_negative=False)
    assert no_negative.number_of_edges() == 2 and "r:money" in no_negative
    outcomes_and_context = el.filter_graph(G, kinds=["context", "outcome"])
    assert set(outcomes_and_context) == {"r:lead", "r:eng"}
    assert list(outcomes_and_context.edges(keys=True)) == [("r:lead", "r:eng", "negative")]
    assert el.filter_graph(G, kinds=[]).number_of_nodes() == 0


def test_search_marks_matches(G) -> None:
    assert el.search_matches(G, "  ENGAGE ") == ["r:eng"]
    assert el.search_matches(G, "") == []
    marked = el.mark(el.graph_elements(G), ["r:eng"], "match")
    assert [e["data"]["id"] for e in marked if "match" in e["classes"].split()] == ["r:eng"]
    elements, _, status = network_view(G, None, list(style.KIND_ORDER), ["negative"], "lead", view="all")
    assert status == "4 concepts, 3 links · whole graph · 1 match for “lead”"
    assert sum("match" in e["classes"] for e in elements) == 1
    assert sum("dimmed" in e["classes"] for e in elements) == len(elements) - 1  # the rest dimmed
    _, _, status = network_view(G, None, list(style.KIND_ORDER), [], None, view="all")
    assert status == "4 concepts, 2 links · whole graph"
    _, _, status = network_view(G, None, None, ["negative"], None, theory_only=False, view="all")
    assert status == "4 concepts, 2 links · whole graph"  # the theory-only negative link hidden


def test_filter_by_theories_and_evidence_keeps_only_their_links(G) -> None:
    by_pt = el.filter_graph(G, theories={"r:pt11"})
    assert set(by_pt) == {"r:legit", "r:eng"} and by_pt.number_of_edges() == 1
    assert el.filter_graph(G, theories=set()).number_of_nodes() == 0  # a component no PT maps to
    by_quote = el.filter_graph(G, evidence={"r:q1"})
    assert list(by_quote.edges(keys=True)) == [("r:lead", "r:legit", "positive")]


def test_network_view_lays_out_in_causal_layers_on_the_server(G) -> None:
    elements, chosen, _ = network_view(G, None, list(style.KIND_ORDER), ["negative"], None, view="all")
    assert chosen["name"] == "preset"
    x = {e["data"]["id"]: e["position"]["x"] for e in elements if "position" in e}
    assert x["r:lead"] < x["r:money"] < x["r:legit"] < x["r:eng"]  # context, resource, response, outcome
    elements, chosen, _ = network_view(G, None, None, ["negative"], None, layout_choice="force", view="all")
    assert chosen["name"] == "cose" and not any("position" in e for e in elements)


def test_large_graphs_always_get_server_positions() -> None:
    big = nx.MultiDiGraph()
    big.add_nodes_from((f"n{i}", {"kind": "context", "name": f"n{i}"}) for i in range(LARGE_GRAPH + 1))
    elements, chosen, status = network_view(big, None, None, [], None, layout_choice="force", view="all")
    assert chosen["name"] == "preset" and all("position" in e for e in elements)
    assert "laid out on the server" in status
    assert len({e["position"]["y"] for e in elements}) == LARGE_GRAPH + 1


def test_domain_options_flag_components_without_pts_and_white_areas() -> None:
    options = domain_options([{"id": "d1", "name": "Workforce", "theories": ["pt6"]},
                              {"id": "d2", "name": "Financing", "theories": [], "whiteArea": True}])
    assert [o["label"] for o in options] == ["Workforce", "Financing (no PT, white area)"]


def test_network_narrowing_on_reco(reco_store) -> None:
    data = ExplorerData(reco_store)
    domains = data.domains("reco")
    white = {d["name"] for d in domains if d["whiteArea"]}
    assert white == {"Financing", "Technologies and medical products", "Information and research"}
    assert all(not d["theories"] for d in domains if d["whiteArea"])  # gaps are listed, not dropped
    workforce = next(d for d in domains if d["name"] == "Workforce")
    theories, evidence = data.narrowing("reco", workforce["id"], ["carer"])
    assert theories == set(workforce["theories"])
    sources = data.evidence_sources("reco")
    assert evidence and all(sources[e] == "carer" for e in evidence)
    sub = el.filter_graph(data.graph("reco"), theories=theories, evidence=evidence)
    assert 0 < sub.number_of_edges() < data.graph("reco").number_of_edges()


def test_selection_follows_taps_and_single_search_matches() -> None:
    assert selection_for("network-search.value", None, None, ["a"]) == {"type": "node", "id": "a"}
    assert selection_for("network-search.value", None, None, ["a", "b"]) is None
    node, edge = {"id": "n"}, {"id": "e"}
    assert selection_for("network-graph.tapEdgeData", node, edge, []) == {"type": "edge", "id": "e"}
    assert selection_for("network-graph.tapNodeData", node, edge, []) == {"type": "node", "id": "n"}


def test_review_and_theory_options() -> None:
    options, default = review_options([{"id": "reco", "name": "RECO"}])
    assert default == "reco" and options[-1]["value"] == ALL_REVIEWS
    assert review_options([]) == ([{"label": "All reviews", "value": ALL_REVIEWS}], ALL_REVIEWS)
    assert theory_options([{"id": "r:pt1", "shortTitle": "PT 1"}]) == [{"label": "PT 1", "value": "r:pt1"}]
    assert review_param(ALL_REVIEWS) is None and review_param("reco") == "reco"


def test_chain_rows_and_highlight(G) -> None:
    found = find_pathways(G, "leader", "engage", include_negative=True)
    rows = el.chain_rows(G, found)
    # the evidenced chain outranks the shorter link no evidence backs (issue 9: evidence, not only length)
    assert rows[0] == {"rank": 1, "chain": "Committed leadership → Legitimisation → Engagement", "hops": 2,
                       "theories": "PT 6, PT 11", "min_evidence": 1, "total_evidence": 2, "one_source": True,
                       "negative": False}
    assert rows[1]["chain"] == "Committed leadership → Engagement" and rows[1]["negative"]
    marked = el.chain_elements(G, found, 0)
    highlighted = {e["data"]["id"] for e in marked if "highlight" in e["classes"]}
    assert highlighted == {"r:lead", "r:legit", "r:eng", el.edge_id("r:lead", "r:legit", "positive"),
                           el.edge_id("r:legit", "r:eng", "positive")}
    assert any("dimmed" in e["classes"] for e in marked)
    assert "r:money" not in ids(marked, "nodes")
    assert not any("highlight" in e["classes"] for e in el.chain_elements(G, found, None))
    assert el.pathway_from_dict(el.pathway_to_dict(found[0])) == found[0]


def test_search_chains_reports_problems(G) -> None:
    chains, status = search_chains(G, "leader", "engage", 4, False)
    assert len(chains) == 1 and status == "1 chain found."
    assert "one source backs the whole chain" in str(chain_options(G, chains)[0]["label"])
    assert search_chains(G, "", "engage", 4, False) == ([], "Enter a FROM and a TO concept.")
    assert search_chains(G, "budget", "engage", 4, False)[1] == "No concept matches 'budget'."
    assert search_chains(G, "leader", "engage", 1, False)[1].startswith("No chain of at most 1 hops")


def test_evidence_attribution() -> None:
    quote = {"speaker": "SP60", "role": "staff", "site": "Case Study F"}
    assert attribution(quote) == "SP60, staff, Case Study F"
    literature = {"citations": ["Adams 2008."], "sourceType": "literature"}
    assert attribution(literature) == "Literature: Adams 2008"  # a short citation; the full one on hover
    assert attribution({"speaker": "SP9", "role": "service_user"}) == "SP9, service user"  # roles in words
    assert "No evidence" in str(evidence_list([], "x"))


def test_stylesheet_gives_each_kind_its_own_colour_and_shape() -> None:
    sheet = {s["selector"]: s["style"] for s in style.graph_stylesheet()}
    kinds = [sheet[f"node.{k}"] for k in style.KIND_ORDER]
    assert len({k["shape"] for k in kinds}) == 4
    assert {k["background-color"] for k in kinds} <= set(style.OKABE_ITO.values())
    assert sheet["edge.negative"]["line-style"] == "dashed"


def test_explorer_data_and_app_on_a_real_store(store: FalkorStore) -> None:
    load_package(store, read_package("example"))
    data = ExplorerData(store)
    assert [t["id"] for t in data.theories("example")] == ["example:pt2", "example:pt5"]
    G = data.graph("example")
    assert data.graph("example") is G  # cached until the store changes
    panel = str(detail(data, "example", {"type": "node", "id": "example:engagement"}))
    assert "SP60" in panel and "PT 5: continuous workforce development" in panel
    negative = el.edge_id("example:leaders-value-workforce-development",
                          "example:didactic-experiential-training", "negative")
    link = str(detail(data, ALL_REVIEWS, {"type": "edge", "id": negative}))
    assert "Disconfirming" in link and "SP50" in link and "SP60" not in link
    first, second = create_app(store), create_app(store)  # twice in one process
    assert len(first.callback_map) == len(second.callback_map) >= 9
    assert {p["path"] for p in dash.page_registry.values()} >= {"/", "/pathways"}
    assert second.server.test_client().get("/_dash-layout").status_code == 200


def test_pathways_narrowed_to_carer_evidence_use_only_links_carers_back(reco_store) -> None:
    data = ExplorerData(reco_store)
    carers = narrowed_graph(data, "reco", None, ["carer"])
    sources = data.evidence_sources("reco")
    assert carers.number_of_edges() < data.graph("reco").number_of_edges()
    assert all(any(sources.get(e) == "carer" for e in d["evidence"]) for *_, d in carers.edges(data=True))
    everything, _ = search_chains(data.graph("reco"), "leadership", "engagement", 4, False)
    assert search_chains(carers, "leadership", "engagement", 4, False)[0] == []  # carers never back one
    staff = narrowed_graph(data, "reco", None, ["staff"])
    narrowed, _ = search_chains(staff, "leadership", "engagement", 4, False)
    assert narrowed and everything
    assert all(any(sources.get(e) == "staff" for e in hop["evidence"])
               for c in narrowed for hop in c["hops"])
    assert narrowed_graph(data, "reco", None, None) is data.graph("reco")


def test_evidence_shows_where_it_stands_and_the_inconsistency_notes_on_it(reco_store) -> None:
    data = ExplorerData(reco_store)
    item = next(e for e in data.evidence(["reco:pt6-cs04"]) if e["id"] == "reco:pt6-q04")
    assert item["note"].startswith("Printed '(SP40, Case Study E)'")
    assert any(n.startswith('SP40 is printed "(SP40, Case Study E)"') for n in item["notes"])  # note pt6-n02
    shown = str(evidence_list([item], "x"))
    assert "SP40, staff, Case Study E · Refined programme theory 6: leadership, paragraph 9" in shown
    assert shown.count("Note: ") == 2


def test_a_large_cached_graph_is_set_aside_from_the_collector_once(example_store, monkeypatch) -> None:
    monkeypatch.setattr(explorer_data, "SETTLE_ABOVE_LINKS", 0)  # the example counts as large here
    gc.unfreeze()
    try:
        data = ExplorerData(example_store)
        G = data.graph("example")
        frozen = gc.get_freeze_count()
        assert frozen > 0, "the cached graph's objects are frozen"
        assert data.graph("example") is G and gc.get_freeze_count() == frozen, "once per graph, not per call"
        small = ExplorerData(example_store)
        monkeypatch.setattr(explorer_data, "SETTLE_ABOVE_LINKS", 10**9)
        gc.unfreeze()
        small.graph("example")
        assert gc.get_freeze_count() == 0, "a small graph is left to the collector"
    finally:
        gc.unfreeze()


def test_a_filtered_graph_is_shared_per_filters_and_equal_to_a_fresh_one(example_store) -> None:
    G = ExplorerData(example_store).graph("example")
    first = el.filter_graph(G, kinds=["context", "outcome"], include_negative=False)
    assert el.filter_graph(G, kinds=["context", "outcome"], include_negative=False) is first
    fresh = el._filtered(G, None, ["context", "outcome"], False, None, None, True)
    assert sorted(first.edges(keys=True, data=True)) == sorted(fresh.edges(keys=True, data=True))
    assert dict(first.nodes(data=True)) == dict(fresh.nodes(data=True))
    assert el.filter_graph(G, kinds=["context"], include_negative=False) is not first
