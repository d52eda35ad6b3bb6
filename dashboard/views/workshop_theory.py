"""A theory slide: the PT's graph large beside its statement, its evidence revealed one quote at a time.

The quotes are chosen once per slide, in the PT's CMOC order: one per CMOC, people's own
words before the literature, each item at most once. Each step shows one quote, verbatim
and attributed, and highlights the concepts and links of the CMOC it supports (the rest
dimmed, never moved: the graph keeps its size and place at every step).
"""

from __future__ import annotations

import dash_cytoscape as cyto
from dash import dcc, html

from dashboard import style
from dashboard.data import ExplorerData
from dashboard.views.elements import mark
from dashboard.views.panels import evidence_list
from dashboard.views.theory_layout import group_cmocs, group_evidence, theory_elements
from graph.naming import attribution, theory_label

__all__ = ["pick_quotes", "theory_quotes", "theory_slide", "quote_heading"]

PRESET = {"name": "preset", "fit": True, "padding": 30}


def pick_quotes(cmocs: list[dict], evidence: dict[str, list[dict]], limit: int) -> list[dict]:
    """Up to ``limit`` evidence items, one per CMOC in order, quotes (a speaker's words) first.

    >>> cmocs = [{"id": "c1", "name": "A"}, {"id": "c2", "name": "B"}]
    >>> ev = {"c1": [{"id": "lit", "kind": "literature"}, {"id": "q1", "kind": "quote"}],
    ...       "c2": [{"id": "q1", "kind": "quote"}, {"id": "lit", "kind": "literature"}]}
    >>> [(q["id"], q["cmoc"]) for q in pick_quotes(cmocs, ev, 3)]
    [('q1', 'c1'), ('lit', 'c2')]
    """
    chosen: list[dict] = []
    used: set[str] = set()
    for cmoc in cmocs:
        items = sorted(
            (e for e in evidence.get(cmoc["id"], []) if e["id"] not in used),
            key=lambda e: (e.get("kind") != "quote", e["id"]),
        )
        items = items or [e for e in evidence.get(cmoc["id"], []) if e["id"] not in used]
        if items and len(chosen) < limit:
            used.add(items[0]["id"])
            chosen.append({**items[0], "cmoc": cmoc["id"], "cmocName": cmoc.get("name") or cmoc["id"]})
    return chosen


def theory_quotes(data: ExplorerData, theory_id: str, limit: int) -> tuple[list[dict], list[dict], dict]:
    """The PT's CMOCs, the quotes its slide reveals, and its concepts (two queries)."""
    cmocs, concepts = group_cmocs(data.store.run("get_theory_cmocs", {"theory": theory_id}))
    ids = [c["id"] for c in cmocs]
    rows = data.store.run("get_evidence_for_cmocs", {"cmocs": ids}) if ids else []
    return cmocs, pick_quotes(cmocs, group_evidence(rows), limit), concepts


def quote_heading(quote: dict | None, step: int, total: int) -> str:
    """'Quote 2 of 3 · SP84, staff, Case Study E', or what the next press shows."""
    if quote is None:
        return (
            f"Next reveals the evidence, one quote at a time ({total})." if total else "No evidence recorded."
        )
    return f"Quote {step} of {total} · {attribution(quote)}"


def _highlighted(elements: list[dict], cmoc: str | None, concepts: dict) -> list[dict]:
    if not cmoc:
        return elements
    ids = {e["data"]["id"] for e in elements if cmoc in (e["data"].get("cmocs") or [])}
    ids |= {e["data"]["source"] for e in elements if e["data"]["id"] in ids and "source" in e["data"]}
    ids |= {e["data"]["target"] for e in elements if e["data"]["id"] in ids and "target" in e["data"]}
    ids |= {c for c, d in concepts.items() if cmoc in d.get("cmocs", ())}
    marked = mark([e for e in elements if not e["data"].get("header")], ids, "highlight", dim_others=True)
    return [e for e in elements if e["data"].get("header")] + marked


def theory_slide(data: ExplorerData, theory: dict, quotes_wanted: int, step: int, prefix: str) -> html.Div:
    """The slide body: graph (left), title, statement and the revealed quote (right)."""
    cmocs, quotes, concepts = theory_quotes(data, theory["id"], quotes_wanted)
    for c in cmocs:
        for items in c["elements"].values():
            for e in items:
                concepts[e["concept"]].setdefault("cmocs", set()).add(c["id"])
    G = data.graph(theory.get("review"))
    elements = theory_elements(
        G, theory["id"], {k: {x: y for x, y in v.items() if x != "cmocs"} for k, v in concepts.items()}
    )
    for e in elements:  # the CMOCs behind each link, so a quote can light up its own links
        if "source" in e["data"] and G.has_edge(
            e["data"]["source"], e["data"]["target"], e["data"]["polarity"]
        ):
            e["data"]["cmocs"] = list(
                G.edges[e["data"]["source"], e["data"]["target"], e["data"]["polarity"]].get("cmocs") or []
            )
    step = max(0, min(step, len(quotes)))
    quote = quotes[step - 1] if step else None
    elements = _highlighted(elements, quote["cmoc"] if quote else None, concepts)
    revealed: list = [
        html.P(quote_heading(quote, step, len(quotes)), id=f"{prefix}-slide-step", style=style.WORKSHOP_STEP)
    ]
    if quote:
        revealed += [
            html.P(f"Supports: {quote['cmocName']}", style=style.WORKSHOP_CMOC),
            evidence_list([quote], f"{prefix}-detail"),
        ]
    return html.Div(
        [
            html.Div(
                cyto.Cytoscape(
                    id=f"{prefix}-graph",
                    elements=elements,
                    layout=PRESET,
                    stylesheet=style.workshop_theory_stylesheet(),
                    style=style.WORKSHOP_FILL,
                ),
                style=style.WORKSHOP_GRAPH_COLUMN,
            ),
            html.Div(
                [
                    html.H3(theory_label(theory), id=f"{prefix}-title", style=style.WORKSHOP_THEORY_TITLE),
                    html.Blockquote(
                        theory.get("statement") or "No statement recorded.",
                        id=f"{prefix}-statement",
                        style=style.WORKSHOP_STATEMENT,
                    ),
                    html.Div(revealed, id=f"{prefix}-detail", className="workshop-quote"),
                    dcc.Store(id=f"{prefix}-view-theory", data=theory["id"]),
                ],
                style=style.WORKSHOP_EVIDENCE,
            ),
        ],
        style=style.WORKSHOP_SPLIT,
    )
