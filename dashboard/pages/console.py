"""Cypher console ("/console"): saved or hand-written read-only queries, results as a table and a graph.

The database itself refuses writes (:meth:`graph.stores.store.Store.query` with ``write=False``),
and ptgraph refuses LOAD CSV, outside procedures and queries too deep to read (:mod:`graph.queries`);
this page turns those refusals, and every other failure, into a plain-language alert.
A query that arrives in a link (``?cypher=...``, ``?q=...``, even with ``&run=1``) only fills the
editor: nothing runs until the person reading it presses Run.
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any

from dash import Dash, Input, Output, State, dcc, html, no_update

import cypher
from dashboard import style
from dashboard.data import ExplorerData
from dashboard.export import export_controls, register_graph_export, register_table_export
from dashboard.help import help_box, register_glossary
from dashboard.urlstate import query_int, query_value, register_url_sync
from dashboard.views.captions import console_caption
from dashboard.views.console_results import (
    Problem,
    code_only,
    problem_for,
    problem_view,
    result_view,
    status_line,
)
from graph.queries import MAX_TIMEOUT_MS
from graph.stores.store import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_MS, QueryResult, Store

__all__ = ["PATH", "layout", "register", "SavedQuery", "saved_queries", "saved_query", "saved_options",
           "parse_params", "used_parameters", "ParamsInvalid", "Outcome", "run_console", "run_saved",
           "result_view", "url_state", "initial_state", "caption", "MAX_ROW_LIMIT", "DEFAULT_TIMEOUT_S",
           "LINKED_NOTE"]

PATH = "/console"
SAVED_FOLDER = "saved"
MAX_ROW_LIMIT = 10_000
DEFAULT_TIMEOUT_S = DEFAULT_TIMEOUT_MS // 1000
MAX_TIMEOUT_S = MAX_TIMEOUT_MS // 1000
LINKED_NOTE = ("This query came with the link and has not run: read it, then press Run if you want "
               "its results.")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SavedQuery:
    """A query from ``cypher/saved/``: its file name, text, what it answers and its parameters."""

    name: str
    text: str
    description: str
    defaults: dict[str, Any]


def saved_queries() -> list[SavedQuery]:
    found = (saved_query(full) for full in cypher.names(SAVED_FOLDER))
    return [q for q in found if q is not None]


def saved_query(name: str | None) -> SavedQuery | None:
    """The saved query ``name`` (with or without ``saved/``), or None when there is none such."""
    short = (name or "").removeprefix(f"{SAVED_FOLDER}/")
    full = f"{SAVED_FOLDER}/{short}"
    if not short or full not in cypher.names(SAVED_FOLDER):
        return None
    return SavedQuery(short, cypher.statement(full), cypher.description(full), cypher.parameters(full))


def saved_options(queries: list[SavedQuery]) -> list[dict]:
    """Dropdown options showing each query's title and description; typing searches both."""
    return [{"label": html.Div([html.Strong(q.name.replace("_", " ")), html.Br(),
                                html.Small(q.description, style={"whiteSpace": "normal"})],
                               className="console-saved-option"),
             "value": q.name, "search": f"{q.name.replace('_', ' ')} {q.description}"} for q in queries]


class ParamsInvalid(ValueError):
    """The parameters box does not hold a JSON object; the message says where it is wrong."""


def parse_params(text: str | None) -> dict[str, Any]:
    """The parameters box as a dict; blank means none.

    >>> parse_params('{"from": "leadership"}')
    {'from': 'leadership'}
    >>> try:
    ...     parse_params('{"from": leadership}')
    ... except ParamsInvalid as e:
    ...     print(e)
    The parameters are not valid JSON: Expecting value at line 1, column 10.
    """
    if not (text or "").strip():
        return {}
    try:
        value = json.loads(text or "")
    except json.JSONDecodeError as e:
        raise ParamsInvalid(f"The parameters are not valid JSON: {e.msg} at line {e.lineno}, "
                            f"column {e.colno}.") from e
    if not isinstance(value, dict):
        raise ParamsInvalid('The parameters must be a JSON object such as {"from": "leadership"}, '
                            f"not {type(value).__name__}.")
    return value


_PARAMETER = re.compile(r"\$(\w+)|\$`([^`]+)`")


def used_parameters(text: str) -> list[str]:
    """The ``$parameters`` a query uses, ignoring comments and string literals.

    >>> used_parameters("// $not\\nMATCH (n {id: $id}) WHERE n.name = '$x' RETURN $`odd name`")
    ['id', 'odd name']
    """
    code = code_only(text)
    return sorted({a or b for a, b in _PARAMETER.findall(code)})




@dataclass
class Outcome:
    """What one run produced: a result with its timing and notes, or a problem."""

    result: QueryResult | None = None
    elapsed_ms: float = 0.0
    problem: Problem | None = None
    notes: list[str] = field(default_factory=list)

    def status(self) -> str:
        if self.result is None:
            return ""
        return " · ".join([status_line(self.result, self.elapsed_ms), *self.notes])


