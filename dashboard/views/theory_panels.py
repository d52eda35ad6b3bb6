"""Dash components of the theory view: lineage, CMOC cards with their evidence, notes and framing."""

from __future__ import annotations

from urllib.parse import quote

from dash import dcc, html

from dashboard import style
from dashboard.views.panels import evidence_list
from dashboard.views.theory_layout import group_context, group_notes, lineage_stages, locator, theory_label
from graph.naming import theory_short
from graph.schema import CONCEPT_KINDS, local_id

__all__ = ["lineage_nav", "cmoc_cards", "cmoc_card", "framing", "theory_href", "graph_key"]

STAGE_TITLES = {"draft": "Draft", "initial": "Initial", "refined": "Refined"}
SOURCE_TITLES = {"synthesis": "Realist synthesis", "case_study": "Case study"}
NOTE_TITLES = {"rigour": "Rigour", "inconsistency": "Inconsistencies in the source",
               "curation": "Curation decisions"}
CONTEXT_TITLES = {"domain": "SELFIE domains", "formal_theory": "Formal theories",
                  "overarching_context": "Overarching contexts"}


def theory_href(theory_id: str, link_path: str) -> str:
    """'/theory?theory=reco:pt6' (the id URL-quoted, its ':' kept readable)."""
    return f"{link_path}?theory={quote(theory_id, safe=':')}"


def lineage_nav(rows: list[dict], theory_id: str, prefix: str, link_path: str) -> html.Nav:
    """The REFINES chain as draft → initial → refined, each member a link to its own view."""
    stages = lineage_stages(rows, theory_id)
    boxes: list = [html.Strong("Lineage:")]
    for i, (stage, members) in enumerate(stages):
        if i:
            boxes.append(html.Span("→", style={"fontSize": "1.4rem"}))
        links = [dcc.Link(theory_label(m) + (" (shown)" if m["current"] else ""),
                          href=theory_href(m["id"], link_path), className=f"{prefix}-lineage-link",
                          title=_refines(m), style=style.THEORY_LINEAGE_CURRENT if m["current"] else {})
                 for m in members]
        title = html.Span(STAGE_TITLES.get(stage, stage.title()), style={"color": "#444"})
        boxes.append(html.Div([title, *links], className=f"{prefix}-lineage-stage",
                              style=style.THEORY_LINEAGE_STAGE))
    if len(stages) < 2:
        boxes.append(html.Em("No earlier or later stage of this theory is recorded."))
    return html.Nav(boxes, id=f"{prefix}-lineage", style=style.THEORY_LINEAGE)


def graph_key() -> html.P:
    """How the graph's links read; the columns name the concept kinds themselves."""
    return html.P([html.Span("→", style={"color": style.POSITIVE, "fontWeight": 700}), " leads to  ·  ",
                   html.Span("- - ⊣", style={"color": style.NEGATIVE, "fontWeight": 700}),
                   " disconfirming (negative) link  ·  ", html.Span("····", style={"fontWeight": 700}),
                   " theory only (no evidence item)"], style=style.THEORY_KEY)


def _refines(member: dict) -> str | None:
    return "refines " + ", ".join(theory_short(r) for r in member["refines"]) if member["refines"] else None


def _tags(cmoc: dict) -> list:
    negative = cmoc.get("polarity") == "negative"
    tags = [html.Span("Disconfirming (negative)" if negative else "Positive",
                      style=style.THEORY_TAG_NEGATIVE if negative else style.THEORY_TAG),
            html.Span(SOURCE_TITLES.get(str(cmoc.get("source")), "Source not recorded"),
                      style=style.THEORY_TAG),
            html.Span(locator(cmoc), style=style.THEORY_TAG)]
    if cmoc.get("theoryOnly"):
        tags.append(html.Span("Theory only (no evidence item)", style=style.THEORY_TAG))
    return tags


