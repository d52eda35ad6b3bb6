"""The Neo4j store: the same contract as the embedded one, when a Neo4j is available."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from graph.analytics.network import causal_graph
from graph.analytics.pathways import find_pathways
from graph.errors import QueryRefused
from graph.load import delete_review, load_package
from graph.stores.neo4j_store import Neo4jStore, settings_from_env
from loaders.package import read_package

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(not os.environ.get("NEO4J_URI"),
                       reason="NEO4J_URI is not set: Neo4j store tests need a running Neo4j"),
]


@pytest.fixture
def neo4j_store() -> Iterator[tuple[Neo4jStore, str]]:
    env = settings_from_env()
    store = Neo4jStore(env["uri"] or "", env["user"] or "neo4j", env["password"] or "", env["database"])
    review = f"t{uuid.uuid4().hex[:8]}"
    yield store, review
    with store.atomic(review) as runner:
        delete_review(runner, review)
    store.close()


def _package(review: str):
    pkg = read_package("example")
    pkg.review = pkg.review.model_copy(update={"id": review})
    return pkg


def test_load_is_idempotent(neo4j_store) -> None:
    store, review = neo4j_store
    load_package(store, _package(review))
    first = store.run("count_nodes_by_label", {"review": review})
    load_package(store, _package(review))
    assert store.run("count_nodes_by_label", {"review": review}) == first


def test_read_only_is_enforced_by_neo4j(neo4j_store) -> None:
    store, _ = neo4j_store
    with pytest.raises(QueryRefused):
        store.query("CREATE (:Note {id: 'should-not-exist'})")


def test_paths_cross_theories(neo4j_store) -> None:
    store, review = neo4j_store
    load_package(store, _package(review))
    chains = find_pathways(causal_graph(store, review), "attitudes", "engagement", max_hops=5)
    assert any(len(c.theories) == 2 for c in chains)
