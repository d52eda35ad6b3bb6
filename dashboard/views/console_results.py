"""Plain functions showing what a console query produced: its rows, or what went wrong.

Rows come from :meth:`graph.stores.store.Store.query`, where nodes, relationships and paths are dicts
marked by ``_kind`` (:func:`graph.stores.values.plain`); they become readable table cells (every
property verbatim, so evidence text is never shortened) and a cytoscape graph. Errors become
a :class:`Problem`: a plain-language sentence and a hint.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import dash_cytoscape as cyto
from dash import dcc, html

from dashboard import style
from graph.errors import (
    MissingParameters,
    PtgraphError,
    QueryFailed,
    QueryNotAllowed,
    QueryRefused,
    QueryTimedOut,
    StoreError,
)
from graph.schema import Label, Rel, local_id
from graph.stores.store import QueryResult
from graph.stores.values import link_ends

__all__ = ["cell_text", "table_columns", "table_rows", "result_elements", "status_line", "result_view",
           "result_table", "result_layout", "TABLE_ROWS", "Problem", "problem_for", "problem_view",
           "code_only"]

TABLE_ROWS = 500  # rows drawn in the page's table; Export CSV carries every row the query returned
CONCEPT_LABELS = {str(Label.CONTEXT), str(Label.MECHANISM), str(Label.OUTCOME)}
EDGE_SEP = "|"


def _literal(value: Any) -> str:
    """A value inside a node, map or list, written the way Cypher prints literals."""
    if isinstance(value, dict):
        kind = value.get("_kind")
        if kind == "node":
            return _node_text(value)
        if kind == "relationship":
            return _relationship_text(value)
        if kind == "path":
            return _path_text(value)
        return "{" + ", ".join(f"{k}: {_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _properties(item: dict) -> str:
    props = {k: v for k, v in item.items() if not k.startswith("_")}
    return " {" + ", ".join(f"{k}: {_literal(v)}" for k, v in props.items()) + "}" if props else ""


def _node_text(node: dict) -> str:
    return "(" + "".join(f":{label}" for label in node.get("_labels") or []) + _properties(node) + ")"


def _relationship_text(rel: dict) -> str:
    return f"({rel.get('_source')})-[:{rel.get('_type')}{_properties(rel)}]->({rel.get('_target')})"


def _path_text(path: dict) -> str:
    """A path as its node names joined by arrows pointing the way each relationship runs."""
    nodes = path.get("nodes") or []
    parts = [f"({_node_name(nodes[0])})"] if nodes else []
    for before, rel, after in zip(nodes, path.get("relationships") or [], nodes[1:], strict=False):
        forward = rel.get("_source") in (before.get("id"), before.get("_nodeId"))
        arrow = f"-[:{rel.get('_type')}]->" if forward else f"<-[:{rel.get('_type')}]-"
        parts.append(f"{arrow}({_node_name(after)})")
    return "".join(parts)


def cell_text(value: Any) -> str | int | float | None:
    """What a table cell shows: numbers stay numbers (they sort as numbers), the rest readable text.

    >>> cell_text(["PT 2", "PT 6"]), cell_text(True), cell_text(None), cell_text(3)
    ('["PT 2", "PT 6"]', 'true', None, 3)
    >>> cell_text({"_kind": "node", "_labels": ["Context"], "_nodeId": 4, "id": "r:lead", "name": "Lead"})
    '(:Context {id: "r:lead", name: "Lead"})'
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return value
    return _literal(value)


def table_columns(columns: list[str]) -> list[dict]:
    return [{"name": c, "id": c} for c in columns]


def table_rows(rows: list[dict[str, Any]], columns: list[str]) -> list[dict[str, Any]]:
    """Rows as table data: one readable cell per column (relationship ends as node ids)."""
    return [{c: cell_text(row.get(c)) for c in columns} for row in link_ends(rows)]


def _node_name(node: dict) -> str:
    for key in ("name", "shortTitle", "title"):
        if node.get(key):
            return str(node[key])
    if node.get("id") is not None:
        return local_id(str(node["id"]))
    return ":".join(node.get("_labels") or ["node"])


def _node_key(node: dict) -> str:
    return str(node["id"]) if node.get("id") is not None else f"db:{node.get('_nodeId')}"


def _node_class(node: dict) -> str:
    """Concepts get their kind (as on every other page); other labels their own class."""
    labels = node.get("_labels") or []
    kind = str(node.get("kind") or "")
    if CONCEPT_LABELS & set(labels) and kind in style.ALL_KINDS:
        return kind
    known = [label for label in labels if label in style.LABEL_STYLE]
    return f"label-{known[0].lower()}" if known else "other-label"


