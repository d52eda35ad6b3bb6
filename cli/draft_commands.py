"""Commands that draft a review from what people code or write: import-qda, import-prose, evaluate-prose."""

from __future__ import annotations

from pathlib import Path

import click

from cli.edge import cli_store, friendly

__all__ = ["import_qda", "import_prose", "evaluate_prose"]

_REVIEW = click.option(
    "--review", "review_id", required=True, help="Id of the review (lower case, digits, '-', '_', '.')."
)
_OUT = click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the draft review package to.",
)


def _write(ctx: click.Context, package, out: Path, header: str, load_after: bool, replace: bool) -> None:
    from loaders.writer import write_package

    written = write_package(package, out, header)
    click.echo(
        f"Wrote {out}: {len(written.theories)} theories, {len(written.cmocs)} CMOCs, "
        f"{len(written.concepts)} concepts, {len(written.evidence)} evidence items (a draft: review it, "
        f"then 'ptgraph validate {out}')"
    )
    if load_after:
        from graph.load import load_package

        with cli_store(ctx) as store:
            loaded = load_package(store, written, replace=replace)
        click.echo(
            f"Loaded review '{loaded.review}': {loaded.nodes} nodes, {loaded.relationships} relationships"
        )


def _review(review_id: str, name: str | None, source: Path):
    from graph.errors import PtgraphError
    from graph.models import ID_RULE, Review

    try:
        return Review(id=review_id, name=name or review_id, source=source.name)
    except ValueError as e:
        raise PtgraphError(f"--review {review_id!r}: {ID_RULE}") from e


@click.command("import-qda")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_REVIEW
@_OUT
@click.option("--name", help="The review's name (default: the id).")
@click.option(
    "--codes",
    "mapping",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A YAML file of 'code: kind' lines (context, mechanism, resource, response, outcome, "
    "theory, ignore) for codes whose kind the hierarchy does not give.",
)
@click.option("--load", "load_after", is_flag=True, help="Load the written package into the store.")
@click.option("--replace", is_flag=True, help="With --load: replace the review's old content.")
@click.pass_context
@friendly
def import_qda(
    ctx: click.Context,
    file: Path,
    review_id: str,
    out: Path,
    name: str | None,
    mapping: Path | None,
    load_after: bool,
    replace: bool,
) -> None:
    """Draft a review from a REFI-QDA codebook (.qdc) or project (.qdpx) of NVivo, ATLAS.ti or MAXQDA.

    Codes become concepts (their kind from the code hierarchy or --codes), coded segments
    verbatim evidence with their document and position. Nothing is written on a problem.
    """
    from loaders.qda.refiqda import plan_qda

    plan = plan_qda(file, _review(review_id, name, file), mapping)
    for line in plan.report():
        click.echo(line)
    header = f"Drafted by 'ptgraph import-qda' from {file.name}: review every CMOC before relying on it."
    _write(ctx, plan.package, out, header, load_after, replace)


def _draft(file: Path, chapter: int | None):
    from graph.errors import PtgraphError
    from loaders.prose.parser import chapter_lines, parse_prose

    if not file.is_file():
        raise PtgraphError(f"{file}: no such file")
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise PtgraphError(f"{file}: not UTF-8 text (byte {e.start}); save it as UTF-8 plain text") from e
    try:
        lines = chapter_lines(text, chapter)
    except ValueError as e:
        raise PtgraphError(f"{file}: {e}") from e
    return parse_prose(lines)


_CHAPTER = click.option(
    "--chapter", type=int, help="Only this chapter (from its 'Chapter N' line to the next)."
)


@click.command("import-prose")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_REVIEW
@_OUT
@_CHAPTER
@click.option("--name", help="The review's name (default: the id).")
@click.option("--load", "load_after", is_flag=True, help="Load the written package into the store.")
@click.option("--replace", is_flag=True, help="With --load: replace the review's old content.")
@click.pass_context
@friendly
def import_prose(
    ctx: click.Context,
    file: Path,
    review_id: str,
    out: Path,
    chapter: int | None,
    name: str | None,
    load_after: bool,
    replace: bool,
) -> None:
    """Draft a review from a report's text with inline (context) / (mechanism – resource) /
    (mechanism – response) / (outcome) marks and attributed quotes ("SP22, Case Study C").

    Elements and quotes keep the source's own words and their locators (section and
    paragraph); whatever the parser cannot settle becomes a note on the draft.
    """
    from loaders.prose.draft import draft_package

    draft = _draft(file, chapter)
    package = draft_package(draft, _review(review_id, name, file))
    click.echo(
        f"Found {len(draft.marks)} marked elements in {len(draft.cmocs)} configurations and "
        f"{len(draft.quotes)} attributed quotes; {len(package.notes)} notes for the reviewer"
    )
    header = f"Drafted by 'ptgraph import-prose' from {file.name}: review every CMOC and its notes."
    _write(ctx, package, out, header, load_after, replace)


@click.command("evaluate-prose")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--against",
    "curated",
    default="reco",
    show_default=True,
    help="The curated package (folder or built-in name) to compare with.",
)
@_CHAPTER
@friendly
def evaluate_prose(file: Path, curated: str, chapter: int | None) -> None:
    """Precision and recall of the prose parser's CMOC elements and quote attribution on FILE.

    For example: ptgraph evaluate-prose reco-hta-report-2024.txt --chapter 4 --against reco
    """
    from loaders.package import read_package
    from loaders.prose.evaluate import evaluate_prose as score

    scores = score(_draft(file, chapter), read_package(curated))
    part = f"chapter {chapter} of {file.name}" if chapter else file.name
    click.echo(f"The prose parser on {part}, against the curated package '{curated}':")
    for line in scores.report():
        click.echo(f"  {line}")
