"""``ptgraph concepts``: suggest merges, apply a person's decisions, measure the suggestions."""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

import click

from cli.edge import friendly

__all__ = ["concepts"]


@click.group()
def concepts() -> None:
    """Make the same idea, worded differently, one concept, so that chains form."""


def _method_label(method: str) -> str:
    return (
        "the all-MiniLM-L6-v2 sentence-embedding model (installed, run offline)"
        if method == "embedding"
        else "TF-IDF word overlap (install the embedding model for better suggestions: docs/import.md)"
    )


@concepts.command()
@click.argument("review")
@click.option(
    "--with", "others", multiple=True, help="Another review PACKAGE: suggest concepts the two share."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Mapping CSV to write (default: REVIEW-mapping.csv; decisions already in it are kept).",
)
@click.option(
    "--method", type=click.Choice(["embedding", "tfidf"]), help="Default: embedding when installed."
)
@click.option("--accept-at", type=float, help="Pre-fill 'accept' for suggestions scoring at least this.")
@click.option("--show", default=10, show_default=True, help="How many of the best suggestions to print.")
@friendly
def suggest(
    review: str,
    others: tuple[str, ...],
    out: Path | None,
    method: str | None,
    accept_at: float | None,
    show: int,
) -> None:
    """Suggest merges for a review PACKAGE: same-role pairs, and outcome → context/mechanism chains."""
    from graph.concepts.similarity import default_method
    from graph.concepts.suggest import statements
    from graph.concepts.suggest import suggest as make
    from loaders.mapping import write_suggestions
    from loaders.package import read_package

    package = read_package(review)
    items = statements(package)
    chosen = method or default_method()
    if others:
        for other in others:
            items += statements(read_package(other))
        found = make(items, chosen, across_reviews=True)
    else:
        found = make(items, chosen)
    target = out or Path(f"{package.review.id}-mapping.csv")
    kept = write_suggestions(target, found, accept_at)
    kinds = {k: sum(s.kind == k for s in found) for k in ("same role", "chain")}
    click.echo(
        f"{len(found)} suggestions ({kinds['same role']} same role, {kinds['chain']} chain) from "
        f"{len(items)} concepts, by {_method_label(chosen)}; wrote {target}"
        + (f" (kept {kept} earlier decisions)" if kept else "")
    )
    for s in found[:show]:
        click.echo(f"  {s.score:.2f} {s.kind:<9} {s.keep.text!r}  ⇐  {s.merge.text!r}")
    click.echo(
        f"Fill the decision column (accept/reject, rename if you like), then "
        f"'ptgraph concepts apply {review} {target}'."
    )


@concepts.command()
@click.argument("review", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.argument("mapping", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@friendly
def apply(review: Path, mapping: Path) -> None:
    """Apply the accepted rows of a MAPPING CSV to a REVIEW package folder (merges.csv, concept_links.csv).

    Every CMOC keeps its own wording of each merged concept.
    """
    from graph.errors import ImportInvalid, Problem
    from loaders.mapping import merges_for, read_decisions
    from loaders.package import read_package
    from loaders.writer import write_csv

    before = read_package(review)
    problems: list[Problem] = []
    decisions = read_decisions(mapping, problems)
    if problems:
        raise ImportInvalid(problems)
    merges, links = merges_for(before.review.id, decisions)
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / review.name
        shutil.copytree(review, trial)
        for name, items in (("merges.csv", merges), ("concept_links.csv", links)):
            if items:
                write_csv(trial / f".{name}", list(items))
                _combine(trial / name, trial / f".{name}")
                (trial / f".{name}").replace(trial / name)
        after = read_package(trial)  # a mapping that would break the package changes nothing
        for name in ("merges.csv", "concept_links.csv"):
            if (trial / name).is_file():
                shutil.copy2(trial / name, review / name)
    (islands, largest), (islands_after, largest_after) = _networks(before), _networks(after)
    click.echo(
        f"Applied {len(merges)} merges and {len(links)} cross-review links: {len(before.concepts)} → "
        f"{len(after.concepts)} concepts; separate chain networks {islands} → {islands_after}, the largest "
        f"{largest} → {largest_after} concepts. Original wordings stay on their CMOCs."
    )


def _combine(kept: Path, new: Path) -> None:
    """Rows already in ``kept`` stay; new rows about other pairs are added (result in ``new``)."""
    if not kept.is_file():
        return
    with kept.open(encoding="utf-8-sig", newline="") as handle:
        old = list(csv.DictReader(handle))
    with new.open(encoding="utf-8", newline="") as handle:
        fresh = list(csv.DictReader(handle))
    seen = {(r.get("concept"), r.get("into") or r.get("same_as")) for r in old}
    rows = old + [r for r in fresh if (r.get("concept"), r.get("into") or r.get("same_as")) not in seen]
    columns = list(dict.fromkeys(k for r in rows for k in r))
    with new.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _networks(package) -> tuple[int, int]:
    """How many separate chain networks (islands) the package's causal links make, and the largest."""
    import networkx as nx

    from graph.causal import derive_links

    G = nx.Graph()
    G.add_edges_from((k.source, k.target) for k in derive_links(package.cmocs, {}))
    sizes = [len(c) for c in nx.connected_components(G)]
    return len(sizes), max(sizes, default=0)


@concepts.command()
@click.argument("review")
@click.argument("truth", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--method",
    "methods",
    multiple=True,
    type=click.Choice(["embedding", "tfidf"]),
    help="Default: both (embedding only when installed).",
)
@friendly
def evaluate(review: str, truth: Path, methods: tuple[str, ...]) -> None:
    """Precision and recall of the suggestions for REVIEW against a TRUTH CSV (text,concept)."""
    from graph.concepts import minilm
    from graph.concepts.evaluate import score_suggestions
    from graph.concepts.suggest import statements, suggest
    from graph.extraction import text_key
    from loaders.package import read_package

    package = read_package(review)
    with truth.open(encoding="utf-8-sig", newline="") as handle:
        labels = {text_key(r["text"]): r["concept"] for r in csv.DictReader(handle)}
    items = statements(package)
    chosen = methods or (("embedding", "tfidf") if minilm.available() else ("tfidf",))
    click.echo(
        f"{len(items)} concepts, {sum(1 for s in items if text_key(s.text) in labels)} labelled "
        f"in {truth.name}"
    )
    for method in chosen:
        click.echo(f"{method}:")
        for score in score_suggestions(items, suggest(items, method), labels):
            click.echo(f"  {score}")