def _bounded(value: Any, default: int, high: int) -> int:
    """A number box's value as an int in 1..``high``; ``default`` when it is empty or not a number."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return max(1, min(high, number))


def _listed(names: list[str]) -> str:
    return ", ".join(f"${n}" for n in names)


def run_console(store: Store, text: str | None, params_text: str | None, limit: Any = None,
                timeout_s: Any = None) -> Outcome:
    """Run the editor's query read-only with the parameters box, the row limit and the timeout."""
    text = (text or "").strip()
    if not text:
        return Outcome(problem=Problem("Write a Cypher query in the editor, or pick a saved one."))
    try:
        params = parse_params(params_text)
    except ParamsInvalid as e:
        return Outcome(problem=Problem(str(e)))
    used = used_parameters(text)
    missing = [p for p in used if p not in params]
    if missing:
        return Outcome(problem=Problem(
            f"The query uses {_listed(missing)}, but the parameters box gives no value for "
            f"{'it' if len(missing) == 1 else 'them'}.", hint=f'Add it, e.g. {{"{missing[0]}": "…"}}.'))
    rows, seconds = _bounded(limit, DEFAULT_ROW_LIMIT, MAX_ROW_LIMIT), _bounded(timeout_s, DEFAULT_TIMEOUT_S,
                                                                                 MAX_TIMEOUT_S)
    started = time.perf_counter()
    try:
        result = store.query(text, params, write=False, limit=rows, timeout_ms=seconds * 1000)
    except Exception as e:  # every failure becomes an alert; those that are not user mistakes are logged
        problem = problem_for(e, text, seconds)
        if problem.unexpected:
            log.error("console query failed: %s", e, exc_info=e)
        return Outcome(problem=problem)
    unused = sorted(set(params) - set(used))
    notes = [f"not used by the query: {_listed(unused)}"] if unused else []
    return Outcome(result, (time.perf_counter() - started) * 1000, None, notes)


def run_saved(data: ExplorerData, name: str, params: dict[str, Any] | None = None) -> QueryResult:
    """Run the saved query ``name`` read-only, its declared defaults overridden by ``params``."""
    query = saved_query(name)
    if query is None:
        raise KeyError(f"no saved query named {name!r} in cypher/{SAVED_FOLDER}")
    return data.store.query(query.text, {**query.defaults, **(params or {})}, write=False)


def _params_text(params: dict[str, Any]) -> str:
    return json.dumps(params, ensure_ascii=False)


def url_state(saved: str | None, text: str | None, params_text: str | None, limit: Any,
              timeout_s: Any) -> tuple[str | None, str | None, int | None, int | None]:
    """The URL's ``cypher``, ``params``, ``limit`` and ``timeout``: None where they match the default.

    An unedited saved query is named by ``q`` alone; an edited one also carries its text.
    """
    query = saved_query(saved)
    base_text, base_params = (query.text, query.defaults) if query else ("", {})
    edited = (text or "").strip() != base_text.strip()
    try:
        same_params = parse_params(params_text) == base_params
    except ParamsInvalid:
        same_params = False
    rows = _bounded(limit, DEFAULT_ROW_LIMIT, MAX_ROW_LIMIT)
    seconds = _bounded(timeout_s, DEFAULT_TIMEOUT_S, MAX_TIMEOUT_S)
    return (text if edited else None, None if same_params else params_text,
            None if rows == DEFAULT_ROW_LIMIT else rows, None if seconds == DEFAULT_TIMEOUT_S else seconds)


def initial_state(params: dict[str, Any]) -> dict[str, Any]:
    """The page's starting values from its query string (``q``, ``cypher``, ``params``...).

    ``linked`` says that the link brought a query, which is shown with a note and never run by
    opening the page (``run=1``, which older links carry, is ignored).
    """
    query = saved_query(query_value(params, "q"))
    return {
        "saved": query.name if query else None,
        "text": query_value(params, "cypher") or (query.text if query else ""),
        "params": query_value(params, "params") or _params_text(query.defaults if query else {}),
        "limit": query_int(params, "limit", DEFAULT_ROW_LIMIT, low=1, high=MAX_ROW_LIMIT),
        "timeout": query_int(params, "timeout", DEFAULT_TIMEOUT_S, low=1, high=MAX_TIMEOUT_S),
        "linked": bool(query or query_value(params, "cypher")),
    }


def _number(component_id: str, value: int, high: int) -> dcc.Input:
    return dcc.Input(id=component_id, type="number", min=1, max=high, step=1, value=value,
                     style=style.CONSOLE_NUMBER)


