"""Export what is on screen: a cytoscape view as PNG or SVG, a table as CSV.

Images are made in the browser by cytoscape.js (``cy.png`` / ``cy.svg``), so they show exactly
the layout the user arranged, and assets/graph.js draws the legend under them; SVG needs the
extra cytoscape bundle, which :func:`enable_svg` loads before the app is created.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

import dash_cytoscape as cyto
from dash import Dash, Input, Output, State, dcc, html

from dashboard import style

__all__ = ["enable_svg", "export_controls", "register_graph_export", "register_table_export",
           "rows_to_csv", "legend_items"]

IMAGE_TYPES = ("png", "svg")


def enable_svg() -> None:
    """Load cytoscape's extra bundle (it carries cytoscape-svg); call before creating the app."""
    cyto.load_extra_layouts()


def export_controls(prefix: str, *, graph: bool = True, table: bool = False) -> html.Div:
    """Buttons ``{prefix}-export-png|svg|csv`` and the ``{prefix}-download`` target."""
    buttons = []
    if graph:
        buttons += [html.Button(f"Export {kind.upper()}", id=f"{prefix}-export-{kind}", n_clicks=0,
                                style=style.EXPORT_BUTTON) for kind in IMAGE_TYPES]
    if table:
        buttons.append(html.Button("Export CSV", id=f"{prefix}-export-csv", n_clicks=0,
                                   style=style.EXPORT_BUTTON))
    return html.Div([*buttons, dcc.Download(id=f"{prefix}-download"), dcc.Store(id=f"{prefix}-exported")],
                    className="export-controls", style=style.EXPORT_BAR)


# The image is drawn in the browser (assets/graph.js) with the legend under the graph.
_IMAGE_JS = """
function (png, svg) {
    const triggered = (window.dash_clientside.callback_context.triggered || [])[0];
    if (!triggered || !triggered.value) { return window.dash_clientside.no_update; }
    const kind = triggered.prop_id.indexOf('-export-svg.') >= 0 ? 'svg' : 'png';
    return window.ptgraphExport(kind, %s, %s, %s) ? kind : window.dash_clientside.no_update;
}
"""


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


def register_graph_export(app: Dash, prefix: str, graph_id: str) -> None:
    """Wire ``{prefix}-export-png`` / ``-svg`` to download the graph ``graph_id``, legend included."""
    script = _IMAGE_JS % (json.dumps(graph_id), json.dumps(f"ptgraph-{prefix}"), json.dumps(legend_items()))
    app.clientside_callback(script, Output(f"{prefix}-exported", "data"),
                            Input(f"{prefix}-export-png", "n_clicks"),
                            Input(f"{prefix}-export-svg", "n_clicks"),
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
