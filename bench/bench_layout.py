"""Benchmark: the network view of a large synthetic causal graph, laid out on the server.

Run: .venv/bin/python bench/bench_layout.py [--concepts N] [--links M]
Target: a 2,000-concept, 6,000-link graph ready to draw in well under a second, so large
reviews never wait on the browser's force-directed layout.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.pages.network import network_view  # noqa: E402
from graph.schema import CONCEPT_KINDS  # noqa: E402


def synthetic(concepts: int, links: int, seed: int = 7) -> nx.MultiDiGraph:
    """Concepts of every kind, with links running forward from one kind to a later one."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for i in range(concepts):
        G.add_node(f"c{i}", kind=CONCEPT_KINDS[i % len(CONCEPT_KINDS)], name=f"Concept {i}")
    nodes = list(G)
    while G.number_of_edges() < links:
        a, b = rng.sample(nodes, 2)
        if CONCEPT_KINDS.index(G.nodes[a]["kind"]) < CONCEPT_KINDS.index(G.nodes[b]["kind"]):
            G.add_edge(a, b, key="positive", polarity="positive", theories=["pt1"], evidence=[])
    return G


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--concepts", type=int, default=2000)
    parser.add_argument("--links", type=int, default=6000)
    args = parser.parse_args()
    G = synthetic(args.concepts, args.links)
    started = time.perf_counter()
    elements, layout, status = network_view(G, None, None, ["negative"], None, layout_choice="force")
    elapsed = time.perf_counter() - started
    print(f"{status}: {len(elements)} elements, layout {layout['name']!r}, {elapsed:.2f}s")


if __name__ == "__main__":
    main()
