"""Dash components for details: a concept, a link, a chain's hops and their evidence.

Everything here names things in words (:mod:`graph.naming`): PTs as "PT 6: opinion leaders"
in numeric order, CMOCs by name, evidence by speaker, role and site or a short citation.
The ids stay on hover (each chip's ``title``).
"""

from __future__ import annotations

from collections.abc import Mapping

from dash import html

from dashboard import style
from dashboard.views.elements import concept_name
from dashboard.views.theory_layout import locator
from graph.naming import attribution, theory_index, theory_names
from graph.schema import local_id

__all__ = ["evidence_list", "evidence_notes", "concept_panel", "link_panel", "hop_panels", "attribution",
           "legend", "chips", "theory_chips", "cmoc_chips", "LEGEND_ITEMS"]

ROLE_NAMES = {"HAS_CONTEXT": "context", "HAS_MECHANISM": "mechanism", "HAS_RESOURCE": "resource",
              "HAS_RESPONSE": "response", "HAS_OUTCOME": "outcome"}
Names = Mapping[str, str]


def evidence_notes(item: dict) -> list[str]:
    """The curators' note on an item and any notes about it (e.g. the report's inconsistencies).

    >>> evidence_notes({"note": "Printed SP51, Case Study F here.", "notes": ["Two sites.", None]})
    ['Printed SP51, Case Study F here.', 'Two sites.']
    """
    return [n for n in [item.get("note"), *(item.get("notes") or [])] if n]


def _footer(item: dict) -> html.Footer:
    where = f" · {locator(item)}" if item.get("section") else ""
    full = "; ".join(c for c in item.get("citations") or [] if c)
    return html.Footer(f"— {attribution(item)}{where}", title=full or local_id(str(item.get("id", ""))),
                       style=style.QUOTE_FOOTER)


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
            _footer(item),
            *[html.Div(f"Note: {note}", className=f"{id_prefix}-evidence-note", style=style.EVIDENCE_NOTE)
              for note in evidence_notes(item)],
        ], style=style.QUOTE, className=f"{id_prefix}-quote {_length_class(item.get('text') or '')}".strip())
        for item in items
    ], className=f"{id_prefix}-evidence")


def _length_class(text: str) -> str:
    """'quote-long' / 'quote-very-long' for long quotes, so a projected slide can set them smaller."""
    return "quote-very-long" if len(text) > 1400 else "quote-long" if len(text) > 700 else ""


def chips(pairs: list[tuple[str, str]]) -> list:
    """Small labelled chips; each ``(text, id)`` shows the text and keeps the id on hover."""
    return [html.Span(text, title=ident, style=style.BADGE) for text, ident in pairs]


def theory_chips(ids, index: Mapping | None = None, *, short: bool = False) -> list:
    """PTs as chips in numeric order: 'PT 6: opinion leaders' (or 'PT 6' when ``short``)."""
    return chips([(t["short"] if short else t["label"], t["id"]) for t in theory_names(ids, index)])


def cmoc_chips(ids, names: Names | None = None) -> list:
    """CMOCs as chips named in words (their id on hover)."""
    return chips([((names or {}).get(c) or local_id(c), c) for c in ids])


def concept_panel(attrs: dict, cmocs: list[dict], evidence: list[dict], prefix: str) -> html.Div:
    """A concept: kind, definition, the PTs and CMOCs using it (with wording) and their evidence."""
    kind = style.KIND_STYLE.get(str(attrs.get("kind", "")), {}).get("label", attrs.get("label", ""))
    index = theory_index({"id": r["theory"], "shortTitle": r.get("theoryTitle"),
                          "number": r.get("theoryNumber")}
                         for r in cmocs if r.get("theory"))
    return html.Div([
        html.H3(attrs.get("name", "")),
        html.P([html.Strong(kind), f" ({attrs['level']})" if attrs.get("level") else ""]),
        html.P(attrs.get("definition") or "No definition recorded."),
        html.H4("Programme theories"), html.Div(theory_chips(index, index) or "None"),
        html.H4("CMOCs"),
        html.Ul([html.Li([html.Strong(r.get("cmocName") or local_id(r["cmoc"]), title=r["cmoc"]),
                          f" — as {ROLE_NAMES.get(r.get('role', ''), r.get('role'))}",
                          " (absent)" if r.get("absent") else "",
                          html.Br(), html.Em(r.get("wording") or "")]) for r in cmocs]),
        html.H4("Evidence"), evidence_list(evidence, prefix),
    ], id=f"{prefix}-concept")


def link_panel(G, source: str, target: str, attrs: dict, evidence: list[dict], prefix: str,
               index: Mapping | None = None, cmoc_names: Names | None = None) -> html.Div:
    """A LEADS_TO link: its ends, polarity, PTs, CMOCs and evidence."""
    polarity = attrs.get("polarity", "positive")
    kind = "Disconfirming (negative) link" if polarity == "negative" else "Positive link"
    if attrs.get("theoryOnly") or not attrs.get("evidence"):
        kind += " · theory only (no evidence item)"
    return html.Div([
        html.H3(f"{concept_name(G, source)} → {concept_name(G, target)}"),
        html.P(html.Strong(kind), style={"color": style.NEGATIVE} if polarity == "negative" else {}),
        html.H4("Programme theories"), html.Div(theory_chips(attrs.get("theories") or [], index)),
        html.H4("CMOCs"), html.Div(cmoc_chips(attrs.get("cmocs") or [], cmoc_names)),
        html.H4("Evidence"), evidence_list(evidence, prefix),
    ], id=f"{prefix}-link")


def hop_panels(G, hops: list, evidence_by_hop: list[list[dict]], prefix: str,
               index: Mapping | None = None, cmoc_names: Names | None = None, *,
               show_cmocs: bool = True) -> html.Div:
    """Every hop of a chain with its PTs, CMOCs (unless ``show_cmocs`` is False) and evidence."""
    return html.Div([
        html.Section([
            html.H4(f"{i + 1}. {concept_name(G, hop.source)} → {concept_name(G, hop.target)}"
                    + (" (negative)" if "negative" in hop.polarity else "")),
            html.Div(theory_chips(hop.theories, index, short=True)
                     + (cmoc_chips(hop.cmocs, cmoc_names) if show_cmocs else [])),
            evidence_list(items, prefix),
        ], className=f"{prefix}-hop")
        for i, (hop, items) in enumerate(zip(hops, evidence_by_hop, strict=True))
    ])


# Every style the graphs draw, in the words and marks the legend shows (the export draws them too).
LEGEND_ITEMS = [
    ("- - ⊣", style.NEGATIVE, "disconfirming (negative) link"),
    ("····→", style.POSITIVE, "theory-only link (no evidence item)"),
    ("——→", style.POSITIVE, "leads to (backed by evidence)"),
    ("◯", style.OKABE_ITO["yellow"], "search match (the rest dimmed)"),
]
_SHAPES = {"round-rectangle": "■", "diamond": "◆", "hexagon": "⬢", "ellipse": "●"}


def legend() -> html.Div:
    """Which colour and shape stands for which concept kind, and how each kind of link looks."""
    rows = [html.Div([html.Span(_SHAPES.get(s["shape"], "■"), style={"color": s["colour"],
                                                                     "fontSize": "1.2rem"}),
                      f" {s['label']}"]) for s in style.KIND_STYLE.values()]
    rows += [html.Div([html.Span(mark, style={"color": colour, "fontWeight": 700}), f" {text}"])
             for mark, colour, text in LEGEND_ITEMS]
    return html.Div(rows, className="graph-legend", style={"fontSize": "0.85rem"})
