"""``ptgraph serve``: the explorer in the browser."""

from __future__ import annotations

import click

from cli.edge import cli_store, friendly

__all__ = ["serve"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8050, show_default=True)
@click.option("--no-load", is_flag=True, help="Do not load the RECO review into an empty store.")
@click.pass_context
@friendly
def serve(ctx: click.Context, host: str, port: int, no_load: bool) -> None:
    """Run the explorer in the browser (loads RECO first when the store is empty)."""
    from dashboard.app import create_app
    from dashboard.data import ensure_seeded

    with cli_store(ctx) as store:
        click.echo(f"Store ready: {store.describe()}")
        if not no_load and ensure_seeded(store):
            click.echo("Loaded the RECO review (the store was empty)")
        app = create_app(store)
        click.echo(f"ptgraph explorer on http://{host}:{port}/")
        app.run(host=host, port=port, debug=False)
