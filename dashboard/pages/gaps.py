"""Evidence gap map ("/gaps"): where is the evidence for each programme theory thin?

Two heat maps, PTs × the components of one of the review's frameworks (SELFIE for RECO)
and PTs × the review's own evidence source types. Empty cells say "gap" on their own colour
and white-area components are flagged in their column label, so nothing missing is silently
left out. Clicking a cell lists its evidence verbatim.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import plotly.colors
import plotly.graph_objects as go
from dash import Dash, Input, Output, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import style
from dashboard.data import ExplorerData, review_param
from dashboard.export import export_controls, register_table_export
from dashboard.help import help_box, register_glossary
from dashboard.pickers import keep_choice, register_review_picker, review_picker
from dashboard.urlstate import query_value, register_url_sync
from dashboard.views.gap_matrix import (
    ALL_STAGES,
    DOMAINS,
    SOURCES,
    STAGES,
    cell_key,
    cell_selection,
    domain_matrix,
    matrix_table,
    parse_cell,
    review_terms,
    source_matrix,
    stage_param,
)
from dashboard.views.panels import evidence_list
from graph.stores.store import Store

__all__ = ["PATH", "layout", "register", "gap_matrices", "gap_figure", "gap_colourscale", "clicked_cell",
           "cell_panel", "gap_status", "vocabulary",
           "initial_state"]

PATH = "/gaps"
ROW_HEIGHT = 34
TITLE_ROOM, LINE_HEIGHT, FOOT_ROOM = 36, 15, 16
COLUMN_LABEL_WIDTH, ROW_LABEL_WIDTH = 12, 36  # characters per line of an axis label
TITLES = {DOMAINS: "Evidence per PT in each {framework} component", SOURCES: "Evidence per PT by source type"}
HINT = "Click a cell to see its evidence."


def vocabulary(store: Store, review: str | None) -> dict:
    """The source types and frameworks of a review (None: of every review), see ``review_terms``."""
    rid = review_param(review)
    ids = [rid] if rid else [r["id"] for r in store.run("list_reviews")]
    vocabularies = [row for i in ids for row in store.run("get_review_vocabulary", {"review": i})]
    return review_terms(vocabularies, store.run("list_framework_components", {"review": rid}),
                        store.run("list_source_types", {"review": rid}))


def gap_matrices(store: Store, review: str | None, stage: str | None, framework: str | None = None) -> dict:
    """Both matrices for a review (None: all), stage (None or "all": every stage) and framework
    (None: the review's first); ``frameworks`` lists the review's frameworks to choose from."""
    params = {"review": review_param(review), "stage": stage_param(stage)}
    terms = vocabulary(store, review)
    frameworks = terms["frameworks"]
    chosen: str = framework if framework and framework in dict(frameworks) else (
        frameworks[0][0] if frameworks else "selfie")
    theories = store.run("list_theories_by_stage", params)
    domains = [d for d in store.run("list_framework_components", {"review": params["review"]})
               if (d.get("framework") or "selfie") == chosen]
    counts = store.run("count_evidence_by_theory_domain", params)
    return {DOMAINS: domain_matrix(theories, domains, counts, dict(frameworks).get(chosen, chosen)),
            SOURCES: source_matrix(theories, store.run("count_evidence_by_theory_source", params),
                                   terms["sources"]),
            "frameworks": frameworks, "framework": chosen}


def gap_colourscale(zmax: int) -> list[list]:
    """Cividis for 1..zmax, with zero on its own gap colour (a sharp step below 1)."""
    step = 0.5 / max(zmax, 1)
    base = plotly.colors.get_colorscale(style.EVIDENCE_COLOURSCALE)
    return [[0.0, style.GAP_COLOUR], [step, style.GAP_COLOUR]] + [[step + (1 - step) * p, c] for p, c in base]


def _column_ticks(matrix: dict) -> list[str]:
    ticks = []
    for j, label in enumerate(matrix["column_labels"]):
        notes = []
        if matrix.get("white") and matrix["white"][j]:
            notes.append(f"<span style='color:{style.WHITE_AREA_COLOUR}'>white area</span>")
        if matrix.get("mapped") is not None and not any(row[j] for row in matrix["mapped"]):
            notes.append("no PT mapped")
        lines = [f"<b>{line}</b>" for line in textwrap.wrap(label, COLUMN_LABEL_WIDTH)] or [""]
        ticks.append("<br>".join([*lines, *notes]))
    return ticks


def _hover(matrix: dict, i: int, j: int) -> str:
    n = matrix["z"][i][j]
    items = f"{n} evidence item{'s' if n != 1 else ''}"
    text = f"{matrix['row_labels'][i]}<br>{matrix['column_labels'][j]}: {items}"
    if matrix.get("mapped") is not None and not matrix["mapped"][i][j]:
        text += "<br>not mapped to this component"
    if matrix.get("white") and matrix["white"][j]:
        text += "<br>the report marks this component as a white area"
    return text


def gap_figure(matrix: dict, selected: str | None = None) -> go.Figure:
    """A heat map of ``matrix``: counts as text, zero cells as "gap", the selected cell outlined."""
    rows, columns = matrix["rows"], matrix["columns"]
    zmax = max([1, *(n for row in matrix["z"] for n in row)])
    heat = go.Heatmap(
        z=matrix["z"], x=list(range(len(columns))), y=list(range(len(rows))), text=matrix["text"],
        texttemplate="%{text}", zmin=0, zmax=zmax, colorscale=gap_colourscale(zmax), xgap=2, ygap=2,
        customdata=[[cell_key(matrix["kind"], r, c) for c in columns] for r in rows],
        hovertext=[[_hover(matrix, i, j) for j in range(len(columns))] for i in range(len(rows))],
        hovertemplate="%{hovertext}<extra></extra>", colorbar={"title": {"text": "evidence"}})
    figure = go.Figure(heat)
    ticks = _column_ticks(matrix)
    head = TITLE_ROOM + LINE_HEIGHT * max([1, *(t.count("<br>") + 1 for t in ticks)])
    figure.update_xaxes(tickvals=list(range(len(columns))), ticktext=ticks, side="top",
                        fixedrange=True, showgrid=False)
    row_ticks = ["<br>".join(textwrap.wrap(label, ROW_LABEL_WIDTH)) for label in matrix["row_labels"]]
    figure.update_yaxes(tickvals=list(range(len(rows))), ticktext=row_ticks, autorange="reversed",
                        fixedrange=True, showgrid=False)
    title = TITLES.get(matrix["kind"], "").format(framework=matrix.get("framework", "SELFIE"))
    figure.update_layout(title={"text": title, "font": {"size": 14}, "y": 0.99},
                         height=head + FOOT_ROOM + ROW_HEIGHT * max(len(rows), 1),
                         plot_bgcolor=style.HEATMAP_BACKGROUND,
                         margin={"l": 10, "r": 10, "t": head, "b": FOOT_ROOM})
    parsed = parse_cell(selected)
    if parsed and parsed[0] == matrix["kind"] and parsed[1] in rows and parsed[2] in columns:
        i, j = rows.index(parsed[1]), columns.index(parsed[2])
        figure.add_shape(type="rect", x0=j - 0.5, x1=j + 0.5, y0=i - 0.5, y1=i + 0.5,
                         line={"color": style.SELECTED_CELL, "width": 4})
    return figure


def clicked_cell(click: dict | None) -> str | None:
    """The cell key of a heat map click (its point's customdata), or None."""
    points = (click or {}).get("points") or []
    key = points[0].get("customdata") if points else None
    return key if parse_cell(key) else None


def gap_status(matrices: dict) -> str:
    """How many PTs are shown and how many of their cells are gaps."""
    parts = [f"{len(matrices[DOMAINS]['rows'])} programme theories"]
    for kind, name in ((DOMAINS, "component"), (SOURCES, "source")):
        cells = [n for row in matrices[kind]["z"] for n in row]
        parts.append(f"{sum(1 for n in cells if not n)} of {len(cells)} PT × {name} cells are gaps")
    return " · ".join(parts)


def cell_panel(selection: dict | None) -> html.Div:
    """A cell's evidence, verbatim and attributed; a gap says so plainly."""
    if selection is None:
        return html.Div(html.P(HINT))
    heading = html.H3(f"{selection['theory']} × {selection['column']}")
    notes = []
    if selection["white_area"]:
        notes.append(html.P(f"The report marks {selection['column']} as a white area: an area where it has "
                            "limited data.", style={"color": style.WHITE_AREA_COLOUR}))
    items = selection["items"]
    if not items:
        if selection["kind"] == DOMAINS and not selection["mapped"]:
            reason = "this programme theory is not mapped to this framework component"
        elif selection["kind"] == DOMAINS:
            reason = "the programme theory is mapped to this component but no evidence supports its CMOCs"
        else:
            reason = f"no {selection['column'].lower()} evidence supports this programme theory's CMOCs"
        return html.Div([heading, html.P(html.Strong(f"No evidence here — a gap: {reason}.")), *notes])
    what = "supporting this programme theory's CMOCs"
    if selection["kind"] == DOMAINS:
        what += " (the PT is mapped to this component)"
    count = html.P(f"{len(items)} evidence item{'s' if len(items) != 1 else ''} {what}.")
    return html.Div([heading, count, *notes, evidence_list(items, "gaps")])


STAGE_OPTIONS = [{"label": s.capitalize(), "value": s} for s in STAGES] + [{"label": "All stages",
                                                                            "value": ALL_STAGES}]


def initial_state(params: Mapping[str, Any]) -> dict[str, Any]:
    """The page's starting values from its query string (any string gives a valid state).

    >>> initial_state({"stage": "final", "cell": "nonsense"})
    {'review': None, 'stage': 'refined', 'framework': None, 'cell': None}
    """
    cell = query_value(params, "cell")
    return {"review": query_value(params, "review"),
            "stage": keep_choice(query_value(params, "stage"), STAGE_OPTIONS, STAGES[0]),
            "framework": query_value(params, "framework"),
            "cell": cell if parse_cell(cell) else None}


def layout(**params: object) -> html.Div:
    state = initial_state(params)
    return html.Div([help_box("gaps"), html.Div([
        html.Aside([
            html.Label("Review"),
            *review_picker("gaps", state["review"]),
            html.Label("Programme theory stage"),
            dcc.Dropdown(id="gaps-stage", options=STAGE_OPTIONS, clearable=False, value=state["stage"]),
            html.Label("Framework"),
            dcc.Dropdown(id="gaps-framework", options=[], clearable=False,
                         value=state["framework"], placeholder="The review's framework"),
            html.Div(id="gaps-status", style={"fontSize": "0.85rem"}),
            html.P("Cells say how many evidence items support the PT's CMOCs; grey cells marked “gap” have "
                   "none. White areas are framework components the review says it has limited data on.",
                   style={"fontSize": "0.85rem"}),
            export_controls("gaps", graph=False, table=True),
        ], style=style.SIDEBAR),
        html.Div([dcc.Graph(id="gaps-domains", config={"displaylogo": False}),
                  dcc.Graph(id="gaps-sources", config={"displaylogo": False})], style={"flex": "1 1 auto"}),
        html.Div(html.P(HINT), id="gaps-evidence", style=style.PANEL),
        dcc.Store(id="gaps-matrices"), dcc.Store(id="gaps-table"),
        dcc.Store(id="gaps-cell", data=state["cell"]),
    ], style=style.MAIN)])


def register(app: Dash, data: ExplorerData) -> None:
    """Wire this page's callbacks to ``app``, reading from ``data``."""
    register_url_sync(app, [("gaps-review", "value", "review"), ("gaps-stage", "value", "stage"),
                            ("gaps-framework", "value", "framework"), ("gaps-cell", "data", "cell")])
    register_table_export(app, "gaps", rows=("gaps-table", "data"))

    register_review_picker(app, "gaps")
    register_glossary(app, data, "gaps", ("gaps-review", "value"))

    @app.callback(Output("gaps-matrices", "data"), Output("gaps-table", "data"),
                  Output("gaps-status", "children"), Output("gaps-framework", "options"),
                  Output("gaps-framework", "value"),
                  Input("gaps-review", "value"), Input("gaps-stage", "value"),
                  Input("gaps-framework", "value"))
    def _matrices(review, stage, framework):
        if review is None:
            raise PreventUpdate  # the review list has not arrived yet
        matrices = gap_matrices(data.store, review, stage, framework)
        options = [{"label": label, "value": fid} for fid, label in matrices["frameworks"]]
        return (matrices, matrix_table(matrices[DOMAINS], matrices[SOURCES]), gap_status(matrices), options,
                matrices["framework"])

    @app.callback(Output("gaps-domains", "figure"), Output("gaps-sources", "figure"),
                  Input("gaps-matrices", "data"), Input("gaps-cell", "data"), prevent_initial_call=True)
    def _figures(matrices, cell):
        if not matrices:
            raise PreventUpdate
        return gap_figure(matrices[DOMAINS], cell), gap_figure(matrices[SOURCES], cell)

    @app.callback(Output("gaps-cell", "data"), Input("gaps-domains", "clickData"),
                  Input("gaps-sources", "clickData"), prevent_initial_call=True)
    def _select(domains_click, sources_click):
        click = domains_click if ctx.triggered_id == "gaps-domains" else sources_click
        return clicked_cell(click) or no_update

    @app.callback(Output("gaps-evidence", "children"), Input("gaps-cell", "data"),
                  Input("gaps-matrices", "data"))
    def _panel(cell, matrices):
        parsed = parse_cell(cell)
        if not parsed or not matrices:
            return cell_panel(None)
        items = data.store.run("get_theory_evidence", {"theory": parsed[1]})
        return cell_panel(cell_selection(matrices, cell, items))