def _element_rows(cmoc: dict) -> list:
    rows = []
    undivided = bool(cmoc["elements"].get("mechanism"))  # then no resource/response rows
    for role in ("context", "mechanism", "outcome") if undivided else CONCEPT_KINDS:
        items = cmoc["elements"].get(role) or []
        cell: list = [html.Em("not stated")] if not items else [
            html.Div([html.Strong(e["name"]),
                      html.Span(" (absent)", style=style.THEORY_ABSENT) if e["absent"] else None,
                      html.Span(f" · {e['level']}") if e.get("level") else None,
                      html.Br(), f"“{e['wording']}”" if e["wording"] else html.Em("no wording recorded")])
            for e in items]
        rows.append(html.Tr([html.Th(style.KIND_STYLE[role]["label"], style=style.THEORY_ELEMENT_CELL),
                             html.Td(cell, style=style.THEORY_ELEMENT_CELL)]))
    return rows


def cmoc_card(cmoc: dict, evidence: list[dict], prefix: str) -> html.Article:
    """One CMOC: name, polarity, source, locator, its four elements in the PT's words, its evidence."""
    missing = ", ".join(cmoc.get("missing") or [])
    return html.Article([
        html.H4(cmoc.get("name") or local_id(cmoc["id"]), style={"margin": "0.2rem 0"}),
        html.Div(_tags(cmoc)),
        html.Table(html.Tbody(_element_rows(cmoc)), style=style.THEORY_ELEMENT_TABLE),
        html.P([html.Strong(f"Not stated: {missing}. "), cmoc.get("missingReason") or ""])
        if missing else None,
        html.Details([html.Summary("Source text"), html.P(cmoc.get("text") or "No source text recorded.")])
        if cmoc.get("text") else None,
        html.H5(f"Evidence ({len(evidence)})", style={"fontSize": "1rem", "margin": "0.4rem 0 0"}),
        evidence_list(evidence, prefix),
    ], className=f"{prefix}-cmoc",
        style=style.THEORY_CMOC_NEGATIVE if cmoc.get("polarity") == "negative" else style.THEORY_CMOC)


def cmoc_cards(cmocs: list[dict], evidence: dict[str, list[dict]], prefix: str) -> html.Div:
    """Every CMOC of the PT as a card, in the order given."""
    if not cmocs:
        return html.Div(html.P("No CMOCs recorded for this programme theory."), id=f"{prefix}-cmocs")
    return html.Div([cmoc_card(c, evidence.get(c["id"], []), prefix) for c in cmocs], id=f"{prefix}-cmocs")


def _about(note: dict, names: dict[str, str] | None = None) -> str:
    """What a note is about, in words: CMOCs by name, PTs as 'PT 6' (other ids as they are)."""
    return ", ".join((names or {}).get(a) or theory_short(a) for a in note.get("about") or [])


def _notes(rows: list[dict], prefix: str, names: dict[str, str] | None = None) -> html.Div:
    groups = group_notes(rows)
    if not groups:
        return html.Div(html.P("No notes recorded."), id=f"{prefix}-notes")
    return html.Div([html.Section([
        html.H4(f"{NOTE_TITLES.get(kind, kind.title())} ({len(items)})"),
        html.Ul([html.Li([html.Span(n.get("text") or ""), html.Br(),
                          html.Small(f"{locator(n)} · about {_about(n, names)}", title=", ".join(
                              n.get("about") or []), style=style.THEORY_NOTE_WHERE)])
                 for n in items]),
    ], className=f"{prefix}-note-{kind}") for kind, items in groups.items()], id=f"{prefix}-notes")


def _context(rows: list[dict], prefix: str) -> html.Div:
    groups = group_context(rows)
    if not groups:
        return html.Div(html.P("No SELFIE domain, formal theory or overarching context recorded."),
                        id=f"{prefix}-context")
    return html.Div([html.Section([
        html.H4(CONTEXT_TITLES.get(kind, kind)),
        html.Ul([html.Li([html.Strong(r.get("name") or local_id(r["id"])),
                          f" — {r['description']}" if r.get("description") else ""]) for r in items]),
    ], className=f"{prefix}-context-{kind}") for kind, items in groups.items()], id=f"{prefix}-context")


def framing(notes: list[dict], context: list[dict], prefix: str,
            names: dict[str, str] | None = None) -> html.Section:
    """Rigour and context: SELFIE domains, formal theories, overarching contexts, then notes by kind."""
    return html.Section([html.H3("Rigour and context"), _context(context, prefix),
                         html.H3("Notes"), _notes(notes, prefix, names)], id=f"{prefix}-framing")