def _collect(value: Any, nodes: dict[str, dict], rels: dict[str, dict]) -> None:
    if isinstance(value, list):
        for item in value:
            _collect(item, nodes, rels)
        return
    if not isinstance(value, dict):
        return
    kind = value.get("_kind")
    if kind == "node":
        nodes.setdefault(_node_key(value), value)
    elif kind == "relationship":
        key = value.get("_relId")
        if key is None:
            key = EDGE_SEP.join(str(value.get(k)) for k in ("_source", "_type", "_target", "polarity"))
        rels.setdefault(str(key), value)
    else:
        for item in value.values():
            _collect(item, nodes, rels)


def _edge_element(key: str, rel: dict, source: str, target: str) -> dict:
    rtype = str(rel.get("_type") or "")
    classes = ["typed"]
    if rtype == str(Rel.LEADS_TO):  # drawn like the causal links of the other pages
        classes = [str(rel.get("polarity") or "positive")]
        classes += ["theory-only"] if rel.get("theoryOnly") else []
    return {"data": {"id": EDGE_SEP.join((source, rtype, target, key)), "source": source, "target": target,
                     "label": rtype, "polarity": rel.get("polarity")},
            "classes": " ".join(classes)}


def result_elements(rows: list[dict[str, Any]]) -> list[dict]:
    """Cytoscape elements for every node, relationship and path in ``rows`` (none: an empty list).

    Relationship ends are matched to the nodes' own ids; an end whose node the query did
    not return is drawn as a dashed placeholder so the relationship still shows.
    """
    nodes: dict[str, dict] = {}
    rels: dict[str, dict] = {}
    _collect(link_ends(rows), nodes, rels)
    node_elements = {key: {"data": {"id": key, "label": _node_name(node), "kind": str(node.get("kind") or ""),
                                    "labels": node.get("_labels") or []},
                           "classes": _node_class(node)} for key, node in nodes.items()}
    edge_elements = []
    for key, rel in rels.items():
        source, target = str(rel.get("_source")), str(rel.get("_target"))
        for end in (source, target):
            node_elements.setdefault(end, {"data": {"id": end, "label": f"{end} (not returned)"},
                                           "classes": "placeholder"})
        edge_elements.append(_edge_element(key, rel, source, target))
    return list(node_elements.values()) + edge_elements


def status_line(result: QueryResult, elapsed_ms: float) -> str:
    """'12 rows in 35 ms', saying so when the row limit cut the result short.

    >>> status_line(QueryResult(["n"], [{"n": 1}], truncated=True), 4.6)
    '1 row in 5 ms · showing the first 1 rows — raise the limit to see more'
    """
    count = len(result.rows)
    line = f"{count} row{'' if count == 1 else 's'} in {round(elapsed_ms)} ms"
    if result.truncated:
        line += f" · showing the first {count} rows — raise the limit to see more"
    return line


def result_table(columns: list[str], rows: list[dict], prefix: str, max_rows: int = TABLE_ROWS) -> html.Div:
    """A plain HTML table (click a column's header to sort by it, see assets/table.js)."""
    shown = rows[:max_rows]
    head = html.Thead(html.Tr([html.Th(c, title="Click to sort", style=style.CONSOLE_TABLE_HEADER)
                               for c in columns]))
    body = html.Tbody([html.Tr([html.Td("" if row.get(c) is None else str(row.get(c)),
                                        style=style.CONSOLE_TABLE_CELL) for c in columns]) for row in shown])
    note = (html.P(f"The first {len(shown)} of {len(rows)} rows; Export CSV has them all.",
                   style=style.CONSOLE_STATUS) if len(rows) > len(shown) else None)
    return html.Div([html.Table([head, body], id=f"{prefix}-table", className="result-table sortable",
                                style=style.CONSOLE_TABLE), note], style={"overflowX": "auto"})


def result_layout(elements: list[dict]) -> dict:
    """Concepts in kind columns, left to right (contexts → outcomes), other nodes placed by breadth;
    far easier to read than a force layout's tangle."""
    concepts = [e for e in elements
                if "source" not in e["data"] and e["data"].get("kind") in style.ALL_KINDS]
    if concepts and len(concepts) == sum(1 for e in elements if "source" not in e["data"]):
        return {"name": "preset", "fit": True, "padding": 30}
    return {"name": "breadthfirst", "directed": True, "spacingFactor": 1.1, "animate": False}


def _placed(elements: list[dict]) -> list[dict]:
    """Concept-only results get server positions in kind columns (see :func:`result_layout`)."""
    from dashboard.views.theory_layout import column_positions

    nodes = {e["data"]["id"]: {"kind": e["data"].get("kind"), "name": e["data"].get("label", "")}
             for e in elements if "source" not in e["data"]}
    if result_layout(elements)["name"] != "preset":
        return elements
    links = [(e["data"]["source"], e["data"]["target"]) for e in elements if "source" in e["data"]]
    positions = column_positions(nodes, links, column_gap=260.0, row_gap=90.0)
    return [{**e, "position": {"x": positions[e["data"]["id"]][0], "y": positions[e["data"]["id"]][1]}}
            if e["data"]["id"] in positions else e for e in elements]


