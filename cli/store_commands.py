"""Commands that read or write the store: load, query, paths, stats."""

from __future__ import annotations

import sys
from typing import Any

import click

from cli import render
from cli.edge import cli_store, friendly, parse_params
from graph.errors import StoreUnavailable
from graph.queries import MAX_TIMEOUT_MS
from graph.stores.store import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_MS, Store

__all__ = ["load", "query", "paths", "stats"]


@click.command()
@click.argument("package", default="reco")
@click.option("--replace", is_flag=True,
              help="Replace this review's content if it is already loaded (other reviews untouched).")
@click.pass_context
@friendly
def load(ctx: click.Context, package: str, replace: bool) -> None:
    """Validate and load a review PACKAGE (folder or built-in name; default: reco).

    Loading is atomic: a package with problems writes nothing, and a failure or a kill part
    way leaves the review as it was. Loading the same package again changes nothing; a package
    whose review is loaded with other content needs --replace.
    """
    from tqdm import tqdm

    from graph.load import content_hash, load_rows
    from graph.rows import package_rows
    from loaders.package import read_package

    rows = package_rows(read_package(package))
    try:
        with cli_store(ctx) as store, tqdm(total=rows.total(), unit="row", desc="loading", disable=None,
                                        file=sys.stderr) as bar:
            summary = load_rows(store, rows, replace=replace, progress=bar.update)
            where = store.describe()
    except StoreUnavailable as e:
        raise StoreUnavailable(_after_lost_server(ctx, rows.review["id"], content_hash(rows), e)) from e
    if summary.unchanged:
        click.echo(f"Review '{summary.review}' is already loaded with this content; nothing to do.")
        return
    click.echo(f"Loaded review '{summary.review}': {summary.nodes} nodes, "
               f"{summary.relationships} relationships into {where}")


def _after_lost_server(ctx: click.Context, review: str, digest: str, error: Exception) -> str:
    """One sentence on what a load that lost its server left behind (checked on a fresh server)."""
    try:
        with cli_store(ctx) as store:
            loaded = store.run("get_review_hash", {"id": review})
    except StoreUnavailable:
        return f"the store stopped during the load of review '{review}' and cannot be reached now ({error})"
    if loaded and loaded[0]["hash"] == digest:
        return f"the store stopped just after the load of review '{review}' was saved; it is loaded"
    return (f"the store stopped during the load of review '{review}'; the review is as it was before "
            "(a load is all or nothing): load it again")


@click.command()
@click.argument("cypher")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="Query parameter; VALUE is read as JSON when it parses, else as text.")
@click.option("--json", "as_json", is_flag=True, help="Print rows as JSON.")
@click.option("--write", is_flag=True, help="Allow the query to write (read-only otherwise).")
@click.option("--limit", default=DEFAULT_ROW_LIMIT, show_default=True, type=click.IntRange(min=1),
              help="Maximum rows returned; the database stops at one more.")
@click.option("--timeout", default=DEFAULT_TIMEOUT_MS // 1000, show_default=True,
              type=click.IntRange(1, MAX_TIMEOUT_MS // 1000),
              help="Seconds before the database stops the query (1 to 300; there is no 'no limit').")
@click.pass_context
@friendly
def query(ctx: click.Context, cypher: str, params: tuple[str, ...], as_json: bool, write: bool,
          limit: int, timeout: int) -> None:
    """Run a CYPHER query. Read-only unless --write: the database itself refuses writes, and
    ptgraph refuses LOAD CSV and procedures that reach outside the graph (docs/queries.md)."""
    values = parse_params(params)
    with cli_store(ctx) as store:
        result = store.query(cypher, values, write=write, limit=limit, timeout_ms=timeout * 1000)
    click.echo(render.to_json(result.rows) if as_json else render.table(result))


@click.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--max-hops", default=4, show_default=True, help="Longest chain to consider.")
@click.option("--limit", default=10, show_default=True, help="How many chains to print.")
@click.option("--review", help="Only this review's graph.")
@click.option("--include-negative", is_flag=True, help="Also walk links from negative (disconfirming) CMOCs.")
@click.option("--json", "as_json", is_flag=True, help="Print chains as JSON.")
@click.pass_context
@friendly
def paths(ctx: click.Context, source: str, target: str, max_hops: int, limit: int, review: str | None,
          include_negative: bool, as_json: bool) -> None:
    """Ranked causal chains FROM concepts TO concepts (names matched as substrings, any case).

    Each hop shows the PTs it comes from and how many evidence items back it, and each chain
    says how it is backed: by one source end to end, by several sources in parts, or with a
    hop no evidence backs.
    """
    from graph.analytics.pathways import find_pathways

    with cli_store(ctx) as store:
        G = _causal_graph(store, review)
    chains = find_pathways(G, source, target, max_hops=max_hops, include_negative=include_negative,
                           limit=limit)
    names = {n: str(d.get("name", n)) for n, d in G.nodes(data=True)}
    click.echo(render.pathways_json(chains, names) if as_json else render.pathways_text(chains, names))


def _causal_graph(store: Store, review: str | None) -> Any:
    """The causal graph; on the embedded store kept in PTGRAPH_HOME/cache until the store changes,
    so that a command does not rebuild it from the database every time."""
    from graph.analytics.network import causal_graph, persisted_causal_graph

    graph_name = getattr(store, "graph_name", None)
    if store.kind != "embedded" or not graph_name:
        return causal_graph(store, review)
    from graph.stores.embedded import home_dir

    return persisted_causal_graph(store, review, home_dir() / "cache", graph_name)


@click.command()
@click.option("--review", help="Only this review.")
@click.pass_context
@friendly
def stats(ctx: click.Context, review: str | None) -> None:
    """Counts of nodes by label and relationships by type."""
    with cli_store(ctx) as store:
        reviews = store.run("list_reviews")
        nodes = store.run("count_nodes_by_label", {"review": review})
        rels = store.run("count_relationships_by_type", {"review": review})
        where = store.describe()
    click.echo(f"Store: {where}")
    click.echo("Reviews: " + (", ".join(r["id"] for r in reviews) or "none loaded"))
    for title, rows, key in (("Nodes", nodes, "label"), ("Relationships", rels, "type")):
        click.echo(f"{title}:")
        for row in rows:
            click.echo(f"  {row[key]:<22} {row['count']:>6}")
