"""The explorer's shell: builds the Dash app around a store; pages register themselves."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import style
from dashboard.data import ExplorerData
from dashboard.export import enable_svg
from dashboard.guard import Access, protect
from dashboard.pages import console, gaps, network, pathways, theory, workshop
from graph.stores.store import Store

__all__ = ["create_app", "PAGES"]

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
            dcc.Store(id="app-reviews", data=data.reviews()),
            dash.page_container,
        ], style=style.PAGE)

    app.layout = shell
    protect(app, access)
    return app
