"""The explorer's shell: builds the Dash app around a store; pages register themselves."""

from __future__ import annotations

import dash
from dash import html

from graph.store import Store

__all__ = ["create_app"]


def create_app(store: Store) -> dash.Dash:
    """A Dash app showing the graph in ``store``."""
    app = dash.Dash(__name__, title="ptgraph")
    reviews = store.run("list_reviews")
    app.layout = html.Main([
        html.H1("ptgraph explorer"),
        html.P(f"Store: {store.describe()}"),
        html.Ul([html.Li(f"{r['id']}: {r['name']}") for r in reviews], id="home-reviews"),
    ])
    return app
