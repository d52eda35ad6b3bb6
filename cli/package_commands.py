"""Commands on a review package folder that need no store: validate, report."""

from __future__ import annotations

import click

from cli.edge import friendly

__all__ = ["validate", "report"]


@click.command()
@click.argument("package")
@friendly
def validate(package: str) -> None:
    """Check a review PACKAGE folder (or built-in name) and list every problem."""
    from loaders.package import read_package

    pkg = read_package(package)
    for warning in pkg.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"{pkg.path}: valid — {len(pkg.theories)} theories, {len(pkg.cmocs)} CMOCs, "
               f"{len(pkg.concepts)} concepts, {len(pkg.evidence)} evidence items")


@click.command()
@click.argument("package", default="reco")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to this file.")
@friendly
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
