"""The explorer's shell: builds the Dash app around a store; pages register themselves."""

from __future__ import annotations

import dash
from dash import Input, Output, State, dcc, html

from dashboard import style
from dashboard.data import ExplorerData, store_problem
from dashboard.export import enable_svg
from dashboard.guard import Access, protect
from dashboard.pages import console, gaps, network, pathways, theory, workshop
from graph.stores.store import Store

__all__ = ["create_app", "PAGES", "STORE_POLL_MS"]

STORE_POLL_MS = 2500  # how often each open page checks that the store answers

PAGES = (
    (network, "Network"),
    (pathways, "Pathways"),
    (theory, "Theory"),
    (gaps, "Gaps"),
    (console, "Console"),
    (workshop, "Workshop"),
)


def create_app(store: Store, access: Access | None = None) -> dash.Dash:
    """A Dash app showing the graph in ``store``, behind the guard enforcing ``access``.

    Each page module owns its layout and registers its callbacks on this app (not on
    Dash's global callback list), so the function can be called more than once in a process.
    ``access`` (see :mod:`dashboard.guard`) defaults to loopback names and no secrets.
    """
    enable_svg()
    app = dash.Dash(__name__, title="ptgraph", use_pages=True, pages_folder="",
                    suppress_callback_exceptions=True)
    data = ExplorerData(store)
    for module, name in PAGES:
        dash.register_page(module.__name__, path=module.PATH, name=name, title=f"ptgraph · {name}",
                           layout=module.layout)
        module.register(app, data)

    def shell() -> html.Div:
        return html.Div([
            html.Nav([html.H1("ptgraph explorer", style={"fontSize": "1.3rem"}),
                      *[dcc.Link(name, href=module.PATH, id=f"app-nav-{name.lower()}", style=style.NAV_LINK)
                        for module, name in PAGES],
                      html.Small(store.describe(), style={"marginLeft": "auto", "color": "#666"})],
                     style=style.NAV),
            html.Div(id="app-unavailable", role="alert", hidden=True, style=style.UNAVAILABLE_BANNER),
            dcc.Interval(id="app-store-poll", interval=STORE_POLL_MS),
            dcc.Store(id="app-store-back"), html.Span(id="app-reloading", hidden=True),
            dcc.Store(id="app-reviews", data=_reviews(data)),
            dash.page_container,
        ], style=style.PAGE)

    app.layout = shell
    _watch_store(app, store)
    protect(app, access)  # last: it wraps the finished app's WSGI entry
    return app


def _reviews(data: ExplorerData) -> list[dict]:
    return data.reviews() if store_problem(data.store) is None else []


def _watch_store(app: dash.Dash, store: Store) -> None:
    """Show "database unavailable" while the store is down; reload the page once it is back."""

    @app.callback(Output("app-unavailable", "children"), Output("app-unavailable", "hidden"),
                  Output("app-store-back", "data"), Input("app-store-poll", "n_intervals"),
                  State("app-unavailable", "hidden"))
    def _poll(_n, was_hidden):
        problem = store_problem(store)
        return problem or "", problem is None, problem is None and was_hidden is False

    app.clientside_callback(
        "function(back) { if (back) { window.location.reload(); } return back ? 'reload' : ''; }",
        Output("app-reloading", "title"), Input("app-store-back", "data"))
