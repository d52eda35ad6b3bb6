"""Pathway search: ranked by evidence as well as length, best-first, bounded in work."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest

from cli.render import pathways_json, pathways_text
from graph.analytics.pathways import (
    SUPPORT_GAP,
    SUPPORT_PARTS,
    SUPPORT_WHOLE,
    Hop,
    Pathway,
    find_pathways,
)


def link(G: nx.MultiDiGraph, a: str, b: str, *evidence: str, polarity: str = "positive") -> None:
    for node in (a, b):
        G.add_node(node, name=node.replace("_", " "))
    G.add_edge(a, b, key=polarity, polarity=polarity, theories=["r:pt1"], cmocs=[f"r:{a}-{b}"],
               evidence=list(evidence))


def brute_force(G: nx.MultiDiGraph, source: str, target: str, max_hops: int) -> list[Pathway]:
    """Every simple chain, ranked: what the bounded search must agree with."""
    simple = nx.DiGraph((a, b) for a, b, d in G.edges(data=True) if d["polarity"] == "positive")
    chains = []
    for path in nx.all_simple_paths(simple, source, target, cutoff=max_hops):
        hops = []
        for a, b in zip(path, path[1:], strict=False):
            data = G.edges[a, b, "positive"]
            hops.append(Hop(a, b, "positive", tuple(data["theories"]), tuple(data["cmocs"]),
                            tuple(sorted(data["evidence"]))))
        chains.append(Pathway(tuple(path), tuple(hops)))
    return sorted(chains, key=lambda p: (p.rank_key(), p.nodes))


def test_an_unevidenced_hop_never_outranks_a_fully_evidenced_chain_of_similar_length() -> None:
    G = nx.MultiDiGraph()
    link(G, "lead", "eng")  # one hop, no evidence
    link(G, "lead", "trust", "q1")
    link(G, "trust", "eng", "q2")  # two hops, each backed, by different sources
    link(G, "lead", "a", "q3")
    link(G, "a", "b", "q3")
    link(G, "b", "c", "q3")
    link(G, "c", "eng", "q3")  # four hops, one source end to end
    chains = find_pathways(G, "lead", "eng", max_hops=4)
    assert [c.nodes for c in chains] == [("lead", "trust", "eng"), ("lead", "a", "b", "c", "eng"),
                                         ("lead", "eng")]
    assert [c.support for c in chains] == [SUPPORT_PARTS, SUPPORT_WHOLE, SUPPORT_GAP]
    assert chains[2].unevidenced_hops == (1,)


def test_one_source_end_to_end_outranks_a_pieced_chain_of_the_same_length() -> None:
    G = nx.MultiDiGraph()
    link(G, "s", "x", "q1", "q9")
    link(G, "x", "t", "q2", "q8")  # weakest hop 2, but two sources
    link(G, "s", "y", "q5")
    link(G, "y", "t", "q5")  # weakest hop 1, one source states it whole
    assert [c.nodes for c in find_pathways(G, "s", "t")] == [("s", "y", "t"), ("s", "x", "t")]


@pytest.mark.parametrize("seed", range(8))
def test_best_first_returns_the_same_top_chains_as_ranking_every_chain(seed: int) -> None:
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    nodes = [f"c{i:02d}x" for i in range(25)]  # no name contains another
    for _ in range(130):
        a, b = rng.sample(nodes, 2)
        link(G, a, b, *rng.sample(["q1", "q2", "q3", "q4"], rng.randint(0, 2)))
    compared = 0
    for source, target in [rng.sample(nodes, 2) for _ in range(8)]:
        expected = brute_force(G, source, target, 4)
        got = find_pathways(G, source, target, max_hops=4, limit=7)
        assert [c.nodes for c in got] == [c.nodes for c in expected[:7]]
        compared += len(expected) > 7
    assert compared, "some query must have more chains than the limit"


def test_a_hub_with_tens_of_thousands_of_dead_ends_answers_within_a_small_budget() -> None:
    G = nx.MultiDiGraph()
    for i in range(200):
        for j in range(200):
            G.add_edge(f"m{i}", f"x{i}-{j}", key="positive", polarity="positive", theories=[], cmocs=[],
                       evidence=["q"])
        G.add_edge("hub", f"m{i}", key="positive", polarity="positive", theories=[], cmocs=[], evidence=["q"])
    link(G, "m7", "rare_outcome", "q")
    G.nodes["hub"]["name"] = "hub"
    chains = find_pathways(G, "hub", "rare outcome", max_hops=4, max_candidates=500)
    assert [c.nodes for c in chains] == [("hub", "m7", "rare_outcome")]


def test_the_best_chains_come_back_when_the_budget_stops_the_search() -> None:
    G = nx.MultiDiGraph()
    for i in range(60):
        link(G, "s", f"m{i}", *(["q"] if i == 59 else []))
        link(G, f"m{i}", "t", *(["q"] if i == 59 else []))
    chains = find_pathways(G, "s", "t", limit=1, max_candidates=200)
    assert chains[0].nodes == ("s", "m59", "t") and chains[0].support == SUPPORT_WHOLE


def test_the_cli_says_how_each_chain_is_backed() -> None:
    G = nx.MultiDiGraph()
    link(G, "lead", "eng")
    link(G, "lead", "trust", "r:q1")
    link(G, "trust", "eng", "r:q2")
    chains = find_pathways(G, "lead", "eng")
    names = {n: str(d["name"]) for n, d in G.nodes(data=True)}
    text = pathways_text(chains, names)
    assert "Several sources each back a part: a hypothesis joined through shared concepts" in text
    assert "Some hop has no evidence (hop 1)" in text
    assert text.index("trust") < text.index("Some hop has no evidence")
    rows = json.loads(pathways_json(chains, names))
    assert [r["support"] for r in rows] == [SUPPORT_PARTS, SUPPORT_GAP]
    assert rows[1]["unevidencedHops"] == [1] and rows[0]["rankCost"] < rows[1]["rankCost"]