def layout(**params: Any) -> html.Div:
    state = initial_state(params)
    empty = QueryResult([], [])
    return html.Div([
        help_box("console"),
        html.Label("Saved queries"),
        dcc.Dropdown(id="console-saved", options=saved_options(saved_queries()), value=state["saved"],
                     placeholder="Pick a saved query (type to search)…", maxHeight=420),
        dcc.Textarea(id="console-editor", value=state["text"], style=style.CONSOLE_EDITOR, spellCheck=False,
                     placeholder="Write Cypher here, or pick a saved query above."),
        html.Label("Parameters (a JSON object)"),
        dcc.Textarea(id="console-params", value=state["params"], style=style.CONSOLE_PARAMS,
                     spellCheck=False),
        html.Div([
            html.Label(["Row limit ", _number("console-limit", state["limit"], MAX_ROW_LIMIT)]),
            html.Label(["Timeout (s) ", _number("console-timeout", state["timeout"], MAX_TIMEOUT_S)]),
            html.Button("Run", id="console-run", n_clicks=0),
            html.Small("or Ctrl+Enter in the editor · read-only"),
            export_controls("console", graph=True, table=True),
        ], style=style.CONSOLE_CONTROLS),
        html.Div(LINKED_NOTE, id="console-linked", role="status",
                 style=style.CONSOLE_LINKED if state["linked"] else style.HIDDEN),
        html.Div(id="console-error", role="alert", style=style.HIDDEN),
        html.Div(id="console-status", style=style.CONSOLE_STATUS),
        dcc.Loading(html.Div(result_view(empty, "console"), id="console-results")),
        dcc.Store(id="console-keys"),
        dcc.Store(id="console-ran"),
        *[dcc.Store(id=f"console-url-{key}") for key in ("cypher", "params", "limit", "timeout")],
    ])


# Ctrl+Enter (Cmd+Enter on a Mac) in the editor presses Run; installed once per editor element.
_CTRL_ENTER_JS = """
function (editorId) {
    const editor = document.getElementById(editorId);
    if (editor && !editor.dataset.ctrlEnter) {
        editor.dataset.ctrlEnter = "1";
        editor.addEventListener("keydown", function (event) {
            if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
                event.preventDefault();
                document.getElementById("console-run").click();
            }
        });
    }
    return window.dash_clientside.no_update;
}
"""


def register(app: Dash, data: ExplorerData) -> None:
    """Wire this page's callbacks to ``app``, running queries on ``data.store``."""

    @app.callback(Output("console-editor", "value"), Output("console-params", "value"),
                  Input("console-saved", "value"), prevent_initial_call=True)
    def _pick(name):
        query = saved_query(name)
        return (query.text, _params_text(query.defaults)) if query else (no_update, no_update)

    @app.callback(Output("console-results", "children"), Output("console-status", "children"),
                  Output("console-error", "children"), Output("console-error", "style"),
                  Output("console-linked", "style"), Output("console-ran", "data"),
                  Input("console-run", "n_clicks"),
                  State("console-editor", "value"), State("console-params", "value"),
                  State("console-limit", "value"), State("console-timeout", "value"),
                  State("console-saved", "value"), prevent_initial_call=True)
    def _run(n_clicks, text, params_text, limit, timeout, saved):
        if not n_clicks:  # only a press of Run (or Ctrl+Enter) runs a query, never opening a link
            return no_update, no_update, no_update, no_update, no_update, no_update
        outcome = run_console(data.store, text, params_text, limit, timeout)
        shown = outcome.result or QueryResult([], [])
        ran = ({"q": saved or "", "cypher": text or "", "params": params_text or ""}
               if outcome.result else None)
        return (result_view(shown, "console"), outcome.status(), problem_view(outcome.problem),
                style.CONSOLE_ALERT if outcome.problem else style.HIDDEN, style.HIDDEN, ran)

    @app.callback(*[Output(f"console-url-{key}", "data") for key in ("cypher", "params", "limit", "timeout")],
                  Input("console-saved", "value"), Input("console-editor", "value"),
                  Input("console-params", "value"), Input("console-limit", "value"),
                  Input("console-timeout", "value"))
    def _url(saved, text, params_text, limit, timeout):
        return url_state(saved, text, params_text, limit, timeout)

    register_url_sync(app, [("console-saved", "value", "q")] + [
        (f"console-url-{key}", "data", key) for key in ("cypher", "params", "limit", "timeout")])
    register_glossary(app, data, "console")
    app.clientside_callback(_CTRL_ENTER_JS, Output("console-keys", "data"), Input("console-editor", "id"))
    register_table_export(app, "console", rows=("console-rows", "data"))
    # the graph is the last run's result: its caption names the query that ran, not the editor's
    register_graph_export(app, "console", "console-graph", lambda params, ran: caption(data, ran),
                          drawn=[("console-ran", "data")])


def caption(data: ExplorerData, ran: dict[str, str] | None) -> list[str]:
    """The exported graph's caption: the query that drew it (``ran``: none before a successful run)."""
    if not ran:
        return console_caption(data, {"text": ""})
    state = initial_state(ran)
    return console_caption(data, state, saved_query(state["saved"]))