def result_view(result: QueryResult, prefix: str, max_rows: int = TABLE_ROWS) -> html.Div:
    """A result as a sortable table, plus a graph beside it when it holds nodes or relationships.

    Ids: ``{prefix}-table``, ``{prefix}-rows`` (every row, for the CSV export) and
    ``{prefix}-graph``. The graph is always there (hidden when there is nothing to draw) so
    that callbacks reading or exporting it never miss it.
    """
    elements = _placed(result_elements(result.rows))
    rows = table_rows(result.rows, result.columns)
    graph = cyto.Cytoscape(id=f"{prefix}-graph", elements=elements, stylesheet=style.console_stylesheet(),
                           layout=result_layout(elements), style=style.CONSOLE_GRAPH)
    return html.Div([html.Div([result_table(result.columns, rows, prefix, max_rows),
                               dcc.Store(id=f"{prefix}-rows", data=rows)], style=style.CONSOLE_TABLE_BOX),
                     html.Div(graph, id=f"{prefix}-graph-box",
                              style=style.CONSOLE_GRAPH_BOX if elements else style.HIDDEN)],
                    id=f"{prefix}-result", style=style.CONSOLE_RESULT)


_NOT_CODE = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"", re.DOTALL)


def code_only(text: str) -> str:
    """``text`` with comments and string literals blanked out (same length), so that keywords and
    ``$`` inside them are not read as code.

    >>> code_only("n.name = 'SET $x' // CREATE\\nAND n.id = $id")
    'n.name =                   \\nAND n.id = $id'
    """
    return _NOT_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


@dataclass(frozen=True)
class Problem:
    """What went wrong, for people: one sentence, and a hint."""

    message: str
    hint: str = ""
    unexpected: bool = False  # not the user's mistake: logged as well as shown


_WRITE_CLAUSE = re.compile(r"\b(DETACH\s+DELETE|CREATE|MERGE|SET|DELETE|REMOVE|DROP|LOAD\s+CSV)\b.*",
                           re.IGNORECASE)
_TIMEOUT = ("timed out", "timeout", "TransactionTimedOut", "terminated")
_SYNTAX_HINT = ("Check keywords, and that every bracket and quote is closed. The embedded store (FalkorDB) "
                "knows a subset of Cypher: no EXISTS {…} or COUNT {…} subqueries.")
_MISTAKE_HINT = "Check the names of variables, labels, properties and functions, and the types of values."
_MISTAKES = ("defines it", "Type mismatch", "has no function", "has no procedure", "not supported",
             "already declared", "same name", "divides by zero", "expected", "memory", "busy")
_WRITE_EXCERPT = 60


def _write_clause(text: str) -> str:
    match = _WRITE_CLAUSE.search(code_only(text))
    if not match:
        return ""
    clause = " ".join(text[match.start():match.end()].split())  # the clause as written, strings included
    return clause if len(clause) <= _WRITE_EXCERPT else clause[:_WRITE_EXCERPT] + "…"


def problem_for(error: Exception, text: str, timeout_s: int) -> Problem:
    """The plain-language message for an error raised while running ``text``.

    The stores already say what went wrong in one sentence (:mod:`graph.queries.messages`);
    this adds the console's own words for a refused write or a timeout, and a hint.
    """
    message = str(error)
    if isinstance(error, QueryNotAllowed | MissingParameters):
        return Problem(message)
    if isinstance(error, QueryRefused):
        clause = _write_clause(text)
        return Problem(f"This console is read-only, so the query was not run: it tries to write"
                       f"{f' ({clause})' if clause else ''}. Use `ptgraph query --write` on the command "
                       f"line if you mean to change the graph.")
    if isinstance(error, QueryTimedOut) or isinstance(error, QueryFailed) and any(
            m.lower() in message.lower() for m in _TIMEOUT):
        return Problem(f"The query was stopped after {timeout_s} s, its time limit.",
                       hint="Raise the timeout, or narrow the query: a LIMIT, fewer hops in *1..n patterns.")
    if isinstance(error, QueryFailed) and "could not read the query" in message:
        return Problem(message, hint=_SYNTAX_HINT)
    if isinstance(error, QueryFailed):
        mistake = any(m in message for m in _MISTAKES)
        return Problem(message, hint=_MISTAKE_HINT if mistake else "", unexpected=not mistake)
    if isinstance(error, StoreError | PtgraphError):
        return Problem(f"The database could not be reached or failed: {message}", unexpected=True)
    return Problem(f"Something went wrong running the query ({type(error).__name__}); the explorer's log "
                   "has the details.", unexpected=True)


def problem_view(problem: Problem | None) -> list:
    """The alert's content: the sentence, then the hint."""
    if problem is None:
        return []
    return [html.Strong(problem.message),
            html.P(problem.hint, style={"margin": "0.2rem 0"}) if problem.hint else None]
