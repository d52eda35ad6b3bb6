"""``ptgraph``: load, validate, query and explore realist programme theory graphs."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

import click

from cli import render
from graph.errors import PackageInvalid, PtgraphError
from graph.stores.store import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_MS, Store

__all__ = ["main"]


def _friendly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn ptgraph's own errors into a message and a non-zero exit, no traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PackageInvalid as e:
            count = len(e.problems)
            click.echo(f"{count} problem{'s' if count != 1 else ''} found:", err=True)
            for problem in e.problems:
                click.echo(f"  {problem}", err=True)
            sys.exit(1)
        except PtgraphError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--uri", envvar="NEO4J_URI", help="Neo4j URI (neo4j://, neo4j+s://, bolt://). "
              "Default: NEO4J_URI, else the embedded store.")
@click.option("--user", envvar="NEO4J_USERNAME", help="Neo4j user (NEO4J_USERNAME).")
@click.option("--database", envvar="NEO4J_DATABASE", help="Neo4j database (NEO4J_DATABASE).")
@click.pass_context
def main(ctx: click.Context, uri: str | None, user: str | None, database: str | None) -> None:
    """Realist programme theories as a causal graph.

    The store is Neo4j when --uri or NEO4J_URI is set (password from NEO4J_PASSWORD),
    otherwise the embedded FalkorDB store in PTGRAPH_HOME, started on demand.
    """
    ctx.obj = {"uri": uri, "user": user, "database": database}


@contextmanager
def _store(ctx: click.Context) -> Iterator[Store]:
    from graph.api import open_store

    with open_store(ctx.obj["uri"], user=ctx.obj["user"], database=ctx.obj["database"]) as store:
        yield store


@main.command()
@click.argument("package")
@_friendly
def validate(package: str) -> None:
    """Check a review PACKAGE folder (or built-in name) and list every problem."""
    from loaders.package import read_package

    pkg = read_package(package)
    click.echo(f"{pkg.path}: valid — {len(pkg.theories)} theories, {len(pkg.cmocs)} CMOCs, "
               f"{len(pkg.concepts)} concepts, {len(pkg.evidence)} evidence items")


@main.command()
@click.argument("package", default="reco")
@click.option("--replace", is_flag=True,
              help="Drop this review's old content first (other reviews untouched).")
@click.pass_context
@_friendly
def load(ctx: click.Context, package: str, replace: bool) -> None:
    """Validate and load a review PACKAGE (folder or built-in name; default: reco).

    Loading is idempotent and atomic: a package with problems writes nothing, and a
    failure part way leaves the review as it was.
    """
    from tqdm import tqdm

    from graph.load import load_package
    from graph.rows import package_rows
    from loaders.package import read_package

    pkg = read_package(package)
    with _store(ctx) as store, tqdm(total=package_rows(pkg).total(), unit="row", desc="loading",
                                    disable=None, file=sys.stderr) as bar:
        summary = load_package(store, pkg, replace=replace, progress=bar.update)
        where = store.describe()
    click.echo(f"Loaded review '{summary.review}': {summary.nodes} nodes, "
               f"{summary.relationships} relationships into {where}")


def _parse_params(pairs: tuple[str, ...]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not key=value", param_hint="--param")
        try:
            params[key] = json.loads(raw)
        except ValueError:
            params[key] = raw
    return params


@main.command()
@click.argument("cypher")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="Query parameter; VALUE is read as JSON when it parses, else as text.")
@click.option("--json", "as_json", is_flag=True, help="Print rows as JSON.")
@click.option("--write", is_flag=True, help="Allow the query to write (read-only otherwise).")
@click.option("--limit", default=DEFAULT_ROW_LIMIT, show_default=True, help="Maximum rows returned.")
@click.option("--timeout", default=DEFAULT_TIMEOUT_MS // 1000, show_default=True,
              help="Seconds before the query is stopped.")
@click.pass_context
@_friendly
def query(ctx: click.Context, cypher: str, params: tuple[str, ...], as_json: bool, write: bool,
          limit: int, timeout: int) -> None:
    """Run a CYPHER query. Read-only unless --write: the database itself refuses writes."""
    values = _parse_params(params)
    with _store(ctx) as store:
        result = store.query(cypher, values, write=write, limit=limit, timeout_ms=timeout * 1000)
    click.echo(render.to_json(result.rows) if as_json else render.table(result))


@main.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--max-hops", default=4, show_default=True, help="Longest chain to consider.")
@click.option("--limit", default=10, show_default=True, help="How many chains to print.")
@click.option("--review", help="Only this review's graph.")
@click.option("--include-negative", is_flag=True, help="Also walk links from negative (disconfirming) CMOCs.")
@click.option("--json", "as_json", is_flag=True, help="Print chains as JSON.")
@click.pass_context
@_friendly
def paths(ctx: click.Context, source: str, target: str, max_hops: int, limit: int, review: str | None,
          include_negative: bool, as_json: bool) -> None:
    """Ranked causal chains FROM concepts TO concepts (names matched as substrings, any case).

    Each hop shows the PTs it comes from and how many evidence items back it.
    """
    from graph.analytics.network import causal_graph
    from graph.analytics.pathways import find_pathways

    with _store(ctx) as store:
        G = causal_graph(store, review)
    chains = find_pathways(G, source, target, max_hops=max_hops, include_negative=include_negative,
                           limit=limit)
    names = {n: str(d.get("name", n)) for n, d in G.nodes(data=True)}
    click.echo(render.pathways_json(chains, names) if as_json else render.pathways_text(chains, names))


@main.command()
@click.option("--review", help="Only this review.")
@click.pass_context
@_friendly
def stats(ctx: click.Context, review: str | None) -> None:
    """Counts of nodes by label and relationships by type."""
    with _store(ctx) as store:
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


@main.command()
@click.argument("package", default="reco")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to this file.")
@_friendly
def report(package: str, output: str | None) -> None:
    """Write the fidelity report (markdown) of a review PACKAGE."""
    from graph.fidelity import fidelity_report
    from loaders.package import read_package

    text = fidelity_report(read_package(package))
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
        click.echo(f"Wrote {output}")
    else:
        click.echo(text)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8050, show_default=True)
@click.option("--no-load", is_flag=True, help="Do not load the RECO review into an empty store.")
@click.pass_context
@_friendly
def serve(ctx: click.Context, host: str, port: int, no_load: bool) -> None:
    """Run the explorer in the browser (loads RECO first when the store is empty)."""
    from dashboard.app import create_app
    from dashboard.data import ensure_seeded

    with _store(ctx) as store:
        click.echo(f"Store ready: {store.describe()}")
        if not no_load and ensure_seeded(store):
            click.echo("Loaded the RECO review (the store was empty)")
        app = create_app(store)
        click.echo(f"ptgraph explorer on http://{host}:{port}/")
        app.run(host=host, port=port, debug=False)
