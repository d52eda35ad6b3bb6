"""Export what is on screen: a cytoscape view as PNG or SVG, a table as CSV.

Images are made in the browser by cytoscape.js (``cy.png`` / ``cy.svg``), so they show exactly
the layout the user arranged; assets/graph.js draws a caption above them and the legend under
them, so an exported image is a figure. SVG needs the extra cytoscape bundle, which
:func:`enable_svg` loads before the app is created.

The caption's words come from the server: an Export click sends the address bar's query string
(the page's state, see :mod:`dashboard.urlstate`) to a callback that asks the page's caption
function (:mod:`dashboard.views.captions`) for its lines; the lines' arrival draws the image.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import parse_qs

import dash_cytoscape as cyto
from dash import Dash, Input, Output, State, dcc, html, no_update

from dashboard import style

__all__ = ["enable_svg", "export_controls", "register_graph_export", "register_table_export",
           "rows_to_csv", "legend_items", "caption_items", "query_params", "CaptionFor"]

# The page's caption lines from the query parameters (as parse_qs gives them) and the values of
# the components the page names as ``drawn``.
CaptionFor = Callable[..., list[str]]

IMAGE_TYPES = ("png", "svg")


def enable_svg() -> None:
    """Load cytoscape's extra bundle (it carries cytoscape-svg); call before creating the app."""
    cyto.load_extra_layouts()


def export_controls(prefix: str, *, graph: bool = True, table: bool = False) -> html.Div:
    """Buttons ``{prefix}-export-png|svg|csv``, the ``{prefix}-download`` target and the image
    export's stores: ``-export-request`` (a click: kind and query string), ``-caption`` (the
    caption's lines for it) and ``-exported``."""
    buttons = []
    if graph:
        buttons += [html.Button(f"Export {kind.upper()}", id=f"{prefix}-export-{kind}", n_clicks=0,
                                style=style.EXPORT_BUTTON) for kind in IMAGE_TYPES]
    if table:
        buttons.append(html.Button("Export CSV", id=f"{prefix}-export-csv", n_clicks=0,
                                   style=style.EXPORT_BUTTON))
    stores = [dcc.Store(id=f"{prefix}-{name}") for name in ("export-request", "caption", "exported")]
    return html.Div([*buttons, dcc.Download(id=f"{prefix}-download"), *stores],
                    className="export-controls", style=style.EXPORT_BAR)


# A click asks the server for the caption of the view the address bar describes...
_REQUEST_JS = """
function (png, svg) {
    const triggered = (window.dash_clientside.callback_context.triggered || [])[0];
    if (!triggered || !triggered.value) { return window.dash_clientside.no_update; }
    const kind = triggered.prop_id.indexOf('-export-svg.') >= 0 ? 'svg' : 'png';
    return {kind: kind, search: window.location.search, nonce: Date.now()};
}
"""
# ...and its arrival draws the image in the browser (assets/graph.js): caption, graph, legend.
_IMAGE_JS = """
function (caption) {
    if (!caption || !caption.kind) { return window.dash_clientside.no_update; }
    return window.ptgraphExport(caption.kind, %s, %s, %s, caption.lines) ? caption.nonce
        : window.dash_clientside.no_update;
}
"""


def query_params(search: str | None) -> dict[str, list[str]]:
    """A query string as the pages' ``initial_state`` reads it; blank values kept ("negative=").

    >>> query_params("?review=reco&negative=&q=peer%20support")
    {'review': ['reco'], 'negative': [''], 'q': ['peer support']}
    """
    return parse_qs((search or "").removeprefix("?"), keep_blank_values=True)


def caption_items(lines: Sequence[str]) -> list[dict[str, Any]]:
    """The caption's lines as the browser draws them: the first is the title, the last the credit.

    >>> [(i["text"], i["size"]) for i in caption_items(["PT 6", "RECO", "ptgraph · exported 2026-12-01"])]
    [('PT 6', 18), ('RECO', 14), ('ptgraph · exported 2026-12-01', 12)]
    """
    looks = [style.EXPORT_CAPTION_LINE] * len(lines)
    if len(lines) > 1:
        looks[-1] = style.EXPORT_CAPTION_CREDIT
    if lines:
        looks[0] = style.EXPORT_CAPTION_TITLE
    return [{"text": str(line), "font": style.EXPORT_FONT, **look}
            for line, look in zip(lines, looks, strict=True)]


def legend_items() -> list[dict[str, str]]:
    """What the exported image's legend shows: each kind's shape and colour, each kind of line.

    >>> [i["label"] for i in legend_items()][-2:]
    ['disconfirming (negative) link', 'theory-only link (no evidence item)']
    """
    items = [{"label": s["label"], "colour": s["colour"],
              "shape": s["shape"]} for s in style.KIND_STYLE.values()]
    return items + [{"label": "leads to (backed by evidence)", "colour": style.POSITIVE, "line": "solid"},
                    {"label": "disconfirming (negative) link", "colour": style.NEGATIVE, "line": "dashed"},
                    {"label": "theory-only link (no evidence item)", "colour": style.POSITIVE,
                     "line": "dotted"}]


def register_graph_export(app: Dash, prefix: str, graph_id: str, caption: CaptionFor,
                          drawn: Sequence[tuple[str, str]] = ()) -> None:
    """Wire ``{prefix}-export-png`` / ``-svg`` to download the graph ``graph_id`` as a figure.

    ``caption(params, *values)`` gives the caption's lines from the address bar's query
    parameters (:func:`query_params`) and the values of the ``drawn`` (component id, prop)
    pairs, for what the URL does not hold (the search a graph was drawn from, its status line).
    """
    app.clientside_callback(_REQUEST_JS, Output(f"{prefix}-export-request", "data"),
                            Input(f"{prefix}-export-png", "n_clicks"),
                            Input(f"{prefix}-export-svg", "n_clicks"),
                            prevent_initial_call=True)

    @app.callback(Output(f"{prefix}-caption", "data"), Input(f"{prefix}-export-request", "data"),
                  *[State(*pair) for pair in drawn], prevent_initial_call=True)
    def _caption(request, *values):
        if not isinstance(request, dict) or request.get("kind") not in IMAGE_TYPES:
            return no_update
        lines = caption(query_params(str(request.get("search") or "")), *values)
        return {"kind": request["kind"], "nonce": request.get("nonce"), "lines": caption_items(lines)}

    script = _IMAGE_JS % (json.dumps(graph_id), json.dumps(f"ptgraph-{prefix}"), json.dumps(legend_items()))
    app.clientside_callback(script, Output(f"{prefix}-exported", "data"), Input(f"{prefix}-caption", "data"),
                            prevent_initial_call=True)


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else value


def rows_to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """Rows as CSV text; columns in first-seen order unless given; nested values as JSON.

    >>> print(rows_to_csv([{"pt": "PT 6", "staff": 3}, {"pt": "PT 7", "carer": 1}]), end="")
    pt,staff,carer
    PT 6,3,
    PT 7,,1
    """
    if columns is None:
        columns = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


def register_table_export(app: Dash, prefix: str, rows: tuple[str, str]) -> None:
    """Wire ``{prefix}-export-csv`` to download the rows held in ``rows`` = (component id, prop)."""

    @app.callback(Output(f"{prefix}-download", "data"), Input(f"{prefix}-export-csv", "n_clicks"),
                  State(*rows), prevent_initial_call=True)
    def _csv(n_clicks, data):
        if not n_clicks or not data:
            return None
        return dcc.send_string(rows_to_csv(data), f"ptgraph-{prefix}.csv")
