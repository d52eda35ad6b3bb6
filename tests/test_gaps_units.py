"""The evidence gap map's and the flow Sankey's plain functions, without a browser."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest

from dashboard import style
from dashboard.export import rows_to_csv
from dashboard.pages.gaps import cell_panel, clicked_cell, gap_figure, gap_matrices, gap_status
from dashboard.pages.gaps import layout as gaps_layout
from dashboard.pages.pathways import chosen_chain, flow_graph, should_search
from dashboard.views.flows import LEFT, acyclic_links, flow_figure, forward_links, node_columns
from dashboard.views.gap_matrix import (
    DOMAINS,
    GAP,
    SOURCES,
    cell_key,
    cell_selection,
    domain_matrix,
    matrix_table,
    order_domains,
    order_theories,
    parse_cell,
    source_matrix,
)
from graph.schema import EVIDENCE_SOURCES, global_id
from graph.stores.falkor_store import FalkorStore
from loaders.package import read_package

THEORIES: list[dict] = [{"id": "r:pt2", "number": 2, "stage": "refined", "shortTitle": "PT 2: attitudes"},
            {"id": "r:overall", "number": None, "stage": "refined", "name": "Overall PT"},
            {"id": "r:pt1", "number": 1, "stage": "refined", "shortTitle": "PT 1: first contact"}]
DOMAIN_ROWS = [{"id": "r:fin", "name": "Financing", "whiteArea": True},
               {"id": "r:work", "name": "Workforce", "whiteArea": False},
               {"id": "r:serv", "name": "Service delivery", "whiteArea": False}]
DOMAIN_COUNTS = [{"theory": "r:pt1", "domain": "r:work", "evidence": 3},
                 {"theory": "r:pt1", "domain": "r:serv", "evidence": 3},
                 {"theory": "r:overall", "domain": "r:serv", "evidence": 0}]
SOURCE_COUNTS = [{"theory": "r:pt1", "sourceType": "staff", "evidence": 2},
                 {"theory": "r:pt1", "sourceType": "carer", "evidence": 1}]
ITEMS = [{"id": "r:q1", "text": "clout to get things done", "speaker": "SP84", "role": "staff",
          "site": "Case Study E", "sourceType": "staff", "relation": "SUPPORTS"},
         {"id": "r:q2", "text": "she listens to me", "speaker": "SP7", "role": "carer",
          "site": "Case Study A", "sourceType": "carer", "relation": "SUPPORTS"},
         {"id": "r:q3", "text": "it relies on clinicians doing it", "speaker": "SP40", "role": "staff",
          "site": "Case Study D", "sourceType": "staff", "relation": "SUPPORTS"}]


@pytest.fixture
def matrices() -> dict:
    return {DOMAINS: domain_matrix(THEORIES, DOMAIN_ROWS, DOMAIN_COUNTS),
            SOURCES: source_matrix(THEORIES, SOURCE_COUNTS)}


def test_domain_matrix_keeps_every_domain_and_shows_gaps(matrices) -> None:
    m = matrices[DOMAINS]
    assert m["rows"] == ["r:pt1", "r:pt2", "r:overall"]  # by number, unnumbered last
    assert m["columns"] == ["r:serv", "r:work", "r:fin"]  # SELFIE's order, not the rows' order
    assert m["white"] == [False, False, True]
    assert m["z"] == [[3, 3, 0], [0, 0, 0], [0, 0, 0]]
    assert [row[2] for row in m["z"]] == [0, 0, 0] and [row[2] for row in m["text"]] == [GAP] * 3
    assert m["text"][0] == ["3", "3", GAP]
    assert m["mapped"][2] == [True, False, False]  # the overall PT maps to service delivery, without evidence


def test_source_matrix_has_the_four_source_types_with_zero_gaps(matrices) -> None:
    m = matrices[SOURCES]
    assert m["columns"] == list(EVIDENCE_SOURCES)
    assert m["column_labels"] == ["Literature", "Staff", "Service users", "Carers"]
    assert m["z"][0] == [0, 2, 0, 1] and m["text"][0] == [GAP, "2", GAP, "1"]
    assert m["z"][1] == [0, 0, 0, 0]


def test_stages_are_labelled_when_mixed() -> None:
    initial = {"id": "r:ipt1", "number": 1, "stage": "initial", "name": "PT 1: first contact"}
    mixed: list[dict] = [*THEORIES, initial]
    assert [t["id"] for t in order_theories(mixed)] == ["r:pt1", "r:pt2", "r:overall", "r:ipt1"]
    labels = source_matrix(mixed, [])["row_labels"]
    assert labels[0] == "[refined] PT 1: first contact" and labels[-1] == "[initial] PT 1: first contact"
    assert source_matrix(THEORIES, [])["row_labels"][0] == "PT 1: first contact"


def test_cell_selection_and_keys(matrices) -> None:
    mapped = cell_selection(matrices, cell_key(DOMAINS, "r:pt1", "r:work"), ITEMS)
    assert mapped is not None and mapped["items"] == ITEMS and mapped["count"] == 3
    assert mapped["theory"] == "PT 1: first contact" and mapped["column"] == "Workforce"
    white = cell_selection(matrices, cell_key(DOMAINS, "r:pt1", "r:fin"), ITEMS)
    assert white is not None and white["items"] == [] and white["white_area"] and not white["mapped"]
    staff = cell_selection(matrices, cell_key(SOURCES, "r:pt1", "staff"), ITEMS)
    assert staff is not None and [i["id"] for i in staff["items"]] == ["r:q1", "r:q3"]
    literature = cell_selection(matrices, cell_key(SOURCES, "r:pt1", "literature"), ITEMS)
    assert literature is not None and literature["items"] == []
    assert cell_selection(matrices, cell_key(DOMAINS, "r:pt9", "r:work"), ITEMS) is None
    assert cell_selection(matrices, "nonsense", ITEMS) is None
    financing = ("domains", "reco:pt6", "reco:selfie-financing")
    assert parse_cell("|".join(financing)) == financing
    assert parse_cell("other|a|b") is None and parse_cell(None) is None


def test_cell_panel_quotes_verbatim_and_names_gaps(matrices) -> None:
    full = str(cell_panel(cell_selection(matrices, cell_key(SOURCES, "r:pt1", "staff"), ITEMS)))
    assert "PT 1: first contact × Staff" in full and "2 evidence items" in full
    assert "it relies on clinicians doing it" in full and "SP40, staff, Case Study D" in full
    white = str(cell_panel(cell_selection(matrices, cell_key(DOMAINS, "r:pt2", "r:fin"), ITEMS)))
    assert "a gap" in white and "not mapped" in white and "marks Financing as a white area" in white
    empty_mapped = str(cell_panel(cell_selection(matrices, cell_key(DOMAINS, "r:overall", "r:serv"), [])))
    assert "mapped to this component but no evidence" in empty_mapped
    assert "Click a cell" in str(cell_panel(None))


def test_gap_figure_draws_zero_cells_as_gaps(matrices) -> None:
    figure = gap_figure(matrices[DOMAINS], cell_key(DOMAINS, "r:pt2", "r:fin"))
    heat = figure.data[0]
    assert heat.colorscale[0][1] == style.GAP_COLOUR  # zero sits on the gap colour ...
    first_count = 1 / heat.zmax
    gap_stops = [pos for pos, colour in heat.colorscale if colour == style.GAP_COLOUR]
    assert max(gap_stops) < first_count  # ... and a count of 1 is already on the scale
    assert GAP in {t for row in heat.text for t in row}
    ticks = list(figure.layout.xaxis.ticktext)
    assert "white area" in ticks[2] and "white area" not in ticks[0] and "no PT mapped" in ticks[2]
    rows = [tick.replace("<br>", " ") for tick in figure.layout.yaxis.ticktext]
    assert rows == matrices[DOMAINS]["row_labels"]  # long titles wrap but stay whole
    (outline,) = figure.layout.shapes
    assert (outline.x0, outline.y0) == (1.5, 0.5)  # column 2, row 1
    assert heat.customdata[1][2] == cell_key(DOMAINS, "r:pt2", "r:fin")
    assert clicked_cell({"points": [{"customdata": heat.customdata[1][2]}]}) == "domains|r:pt2|r:fin"
    assert clicked_cell({"points": []}) is None and clicked_cell(None) is None


def test_matrix_table_and_status(matrices) -> None:
    rows = matrix_table(matrices[DOMAINS], matrices[SOURCES])
    assert rows[0]["programme theory"] == "PT 1: first contact"
    assert rows[0]["SELFIE: Financing (white area)"] == 0 and rows[0]["Source: Staff"] == 2
    assert rows_to_csv(rows).splitlines()[1].startswith("r:pt1,PT 1: first contact,3,3,0,0,2,0,1")
    assert gap_status(matrices) == ("3 programme theories · 7 of 9 PT × component cells are gaps · "
                                    "10 of 12 PT × source cells are gaps")


def package_counts(stage: str) -> tuple[list[str], dict[str, Counter]]:
    """Per PT of ``stage``: distinct supporting evidence by source type, straight from the package files."""
    package = read_package("reco")
    theories = [t.id for t in package.theories if t.stage == stage]
    cmoc_theory = {c.id: c.theory for c in package.cmocs}
    counts: dict[str, Counter] = {t: Counter() for t in theories}
    for e in package.evidence:
        for theory in {cmoc_theory[c] for c in e.supports}:
            if theory in counts:
                counts[theory][e.source_type] += 1
    return theories, counts


def test_reco_counts_match_the_package_files(reco_store: FalkorStore) -> None:
    found = gap_matrices(reco_store, "reco", "refined")
    theories, counts = package_counts("refined")
    sources = found[SOURCES]
    assert sorted(sources["rows"]) == sorted(global_id("reco", t) for t in theories)
    for i, row in enumerate(sources["rows"]):
        expected = counts[row.split(":", 1)[1]]
        assert sources["z"][i] == [expected[s] for s in EVIDENCE_SOURCES], row
    assert sum(map(sum, sources["z"])) > 100  # the comparison is not between empty matrices
    package = read_package("reco")
    domains = found[DOMAINS]
    assert domains["columns"] == [global_id("reco", d.id) for d in package.components]  # package order
    assert domains["white"] == [d.white_area for d in package.components]
    mapped = {global_id("reco", t.id): {global_id("reco", d) for d in t.domains} for t in package.theories}
    for i, theory in enumerate(domains["rows"]):
        total = sum(counts[theory.split(":", 1)[1]].values())
        assert domains["z"][i] == [total if d in mapped[theory] else 0 for d in domains["columns"]], theory
    white = domains["white"].index(True)
    assert all(row[white] == 0 for row in domains["z"])  # no refined PT maps to a white area: a gap column
    assert order_domains(list(reversed(reco_store.run("list_framework_components", {"review": "reco"})))) == \
        order_domains(reco_store.run("list_framework_components", {"review": "reco"}))


def test_every_stage_and_the_cell_query_on_reco(reco_store: FalkorStore) -> None:
    everything = gap_matrices(reco_store, "reco", "all")
    assert len(everything[DOMAINS]["rows"]) == len(read_package("reco").theories)
    assert everything[DOMAINS]["row_labels"][0].startswith("[refined]")
    items = reco_store.run("get_theory_evidence", {"theory": "reco:pt6"})
    selection = cell_selection(everything, cell_key(SOURCES, "reco:pt6", "staff"), items)
    assert selection is not None and selection["count"] == len(selection["items"]) > 0
    assert any(i["text"] == "clout to get things done" for i in selection["items"])


def test_layout_reads_its_state_from_the_query_string() -> None:
    page = str(gaps_layout(review="reco", stage="initial", cell="sources|reco:pt6|staff"))
    assert "'reco'" in page and "'initial'" in page and "sources|reco:pt6|staff" in page


@pytest.fixture
def G() -> nx.MultiDiGraph:
    """lead → money → legit → eng → stay, a negative lead ⇢ eng, and an outcome cycle eng ⇄ stay."""
    g = nx.MultiDiGraph()
    for node, kind in (("lead", "context"), ("money", "resource"), ("legit", "response"), ("eng", "outcome"),
                       ("stay", "outcome"), ("calm", "outcome")):
        g.add_node(node, kind=kind, name=node.capitalize())
    g.add_edge("lead", "money", key="positive", polarity="positive", evidence=["q1", "q2", "q3"],
               theories=["pt6"])
    g.add_edge("money", "legit", key="positive", polarity="positive", evidence=["q1"])
    g.add_edge("legit", "eng", key="positive", polarity="positive", evidence=[], theoryOnly=True)
    g.add_edge("lead", "eng", key="negative", polarity="negative", evidence=["q4", "q5"])
    g.add_edge("eng", "stay", key="positive", polarity="positive", evidence=["q1", "q2"])
    g.add_edge("stay", "eng", key="positive", polarity="positive", evidence=["q9"])  # closes a cycle
    g.add_edge("stay", "calm", key="positive", polarity="positive", evidence=["q2"])
    return g


def links_by_note(sankey) -> dict[str, set]:
    """Each drawn link (named by its hover note's first line) with its segments' values and colours."""
    drawn: dict[str, set] = {}
    for note, value, colour in zip(sankey.link.customdata, sankey.link.value, sankey.link.color, strict=True):
        drawn.setdefault(note.split("<br>")[0], set()).add((value, colour))
    return drawn


def test_flow_figure_puts_kinds_in_columns(G) -> None:
    sankey = flow_figure(G).data[0]
    x = dict(zip(sankey.node.label, sankey.node.x, strict=True))
    assert x["Lead"] == LEFT < x["Money"] < x["Legit"] < x["Eng"] < x["Stay"] < x["Calm"] < 1
    # one column per kind, then outcomes further down an outcome chain sit further right
    columns = sorted(set(sankey.node.x))
    assert columns == [x[n] for n in ("Lead", "Money", "Legit", "Eng", "Stay", "Calm")]
    colours = dict(zip(sankey.node.label, sankey.node.color, strict=True))
    assert colours["Money"] == style.KIND_STYLE["resource"]["colour"]
    drawn = links_by_note(sankey)
    assert drawn["Lead → Money"] == {(3, style.SANKEY_POSITIVE)}
    assert drawn["Legit → Eng"] == {(1, style.SANKEY_POSITIVE)}  # theory-only links still show
    assert drawn["Lead → Eng"] == {(2, style.SANKEY_NEGATIVE)}


def test_every_drawn_segment_spans_one_column(G) -> None:
    """Plotly then puts nodes in the same columns as we do, so no column overflows the figure."""
    G.add_node("alone", kind="resource", name="Alone")  # fed by nothing: gets an invisible feed
    G.add_edge("alone", "calm", key="positive", polarity="positive", evidence=["q7"])
    sankey = flow_figure(G).data[0]
    columns = sorted(set(sankey.node.x))
    step = {columns[i]: columns[i + 1] for i in range(len(columns) - 1)}
    for s, t in zip(sankey.link.source, sankey.link.target, strict=True):
        assert step[sankey.node.x[s]] == sankey.node.x[t]
    fed = set(sankey.link.target)
    assert all(i in fed for i, x in enumerate(sankey.node.x) if x != columns[0])
    assert "Lead → Eng" in links_by_note(sankey) and sum(1 for label in sankey.node.label if label) == 7
    for x in columns:  # each column's nodes stack top-down inside the figure
        ys = [y for y, nx_ in zip(sankey.node.y, sankey.node.x, strict=True) if nx_ == x]
        assert len(set(ys)) == len(ys)
        assert min(ys) > 0 and max(ys) < 1


def test_flow_figure_drops_links_that_close_a_cycle(G) -> None:
    kept, dropped = acyclic_links(forward_links(G)[0])
    assert dropped == 1 and ("stay", "eng") not in {(a, b) for a, b, _ in kept}  # the weaker of the two goes
    assert nx.is_directed_acyclic_graph(nx.DiGraph([(a, b) for a, b, _ in kept]))
    figure = flow_figure(G)
    assert "1 link left out (would close a cycle)" in figure.layout.title.text
    assert "Stay → Eng" not in links_by_note(figure.data[0])
    assert len(links_by_note(figure.data[0])) == G.number_of_edges() - 1
    assert set(node_columns(G, kept)) == set(G)
    single = nx.MultiDiGraph(G.edge_subgraph([("lead", "money", "positive")]))
    assert flow_figure(single).layout.title.text == "Flows: 2 concepts, 1 link"
    assert flow_figure(nx.MultiDiGraph()).layout.title.text == "No flows to show for this selection"
    assert not flow_figure(nx.MultiDiGraph()).data  # no empty Sankey for plotly to choke on


def test_links_against_the_kind_order_are_left_out_and_same_kind_links_split_a_band(G) -> None:
    G.add_edge("legit", "money", key="positive", polarity="positive", evidence=["q1"])  # response → resource
    G.add_node("pride", kind="response", name="Pride")
    G.add_edge("legit", "pride", key="positive", polarity="positive", evidence=["q3"])  # response → response
    links, against = forward_links(G)
    assert against == 1 and ("legit", "money") not in {(a, b) for a, b, _ in links}
    x = node_columns(G, acyclic_links(links)[0])
    assert x["money"] < x["legit"] < x["pride"] < x["eng"]  # responses take two columns before outcomes
    title = flow_figure(G).layout.title.text
    assert "1 link against the C → M → O order left out" in title and "1 link left out (would close" in title


def test_pathway_flows_follow_the_chains_and_the_negative_toggle(G) -> None:
    def hop(a: str, b: str, polarity: str = "positive") -> dict:
        return {"source": a, "target": b, "polarity": polarity}

    chains = [{"nodes": ["lead", "money", "legit", "eng"],
               "hops": [hop("lead", "money"), hop("money", "legit"), hop("legit", "eng")]},
              {"nodes": ["lead", "eng"], "hops": [hop("lead", "eng", "negative")]}]
    sub = flow_graph(G, chains, include_negative=False)
    assert set(sub) == {"lead", "money", "legit",
                        "eng"} and sub.number_of_edges() == 3  # the chains' own links
    assert ("lead", "eng", "negative") in flow_graph(G, chains, include_negative=True).edges(keys=True)
    only = flow_graph(G, chains, include_negative=True, selected=1)  # just the selected chain
    assert list(only.edges(keys=True)) == [("lead", "eng", "negative")]
    assert flow_graph(G, chains, include_negative=True, top=2).number_of_edges() == 2  # the best-backed
    assert flow_graph(G, [], include_negative=True).number_of_edges() == 0  # nothing before a search
    assert should_search("pathway-find", None, None)
    assert should_search(None, "leadership", "engagement") and not should_search(None, "leadership", " ")
    assert chosen_chain(None, "2", 3) == 2 and chosen_chain(None, 5, 3) == 0
    assert chosen_chain("pathway-find", 2, 3) == 0 and chosen_chain(None, 0, 0) is None
