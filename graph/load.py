"""Write a validated review package into a store, all or nothing.

The package's rows are built once (:func:`graph.rows.package_rows`) and hashed; the hash is kept
on the Review node. Loading a package whose review is already there with the same hash changes
nothing; with a different hash it needs ``replace``, which always rewrites the review (other
reviews are never touched). The write runs in the store's atomic scope, which holds the review's
write lock (two loads of one review run one after the other, the second deciding on what the
first left), where the review's old content is removed first, and is made of plain
``UNWIND $rows ... CREATE`` batches: a failure part way leaves the review as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graph.errors import ReviewAlreadyLoaded
from graph.package import ReviewPackage
from graph.rows import GraphRows, package_rows
from graph.schema import Label
from graph.stores.store import Runner, Store

__all__ = ["load_package", "load_rows", "content_hash", "delete_review", "write_steps", "LoadSummary",
           "BATCH_SIZE"]

BATCH_SIZE = 2000
Progress = Callable[[int], None]


@dataclass(frozen=True)
class LoadSummary:
    review: str
    nodes: int
    relationships: int
    unchanged: bool = False  # the same content was already loaded: nothing was written


def load_package(
    store: Store, package: ReviewPackage, *, replace: bool = False, progress: Progress | None = None
) -> LoadSummary:
    """Load ``package`` into ``store``; with ``replace``, its review's old content is replaced.

    Other reviews in the same database are never touched.
    """
    return load_rows(store, package_rows(package), replace=replace, progress=progress)


def content_hash(rows: GraphRows) -> str:
    """A digest of everything a load writes for one package, whatever the order it is written in.

    Keys and rows are sorted first, so a package whose files list the same things in another
    order (a table exported and imported again, say) counts as the same content.

    >>> from loaders.package import read_package
    >>> rows = package_rows(read_package("example"))
    >>> content_hash(rows) == content_hash(package_rows(read_package("example")))
    True
    """
    digest = hashlib.sha256()
    digest.update(_canonical(rows.review).encode())
    parts: tuple[dict[Any, list[dict[str, Any]]], ...] = (rows.nodes, rows.rels, rows.links)
    for part in parts:
        for key in sorted(part, key=str):
            digest.update(_canonical([str(key), sorted(map(_canonical, part[key]))]).encode())
    return digest.hexdigest()


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def load_rows(
    store: Store, rows: GraphRows, *, replace: bool = False, progress: Progress | None = None
) -> LoadSummary:
    """Load rows built by :func:`graph.rows.package_rows` (see :func:`load_package`)."""
    review = rows.review["id"]
    digest = content_hash(rows)
    rels = sum(map(len, rows.rels.values())) + sum(map(len, rows.links.values()))
    nodes = sum(map(len, rows.nodes.values())) + 1
    if _must_skip(store, review, digest, replace):
        return LoadSummary(review, nodes, rels, unchanged=True)
    step = progress or (lambda n: None)
    store.ensure_schema()
    try:
        with store.atomic(review) as runner:
            # The scope holds the review's write lock: a load that waited for another one of the
            # same review decides again on what that one left, as if it had come after it.
            if _must_skip(store, review, digest, replace):
                raise _LoadedMeanwhile
            for name, params, names in write_steps(rows, digest):
                runner.run(name, params, **names)
                step(len(params["rows"]) if "rows" in params else int(name == "create_review"))
    except _LoadedMeanwhile:
        return LoadSummary(review, nodes, rels, unchanged=True)
    return LoadSummary(review, nodes, rels)


class _LoadedMeanwhile(Exception):
    """Another process loaded the same content while this load waited: leave the scope, write nothing."""


def _must_skip(store: Store, review: str, digest: str, replace: bool) -> bool:
    """True when, without ``replace``, the same content is loaded; raises when other content is."""
    loaded = [] if replace else store.run("get_review_hash", {"id": review})
    if not loaded:
        return False
    if loaded[0]["hash"] == digest:
        return True
    raise ReviewAlreadyLoaded(
        f"review '{review}' is already loaded with different content; nothing was written. "
        "Load it with --replace to replace it (other reviews are kept)")


def delete_review(runner: Runner, review: str) -> None:
    """Remove every node (and so relationship) of one review."""
    for label in Label:
        runner.run("delete_review_nodes", {"review": review}, Label=label)


Step = tuple[str, dict[str, Any], dict[str, Any]]  # catalog name, parameters, label/type names


def write_steps(rows: GraphRows, digest: str) -> Iterator[Step]:
    """Every statement a load runs, in order: the review's old content out, then its rows in.

    Shared by the load and the Cypher script export, so a script recreates exactly what a load
    writes (running it twice leaves the same graph).

    >>> from loaders.package import read_package
    >>> steps = list(write_steps(package_rows(read_package("example")), "digest"))
    >>> [name for name, _, _ in steps][len(Label) - 1:len(Label) + 2]
    ['delete_review_nodes', 'create_review', 'create_nodes']
    """
    review = rows.review["id"]
    for label in Label:
        yield "delete_review_nodes", {"review": review}, {"Label": label}
    yield "create_review", {"id": review, "props": {**rows.review["props"], "contentHash": digest}}, {}
    for label, node_rows in rows.nodes.items():
        for batch in _batches(node_rows):
            yield "create_nodes", {"rows": batch}, {"Label": label}
    for (source, rel, target), rel_rows in rows.rels.items():
        for batch in _batches(_unique(rel_rows, ("source", "target"))):
            yield "create_relationships", {"rows": batch}, {"From": source, "REL": rel, "To": target}
    for (source, target), link_rows in rows.links.items():
        for batch in _batches(_unique(link_rows, ("source", "target", "polarity"))):
            yield "create_causal_links", {"rows": batch}, {"From": source, "To": target}


def _unique(rows: list[dict[str, Any]], key: tuple[str, ...]) -> list[dict[str, Any]]:
    """One row per relationship, as MERGE would keep it: later properties win.

    >>> _unique([{"source": 1, "target": 2, "props": {"a": 1}},
    ...          {"source": 1, "target": 2, "props": {"b": 2}}], ("source", "target"))
    [{'source': 1, 'target': 2, 'props': {'a': 1, 'b': 2}}]
    """
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        ident = tuple(row[k] for k in key)
        if ident in merged:
            merged[ident] = {**merged[ident], "props": {**merged[ident]["props"], **row["props"]}}
        else:
            merged[ident] = row
    return list(merged.values())


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH_SIZE):
        yield rows[start:start + BATCH_SIZE]
