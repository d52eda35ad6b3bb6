"""Dash components for details: a concept, a link, a chain's hops and their evidence."""

from __future__ import annotations

from dash import html

from dashboard import style
from dashboard.views.elements import concept_name
from dashboard.views.theory_layout import locator
from graph.schema import local_id

__all__ = ["evidence_list", "evidence_notes", "concept_panel", "link_panel", "hop_panels", "attribution",
           "legend"]

ROLE_NAMES = {"HAS_CONTEXT": "context", "HAS_MECHANISM": "mechanism", "HAS_RESOURCE": "resource",
              "HAS_RESPONSE": "response", "HAS_OUTCOME": "outcome"}


def attribution(item: dict) -> str:
    """Who said it and where, or the literature it cites: 'SP60, staff, Case Study F'."""
    if item.get("speaker") or item.get("role") or item.get("site"):
        parts = [item.get("speaker"), item.get("role"), item.get("site")]
        return ", ".join(str(p) for p in parts if p)
    cites = [c for c in item.get("citations") or [] if c]
    if cites:
        return "Literature: " + "; ".join(cites)
    return str(item.get("sourceType") or item.get("kind") or "source not recorded")


def evidence_notes(item: dict) -> list[str]:
    """The curators' note on an item and any notes about it (e.g. the report's inconsistencies).

    >>> evidence_notes({"note": "Printed SP51, Case Study F here.", "notes": ["Two sites.", None]})
    ['Printed SP51, Case Study F here.', 'Two sites.']
    """
    return [n for n in [item.get("note"), *(item.get("notes") or [])] if n]


def evidence_list(items: list[dict], id_prefix: str) -> html.Div:
    """Each evidence item verbatim with its attribution, where it stands in the source and any
    notes on it; challenging evidence is marked."""
    if not items:
        return html.Div(html.P("No evidence recorded.", style={"fontStyle": "italic"}),
                        className=f"{id_prefix}-evidence")
    return html.Div([
        html.Blockquote([
            html.Span("Challenges · ", style={"color": style.NEGATIVE, "fontWeight": 600})
            if item.get("relation") == "CHALLENGES" else None,
            html.Span(item.get("text") or ""),
            html.Footer(f"— {attribution(item)}" + (f" · {locator(item)}" if item.get("section") else ""),
                        style=style.QUOTE_FOOTER),
            *[html.Div(f"Note: {note}", className=f"{id_prefix}-evidence-note", style=style.EVIDENCE_NOTE)
              for note in evidence_notes(item)],
        ], style=style.QUOTE, className=f"{id_prefix}-quote")
        for item in items
    ], className=f"{id_prefix}-evidence")


def _badges(values: list[str]) -> list:
    return [html.Span(v, style=style.BADGE) for v in values]


def concept_panel(attrs: dict, cmocs: list[dict], evidence: list[dict], prefix: str) -> html.Div:
    """A concept: kind, definition, the PTs and CMOCs using it (with wording) and their evidence."""
    kind = style.KIND_STYLE.get(str(attrs.get("kind", "")), {}).get("label", attrs.get("label", ""))
    theories = sorted({str(r.get("theoryTitle") or local_id(r["theory"])) for r in cmocs if r.get("theory")})
    return html.Div([
        html.H3(attrs.get("name", "")),
        html.P([html.Strong(kind), f" ({attrs['level']})" if attrs.get("level") else ""]),
        html.P(attrs.get("definition") or "No definition recorded."),
        html.H4("Programme theories"), html.Div(_badges(theories) or "None"),
        html.H4("CMOCs"),
        html.Ul([html.Li([html.Strong(r.get("cmocName") or local_id(r["cmoc"])),
                          f" — as {ROLE_NAMES.get(r.get('role', ''), r.get('role'))}",
                          " (absent)" if r.get("absent") else "",
                          html.Br(), html.Em(r.get("wording") or "")]) for r in cmocs]),
        html.H4("Evidence"), evidence_list(evidence, prefix),
    ], id=f"{prefix}-concept")


def link_panel(G, source: str, target: str, attrs: dict, evidence: list[dict], prefix: str) -> html.Div:
    """A LEADS_TO link: its ends, polarity, PTs, CMOCs and evidence."""
    polarity = attrs.get("polarity", "positive")
    return html.Div([
        html.H3(f"{concept_name(G, source)} → {concept_name(G, target)}"),
        html.P(html.Strong("Disconfirming (negative) link" if polarity == "negative" else "Positive link"),
               style={"color": style.NEGATIVE} if polarity == "negative" else {}),
        html.H4("Programme theories"), html.Div(_badges([local_id(t) for t in attrs.get("theories") or []])),
        html.H4("CMOCs"), html.Div(_badges([local_id(c) for c in attrs.get("cmocs") or []])),
        html.H4("Evidence"), evidence_list(evidence, prefix),
    ], id=f"{prefix}-link")


def hop_panels(G, hops: list, evidence_by_hop: list[list[dict]], prefix: str) -> html.Div:
    """Every hop of a chain with its PTs, CMOCs and evidence."""
    return html.Div([
        html.Section([
            html.H4(f"{i + 1}. {concept_name(G, hop.source)} → {concept_name(G, hop.target)}"
                    + (" (negative)" if "negative" in hop.polarity else "")),
            html.Div(_badges([local_id(t) for t in hop.theories] + [local_id(c) for c in hop.cmocs])),
            evidence_list(items, prefix),
        ], className=f"{prefix}-hop")
        for i, (hop, items) in enumerate(zip(hops, evidence_by_hop, strict=True))
    ])


def legend() -> html.Div:
    """Which colour and shape stands for which concept kind, and how negative links look."""
    shapes = {"round-rectangle": "■", "diamond": "◆", "hexagon": "⬢", "ellipse": "●"}
    rows = [html.Div([html.Span(shapes.get(s["shape"], "■"),
                                style={"color": s["colour"], "fontSize": "1.2rem"}),
                      f" {s['label']}"]) for s in style.KIND_STYLE.values()]
    rows.append(html.Div([html.Span("- - →", style={"color": style.NEGATIVE, "fontWeight": 700}),
                          " disconfirming link"]))
    return html.Div(rows, style={"fontSize": "0.85rem"})
