"""Commands that start, import and remove reviews: import, new, delete."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cli.edge import cli_store, friendly

__all__ = ["import_table", "new", "delete"]


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


@click.command("import")
@click.argument("tables", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--review", "review_id", required=True, help="Id of the review (lower case, digits, '-', '_', '.')."
)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the review package to.",
)
@click.option("--name", help="The review's name (default: the id).")
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="FIELD=HEADER,...",
    help='Which column is which field, e.g. --map context=Context,mechanism="Mechanism (M)".',
)
@click.option(
    "--map-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A YAML file of field: HEADER lines.",
)
@click.option("--ignore", multiple=True, metavar="HEADER", help="A column not to import (repeatable).")
@click.option("--sheet", "sheets", multiple=True, help="Only this sheet of a workbook (repeatable).")
@click.option(
    "--bib",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="BibTeX file the source column's keys refer to.",
)
@click.option(
    "--codebook",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Codebook (YAML or CSV) of themes and the statements they cover: the concept layer.",
)
@click.option(
    "--framework",
    help="Id of the framework the component column names (cfir, selfie, re-aim, tdf "
    "or your own); default: guessed from its header.",
)
@click.option(
    "--concepts",
    "mapping",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A mapping CSV from 'ptgraph concepts suggest' whose accepted rows are applied.",
)
@click.option("--load", "load_after", is_flag=True, help="Load the written package into the store.")
@click.option("--replace", is_flag=True, help="With --load: replace the review's old content.")
@click.option("--dry-run", is_flag=True, help="Show the mapping and the problems; write nothing.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask to confirm guessed columns.")
@click.pass_context
@friendly
def import_table(
    ctx: click.Context,
    tables: tuple[Path, ...],
    review_id: str,
    out: Path,
    name: str | None,
    maps: tuple[str, ...],
    map_file: Path | None,
    ignore: tuple[str, ...],
    sheets: tuple[str, ...],
    bib: Path | None,
    codebook: Path | None,
    framework: str | None,
    mapping: Path | None,
    load_after: bool,
    replace: bool,
    dry_run: bool,
    yes: bool,
) -> None:
    """Import CMOC extraction TABLES (CSV, TSV, XLSX) as a review package in --out.

    One row per CMOC; the columns are guessed from common headers unless mapped. The
    guesses are shown before anything is written; a table with bad rows writes nothing.
    It never waits for an answer when not run from a terminal.
    """
    from loaders.tables.importer import ImportRequest, plan_import, write_import

    try:
        request = ImportRequest(
            list(tables), review_id, name, maps, map_file, ignore, sheets, bib, codebook, mapping, framework
        )
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--map") from e
    plan = plan_import(request)
    for line in plan.report():
        click.echo(line)
    if dry_run:
        click.echo("Dry run: nothing written.")
        return
    if (
        plan.guessed
        and not yes
        and _interactive()
        and not click.confirm("Write the package with these columns?", default=True)
    ):
        click.echo("Nothing written.")
        return
    summary = write_import(plan, out)
    click.echo(summary)
    if load_after:
        from graph.load import load_package

        assert plan.written is not None  # write_import reads the package back
        with cli_store(ctx) as store:
            loaded = load_package(store, plan.written, replace=replace)
        click.echo(
            f"Loaded review '{loaded.review}': {loaded.nodes} nodes, {loaded.relationships} relationships"
        )


@click.command()
@click.argument("name")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Folder (default: ./NAME).")
@friendly
def new(name: str, out: Path | None) -> None:
    """Write a commented template review package NAME to start a review by hand."""
    from loaders.template import write_template

    folder = write_template(name, out or Path(name))
    click.echo(f"Wrote a template review package in {folder}: edit it, then 'ptgraph validate {folder}'")


@click.command()
@click.argument("review")
@click.option("--yes", "-y", is_flag=True, help="Delete without asking.")
@click.pass_context
@friendly
def delete(ctx: click.Context, review: str, yes: bool) -> None:
    """Remove one REVIEW (by id) from the store; other reviews are untouched.

    Asks first; without a terminal it refuses unless --yes is given.
    """
    from graph.errors import PtgraphError
    from graph.load import delete_review
    from graph.validation import did_you_mean

    with cli_store(ctx) as store:
        reviews = [r["id"] for r in store.run("list_reviews")]
        if review not in reviews:
            raise PtgraphError(
                f"no review '{review}' in the store{did_you_mean(review, reviews)} "
                f"(reviews: {', '.join(reviews) or 'none'})"
            )
        if not yes:
            if not _interactive():
                raise PtgraphError(f"not deleting review '{review}' without confirmation: add --yes")
            click.confirm(f"Delete review '{review}' from the store?", abort=True)
        nodes = sum(r["count"] for r in store.run("count_nodes_by_label", {"review": review}))
        with store.atomic(review) as runner:
            delete_review(runner, review)
    click.echo(f"Deleted review '{review}' ({nodes} nodes); other reviews are untouched")
