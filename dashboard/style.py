"""Every colour, shape and stylesheet of the explorer, in one place.

Colours come from the Okabe–Ito palette, which stays distinguishable with the common
forms of colour blindness; each concept kind also has its own node shape, so colour is
never the only cue.
"""

from __future__ import annotations

__all__ = ["OKABE_ITO", "KIND_STYLE", "KIND_ORDER", "NEGATIVE", "POSITIVE", "HIGHLIGHT",
           "graph_stylesheet", "GRAPH_STYLE", "PAGE", "SIDEBAR", "PANEL", "MAIN", "QUOTE", "BADGE",
           "NAV", "NAV_LINK", "CHAIN_OPTION"]

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

KIND_ORDER = ("context", "resource", "response", "outcome")
KIND_STYLE = {
    "context": {"label": "Context", "colour": OKABE_ITO["blue"], "shape": "round-rectangle"},
    "resource": {"label": "Mechanism – resource", "colour": OKABE_ITO["orange"], "shape": "diamond"},
    "response": {"label": "Mechanism – response", "colour": OKABE_ITO["reddish_purple"], "shape": "hexagon"},
    "outcome": {"label": "Outcome", "colour": OKABE_ITO["bluish_green"], "shape": "ellipse"},
}
POSITIVE = "#555555"
NEGATIVE = OKABE_ITO["vermillion"]
HIGHLIGHT = OKABE_ITO["black"]
DIMMED_OPACITY = 0.25


def graph_stylesheet() -> list[dict]:
    """The cytoscape stylesheet shared by every graph of the explorer."""
    sheet: list[dict] = [
        {"selector": "node", "style": {
            "label": "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4,
            "text-wrap": "wrap", "text-max-width": 120, "width": 34, "height": 34,
            "border-width": 1, "border-color": "#333333", "color": "#111111",
            "text-background-color": "#ffffff", "text-background-opacity": 0.75}},
        {"selector": "edge", "style": {
            "curve-style": "bezier", "target-arrow-shape": "triangle", "width": 2,
            "line-color": POSITIVE, "target-arrow-color": POSITIVE}},
        {"selector": "edge.negative", "style": {
            "line-style": "dashed", "line-color": NEGATIVE, "target-arrow-color": NEGATIVE,
            "target-arrow-shape": "tee"}},
        {"selector": "edge.theory-only", "style": {"line-style": "dotted"}},
        {"selector": ".match", "style": {"border-width": 5, "border-color": OKABE_ITO["yellow"]}},
        {"selector": "node.highlight", "style": {"border-width": 5, "border-color": HIGHLIGHT}},
        {"selector": "edge.highlight", "style": {"width": 5, "line-color": HIGHLIGHT,
                                                 "target-arrow-color": HIGHLIGHT}},
        {"selector": ".dimmed", "style": {"opacity": DIMMED_OPACITY}},
        {"selector": ":selected", "style": {"border-width": 5, "border-color": OKABE_ITO["sky_blue"],
                                            "line-color": OKABE_ITO["sky_blue"]}},
    ]
    for kind, style in KIND_STYLE.items():
        sheet.insert(1, {"selector": f"node.{kind}",
                         "style": {"background-color": style["colour"], "shape": style["shape"]}})
    return sheet


GRAPH_STYLE = {"width": "100%", "height": "72vh", "border": "1px solid #ddd", "background": "#fff"}
PAGE = {"fontFamily": "system-ui, sans-serif", "margin": "0 1rem", "color": "#111"}
NAV = {"display": "flex", "gap": "1.5rem", "alignItems": "baseline", "borderBottom": "1px solid #ddd"}
NAV_LINK = {"color": OKABE_ITO["blue"], "fontWeight": 600}
MAIN = {"display": "flex", "gap": "1rem", "alignItems": "flex-start"}
SIDEBAR = {"flex": "0 0 240px", "display": "flex", "flexDirection": "column", "gap": "0.6rem"}
PANEL = {"flex": "0 0 360px", "maxHeight": "78vh", "overflowY": "auto", "fontSize": "0.9rem"}
QUOTE = {"borderLeft": f"4px solid {OKABE_ITO['sky_blue']}", "margin": "0.4rem 0", "padding": "0.2rem 0.6rem",
         "background": "#f6f9fc"}
BADGE = {"display": "inline-block", "padding": "0 0.4rem", "marginRight": "0.3rem", "borderRadius": "0.6rem",
         "background": "#eee", "fontSize": "0.8rem"}
CHAIN_OPTION = {"display": "block", "padding": "0.3rem 0", "borderBottom": "1px solid #eee"}

EXPORT_BAR = {"display": "flex", "gap": "0.4rem", "margin": "0.3rem 0"}
EXPORT_BUTTON = {"fontSize": "0.8rem", "padding": "0.15rem 0.5rem"}
SOURCE_LABELS = {"literature": "Literature", "staff": "Staff", "service_user": "Service users",
                 "carer": "Carers"}
