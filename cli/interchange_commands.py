"""``ptgraph export``: the graph out to Gephi, yEd, Cytoscape, Kumu, Mermaid, Neo4j and spreadsheets."""

from __future__ import annotations

from pathlib import Path

import click

from cli.edge import cli_store, friendly
from graph.interchange.formats import FORMATS

__all__ = ["export"]

# the names and descriptions only: the writers (networkx, openpyxl) are imported when one runs
_FORMAT_HELP = "\n".join(f"  {name:<12} {description}" for name, description in FORMATS.items())


@click.command(epilog="Formats:\n\n\b\n" + _FORMAT_HELP)  # \b: click keeps these lines unwrapped
@click.argument("fmt", metavar="FORMAT")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--review", help="The review to export (default: the only one; graph formats: every review).")
@click.option("--theory", help="Only this programme theory (e.g. pt5): graph formats and Mermaid.")
@click.option(
    "--graph",
    "graph",
    type=click.Choice(["full", "causal"]),
    help="full: every node and relationship; causal: concepts and their LEADS_TO links.",
)
@click.option("--from", "source", help="Mermaid pathway: concepts whose names contain this...")
@click.option("--to", "target", help="...to concepts whose names contain this.")
@click.option("--rank", default=1, show_default=True, help="Mermaid pathway: which ranked chain to draw.")
@click.option("--max-hops", default=4, show_default=True, help="Mermaid pathway: longest chain considered.")
@click.pass_context
@friendly
def export(
    ctx: click.Context,
    fmt: str,
    out: Path,
    review: str | None,
    theory: str | None,
    graph: str | None,
    source: str | None,
    target: str | None,
    rank: int,
    max_hops: int,
) -> None:
    """Export the stored graph as FORMAT to OUT (a file; a folder for neo4j-admin).

    See docs/interchange.md for what each format is for and which tool opens it.
    """
    from graph.interchange.exporter import ExportRequest
    from graph.interchange.exporter import export as write

    request = ExportRequest(review, theory, graph, source, target, rank, max_hops)
    with cli_store(ctx) as store:
        click.echo(write(store, fmt, out, request))
