"""The network page's views and the naming helpers, without a browser."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from dashboard.pages.network import concept_options, network_view, theory_options
from dashboard.views import network_views as nv
from graph.naming import attribution, role_label, short_citation, theory_index, theory_names
from graph.schema import CONCEPT_KINDS


@pytest.fixture
def G() -> nx.MultiDiGraph:
    """A chain lead → legit → eng with a side cause (money) and a side effect (stay)."""
    g = nx.MultiDiGraph()
    for node, kind in (
        ("lead", "context"),
        ("money", "resource"),
        ("legit", "response"),
        ("eng", "outcome"),
        ("stay", "outcome"),
    ):
        g.add_node(node, kind=kind, name=node.capitalize())
    for a, b, pts, ev in (
        ("lead", "legit", ["r:pt6"], ["q1", "q2"]),
        ("money", "legit", ["r:pt3"], ["q3"]),
        ("legit", "eng", ["r:pt6", "r:pt11"], ["q2"]),
        ("eng", "stay", ["r:pt2"], []),
    ):
        g.add_edge(a, b, key="positive", polarity="positive", theories=pts, evidence=ev)
    return g


def synthetic(concepts: int, links: int, seed: int = 7) -> nx.MultiDiGraph:
    """Concepts of every kind with links running forward from one kind to a later one, in 10 PTs."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for i in range(concepts):
        G.add_node(f"c{i}", kind=CONCEPT_KINDS[i % len(CONCEPT_KINDS)], name=f"Concept {i}")
    added = 0
    while added < links:
        a, b = rng.randrange(concepts), rng.randrange(concepts)
        if a % 4 < b % 4 and not G.has_edge(f"c{a}", f"c{b}"):
            G.add_edge(
                f"c{a}",
                f"c{b}",
                key="positive",
                polarity="positive",
                theories=[f"r:pt{a % 10}"],
                evidence=[f"q{a}"] if a % 3 else [],
            )
            added += 1
    return G


def nodes(view: nv.NetworkView) -> set[str]:
    return {e["data"]["id"] for e in view.elements if "source" not in e["data"]}


def test_overview_keeps_the_most_shared_concepts_per_kind_and_adds_matches(G) -> None:
    view = nv.overview_view(G, rows=1)
    assert nodes(view) == {"lead", "money", "legit", "eng"}  # one per kind: eng beats stay (3 PTs vs 2)
    assert "stay" in nodes(nv.overview_view(G, extra=["stay"], rows=1))  # a search match is shown
    assert view.status.startswith("4 of 5 concepts, 3 of 4 links")
    assert all("full" in e["data"] for e in view.elements if "source" not in e["data"])


def test_neighbourhood_puts_causes_left_and_effects_right(G) -> None:
    view = nv.neighbourhood_view(G, "legit", depth=1)
    x = {e["data"]["id"]: e["position"]["x"] for e in view.elements if "position" in e}
    assert x["lead"] < x["legit"] and x["money"] < x["legit"] < x["eng"]
    assert "stay" not in x and "stay" in nodes(nv.neighbourhood_view(G, "legit", depth=2))
    assert any("focus" in e["classes"] for e in view.elements if e["data"]["id"] == "legit")
    assert nv.neighbourhood_view(G, None).elements == []


def test_collapsed_views_name_pts_in_numeric_order_and_count_kinds(G) -> None:
    labels = [e["data"]["label"] for e in nv.theories_view(G).elements if "source" not in e["data"]]
    assert labels == ["PT 2", "PT 3", "PT 6", "PT 11"]
    kinds = nv.kinds_view(G)
    flows = {e["data"]["id"]: e["data"]["weight"] for e in kinds.elements if "source" in e["data"]}
    assert flows["kind:response|kind:outcome|positive"] == 1 and len(nodes(kinds)) == 4


def test_a_large_review_sends_a_bounded_number_of_elements() -> None:
    big = synthetic(2000, 6000)
    for view in nv.VIEWS:
        elements, _, status = network_view(
            big, None, None, ["negative"], None, view=view, focus="c7", depth=3
        )
        assert 0 < len(elements) <= nv.MAX_ELEMENTS, (view, len(elements))
    elements, _, status = network_view(big, None, None, ["negative"], None, view=nv.OVERVIEW)
    assert len(elements) < 100 and "of 2000 concepts" in status
    assert (
        len(concept_options(big)) <= 40 and concept_options(big, "Concept 17", keep="c3")[0]["value"] == "c3"
    )


def test_people_read_words_not_ids() -> None:
    index = theory_index(
        [
            {"id": "r:pt11", "number": 11, "shortTitle": "PT 11: housing"},
            {"id": "r:pt3", "number": 3, "shortTitle": "PT 3: carers"},
        ]
    )
    assert [t["label"] for t in theory_names(["r:pt11", "r:pt3"], index)] == [
        "PT 3: carers",
        "PT 11: housing",
    ]
    assert [
        o["label"]
        for o in theory_options(
            [{"id": "r:pt11", "number": 11, "shortTitle": "PT 11: housing"}, {"id": "r:pt3", "number": 3}]
        )
    ] == ["PT 3", "PT 11: housing"]
    assert role_label("service_user") == "service user"
    assert (
        short_citation("Drake RE, Mueser KT, Brunette MF. Management. Psychiatr Rehabil J 2007;27:360-74.")
        == "Drake et al. 2007"
    )
    assert (
        attribution({"speaker": "SP3", "role": "carer", "site": "Case Study B"}) == "SP3, carer, Case Study B"
    )


def test_a_review_with_undivided_mechanisms_shows_them_by_default() -> None:
    """Other reviews have one mechanism column: its concepts are kind 'mechanism', which the
    network page's default kinds left out, so they vanished from every view."""
    from dashboard.pages.network import initial_state

    G = nx.MultiDiGraph()
    for node, kind in (("r:c", "context"), ("r:m", "mechanism"), ("r:o", "outcome")):
        G.add_node(node, kind=kind, name=f"{kind.title()} concept")
    G.add_edge("r:c", "r:m", key="positive", polarity="positive", theories=["r:pt1"], evidence=["e1"])
    G.add_edge("r:m", "r:o", key="positive", polarity="positive", theories=["r:pt1"], evidence=["e1"])
    state = initial_state({})
    assert "mechanism" in state["kinds"] and "mechanism" in initial_state({"kinds": "mechanism"})["kinds"]
    elements, _, status = network_view(G, None, state["kinds"], state["negative"], None, view="all")
    assert {e["data"]["id"] for e in elements if "source" not in e["data"]} == {"r:c", "r:m", "r:o"}
    assert status.startswith("3 concepts, 2 links")
