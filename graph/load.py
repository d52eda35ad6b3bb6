"""Write a validated review package into a store, all or nothing.

Nodes and relationships are written in batches of ``UNWIND $rows ... MERGE`` on their
stable ids, so loading the same package twice changes nothing. The whole load runs in
the store's atomic scope: a failure part way leaves the review as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graph.package import ReviewPackage
from graph.rows import GraphRows, package_rows
from graph.schema import Label
from graph.stores.store import Runner, Store

__all__ = ["load_package", "LoadSummary", "BATCH_SIZE"]

BATCH_SIZE = 500
Progress = Callable[[int], None]


@dataclass(frozen=True)
class LoadSummary:
    review: str
    nodes: int
    relationships: int


def load_package(
    store: Store, package: ReviewPackage, *, replace: bool = False, progress: Progress | None = None
) -> LoadSummary:
    """Load ``package`` into ``store``; with ``replace``, drop that review's old content first.

    Other reviews in the same database are never touched.
    """
    rows = package_rows(package)
    step = progress or (lambda n: None)
    store.ensure_schema()
    with store.atomic(package.review.id) as runner:
        if replace:
            delete_review(runner, package.review.id)
        runner.run("merge_review", rows.review)
        step(1)
        _write(runner, rows, step)
    rels = sum(map(len, rows.rels.values())) + sum(map(len, rows.links.values()))
    nodes = sum(map(len, rows.nodes.values())) + 1
    return LoadSummary(package.review.id, nodes, rels)


def delete_review(runner: Runner, review: str) -> None:
    """Remove every node (and so relationship) of one review."""
    for label in Label:
        runner.run("delete_review_nodes", {"review": review}, Label=label)


def _write(runner: Runner, rows: GraphRows, step: Progress) -> None:
    for label, node_rows in rows.nodes.items():
        for batch in _batches(node_rows):
            runner.run("merge_nodes", {"rows": batch}, Label=label)
            step(len(batch))
    for (source, rel, target), rel_rows in rows.rels.items():
        for batch in _batches(rel_rows):
            runner.run("merge_relationships", {"rows": batch}, From=source, REL=rel, To=target)
            step(len(batch))
    for (source, target), link_rows in rows.links.items():
        for batch in _batches(link_rows):
            runner.run("merge_causal_links", {"rows": batch}, From=source, To=target)
            step(len(batch))


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH_SIZE):
        yield rows[start:start + BATCH_SIZE]
