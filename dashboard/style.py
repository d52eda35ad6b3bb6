"""Every colour, shape and stylesheet of the explorer, in one place.

Colours come from the Okabe–Ito palette, which stays distinguishable with the common
forms of colour blindness; each concept kind also has its own node shape, so colour is
never the only cue. Every upper-case name and every ``*_stylesheet`` function is public;
pages add their own constants here, grouped by page, rather than styling inline.
"""

from __future__ import annotations

# The colour and shape tables live in graph/palette.py, shared with the exports (graph/interchange).
from graph.palette import (
    EDGE_LOOK,
    HIGHLIGHT,
    KIND_STYLE,
    LABEL_STYLE,
    NEGATIVE,
    NEGATIVE_EDGE_LOOK,
    NODE_LOOK,
    OKABE_ITO,
    OTHER_LABEL_COLOUR,
    POSITIVE,
    THEORY_ONLY_EDGE_LOOK,
)

KIND_ORDER = ("context", "resource", "response", "outcome")  # an undivided "mechanism" sits with resources
# Every concept kind a review may have, in causal order: what filters offer and show by default
# (KIND_ORDER alone left a review's undivided mechanisms hidden on the network page).
ALL_KINDS = tuple(KIND_STYLE)
DIMMED_OPACITY = 0.25


def graph_stylesheet() -> list[dict]:
    """The cytoscape stylesheet shared by every graph of the explorer."""
    sheet: list[dict] = [
        {"selector": "node", "style": dict(NODE_LOOK)},
        {"selector": "edge", "style": dict(EDGE_LOOK)},
        {"selector": "edge.hover", "style": {"width": 5, "opacity": 1, "z-index": 10}},
        {"selector": "node.hover", "style": {"border-width": 3}},
        {"selector": "edge.negative", "style": dict(NEGATIVE_EDGE_LOOK)},
        {"selector": "edge.theory-only", "style": dict(THEORY_ONLY_EDGE_LOOK)},
        {"selector": ".match", "style": {"border-width": 5, "border-color": OKABE_ITO["yellow"]}},
        {"selector": "node.highlight", "style": {"border-width": 5, "border-color": HIGHLIGHT}},
        {"selector": "edge.highlight", "style": {"width": 5, "line-color": HIGHLIGHT,
                                                 "target-arrow-color": HIGHLIGHT}},
        {"selector": ".dimmed", "style": {"opacity": DIMMED_OPACITY}},
        {"selector": "node.focus", "style": {"border-width": 5, "border-color": HIGHLIGHT}},
        {"selector": "edge.same-column", "style": {"curve-style": "unbundled-bezier",
                                                   "control-point-distances": 70,
                                                   "control-point-weights": 0.5}},
        # collapsed views: one node per PT (linked by shared concepts) or per concept kind
        {"selector": "node.theory", "style": {"shape": "round-rectangle",
                                              "background-color": OKABE_ITO["sky_blue"],
                                              "width": 44, "height": 30, "text-valign": "center",
                                              "text-margin-y": 0, "text-background-opacity": 0}},
        {"selector": "edge.shared", "style": {"target-arrow-shape": "none", "curve-style": "straight",
                                              "width": "mapData(weight, 1, 30, 1, 9)", "label": "data(label)",
                                              "font-size": 12, "text-background-color": "#ffffff",
                                              "text-background-opacity": 0.85, "opacity": 0.55}},
        {"selector": "edge.flow", "style": {"width": "mapData(weight, 1, 200, 2, 14)", "label": "data(label)",
                                            "font-size": 14, "text-background-color": "#ffffff",
                                            "text-background-opacity": 0.9, "loop-direction": "-45deg",
                                            "loop-sweep": "60deg", "control-point-step-size": 60}},
        {"selector": ":selected", "style": {"border-width": 5, "border-color": OKABE_ITO["sky_blue"],
                                            "line-color": OKABE_ITO["sky_blue"]}},
    ]
    for kind, style in KIND_STYLE.items():
        sheet.insert(1, {"selector": f"node.{kind}",
                         "style": {"background-color": style["colour"], "shape": style["shape"]}})
    return sheet


GRAPH_STYLE = {"width": "100%", "height": "72vh", "border": "1px solid #ddd", "background": "#fff"}
# minWidth 0: the canvas shrinks instead of pushing the panel out of the window
GRAPH_CELL = {"flex": "1 1 auto", "minWidth": 0}
GRAPH_STATUS = {"fontSize": "0.9rem", "margin": "0.2rem 0 0.3rem", "color": "#333"}
FOCUS_BOX = {"display": "flex", "flexDirection": "column", "gap": "0.3rem", "padding": "0.4rem",
             "border": "1px solid #ddd", "borderRadius": "0.3rem"}
HELP_BOX = {"fontSize": "0.9rem", "margin": "0.4rem 0", "padding": "0.3rem 0.6rem", "background": "#f6f9fc",
            "border": "1px solid #dde6ef", "borderRadius": "0.3rem", "maxWidth": "70rem"}
HELP_SUMMARY = {"cursor": "pointer", "fontWeight": 600, "color": OKABE_ITO["blue"]}
GLOSSARY = {"display": "grid", "gridTemplateColumns": "max-content 1fr", "columnGap": "0.8rem",
            "rowGap": "0.1rem",
            "margin": 0}
GLOSSARY_TERM = {"fontWeight": 700}
GLOSSARY_MEANING = {"margin": 0}
KIND_HELP = {
    "context": "The circumstances a programme works in (who, where, what is already there).",
    "resource": "What the programme offers: the first half of a mechanism.",
    "response": "How people respond to what is offered: the second half of a mechanism.",
    "outcome": "What results, proximal (soon) to distal (later).",
}
PAGE = {"fontFamily": "system-ui, sans-serif", "margin": "0 1rem", "color": "#111"}
NAV = {"display": "flex", "gap": "1.5rem", "alignItems": "baseline", "borderBottom": "1px solid #ddd"}
NAV_LINK = {"color": OKABE_ITO["blue"], "fontWeight": 600}
UNAVAILABLE_BANNER = {"background": OKABE_ITO["vermillion"], "color": "#FFFFFF", "padding": "0.6rem 1rem",
                      "fontWeight": 600, "margin": "0.5rem 0"}
MAIN = {"display": "flex", "gap": "1rem", "alignItems": "flex-start"}
SIDEBAR = {"flex": "0 0 240px", "display": "flex", "flexDirection": "column", "gap": "0.6rem"}
PANEL = {"flex": "0 0 340px", "minWidth": 0, "maxHeight": "78vh", "overflowY": "auto", "overflowX": "hidden",
         "overflowWrap": "anywhere", "fontSize": "0.9rem"}
QUOTE = {"borderLeft": f"4px solid {OKABE_ITO['sky_blue']}", "margin": "0.4rem 0", "padding": "0.2rem 0.6rem",
         "whiteSpace": "pre-wrap",  # a quote's own line breaks (focus-group turns) stay as written
         "background": "#f6f9fc"}
QUOTE_FOOTER = {"fontSize": "0.85rem", "color": "#444"}
EVIDENCE_NOTE = {"fontSize": "0.85rem", "color": "#444", "fontStyle": "italic", "marginTop": "0.2rem"}
BADGE = {"display": "inline-block", "padding": "0 0.4rem", "marginRight": "0.3rem", "borderRadius": "0.6rem",
         "background": "#eee", "fontSize": "0.8rem"}
CHAIN_OPTION = {"display": "block", "padding": "0.3rem 0", "borderBottom": "1px solid #eee"}

EXPORT_BAR = {"display": "flex", "gap": "0.4rem", "margin": "0.3rem 0"}
EXPORT_BUTTON = {"fontSize": "0.8rem", "padding": "0.15rem 0.5rem"}
# An exported image's caption (assets/graph.js draws it above the graph): the title, the lines saying
# what the view shows, and the small credit line; sizes in px of the image (a PNG is drawn at 2×).
EXPORT_FONT = "system-ui, sans-serif"
EXPORT_CAPTION_TITLE = {"size": 18, "weight": "bold", "colour": "#111111"}
EXPORT_CAPTION_LINE = {"size": 14, "weight": "normal", "colour": "#222222"}
EXPORT_CAPTION_CREDIT = {"size": 12, "weight": "normal", "colour": "#555555"}
SOURCE_LABELS = {"literature": "Literature", "staff": "Staff", "service_user": "Service users",
                 "carer": "Carers"}

# Evidence gap map: counts on Cividis (readable with every common colour-vision deficiency);
# an empty cell gets its own light grey, well apart from Cividis' dark blue for "1", and says "gap".
EVIDENCE_COLOURSCALE = "Cividis"
GAP_COLOUR = "#E8E8E8"
WHITE_AREA_COLOUR = OKABE_ITO["vermillion"]
SELECTED_CELL = OKABE_ITO["sky_blue"]
# Flow Sankey links: POSITIVE grey and NEGATIVE vermillion, semi-transparent so crossings stay legible.
SANKEY_POSITIVE = "rgba(85, 85, 85, 0.35)"
SANKEY_NEGATIVE = "rgba(213, 94, 0, 0.55)"

# Theory view: large type for projection; column headers are label-only nodes that ignore taps.
THEORY_VIEW = {"fontSize": "1.05rem", "lineHeight": 1.5}
THEORY_MESSAGE = {"border": f"2px solid {NEGATIVE}", "background": "#fff4ec", "padding": "0.4rem 0.8rem",
                  "margin": "0.4rem 0", "borderRadius": "0.3rem", "fontWeight": 600}
THEORY_PICKERS = {"display": "flex", "gap": "1rem", "alignItems": "center", "flexWrap": "wrap",
                  "margin": "0.6rem 0"}
THEORY_PICKER = {"minWidth": "260px", "flex": "0 1 auto"}
THEORY_PICKER_WIDE = {"minWidth": "420px", "flex": "1 1 420px"}
THEORY_STATEMENT = {"fontSize": "1.15rem", "borderLeft": f"6px solid {OKABE_ITO['blue']}",
                    "padding": "0.4rem 0.9rem", "margin": "0.6rem 0", "background": "#f6f9fc"}
THEORY_GRAPH_ROW = {"display": "flex", "gap": "1rem", "alignItems": "flex-start"}
THEORY_GRAPH_CELL = {"flex": "1 1 auto", "minWidth": 0}  # minWidth 0 lets the canvas shrink beside the panel
THEORY_GRAPH_STYLE = {"width": "100%", "height": "70vh", "border": "1px solid #ddd", "background": "#fff"}
THEORY_DETAIL = {"flex": "0 0 400px", "maxHeight": "70vh", "overflowY": "auto", "fontSize": "1rem",
                 "borderLeft": "1px solid #ddd", "paddingLeft": "0.8rem"}
THEORY_LINEAGE = {"display": "flex", "gap": "0.8rem", "alignItems": "center", "flexWrap": "wrap",
                  "fontSize": "1rem"}
THEORY_LINEAGE_STAGE = {"display": "flex", "flexDirection": "column", "gap": "0.2rem",
                        "padding": "0.3rem 0.6rem", "border": "1px solid #ddd", "borderRadius": "0.4rem"}
THEORY_LINEAGE_CURRENT = {"fontWeight": 700, "color": HIGHLIGHT}
THEORY_CMOC = {"border": "1px solid #ddd", "borderLeft": f"6px solid {POSITIVE}", "borderRadius": "0.3rem",
               "padding": "0.5rem 0.9rem", "margin": "0.8rem 0"}
THEORY_CMOC_NEGATIVE = {**THEORY_CMOC, "borderLeft": f"6px solid {NEGATIVE}"}
THEORY_TAG = {"display": "inline-block", "padding": "0.05rem 0.5rem", "marginRight": "0.4rem",
              "borderRadius": "0.6rem", "background": "#eee", "fontSize": "0.95rem"}
THEORY_TAG_NEGATIVE = {**THEORY_TAG, "background": NEGATIVE, "color": "#ffffff", "fontWeight": 600}
THEORY_ELEMENT_TABLE = {"borderCollapse": "collapse", "width": "100%", "margin": "0.4rem 0"}
THEORY_ELEMENT_CELL = {"borderTop": "1px solid #eee", "padding": "0.3rem 0.5rem", "verticalAlign": "top",
                       "textAlign": "left"}
THEORY_ABSENT = {"color": NEGATIVE, "fontWeight": 600}


def theory_stylesheet() -> list[dict]:
    """The shared stylesheet with larger labels, curved same-column links and column-header nodes."""
    return graph_stylesheet() + [
        {"selector": "node", "style": {"font-size": 19, "text-max-width": 250, "width": 44, "height": 44}},
        {"selector": "edge.same-column", "style": {
            "curve-style": "unbundled-bezier", "control-point-distances": 80, "control-point-weights": 0.5}},
        {"selector": "node.column-header", "style": {
            "shape": "round-rectangle", "background-opacity": 0, "border-width": 0, "events": "no",
            "font-size": 24, "font-weight": 700, "text-valign": "center", "text-max-width": 300,
            "width": 1, "height": 1, "color": HIGHLIGHT, "text-background-opacity": 0}},
    ]

# Workshop mode: slides projected to a room at 1920×1080, so type is large, the graph fills what
# is left of the screen and nothing scrolls: the root is exactly one screen high, every level
# below it a flex column whose graph takes the remaining room.
WORKSHOP_ROOT = {"fontSize": "1.5rem", "lineHeight": 1.3, "background": "#ffffff", "height": "100vh",
                 "padding": "0.4rem 1rem", "boxSizing": "border-box", "overflow": "hidden",
                 "display": "flex", "flexDirection": "column"}
WORKSHOP_BAR = {"display": "flex", "gap": "1rem", "alignItems": "center", "fontSize": "1.1rem",
                "flex": "0 0 auto"}
WORKSHOP_BUTTON = {"fontSize": "1.1rem", "padding": "0.25rem 0.9rem"}
WORKSHOP_PROGRESS = {"fontWeight": 700, "fontSize": "1.3rem", "minWidth": "5em"}
WORKSHOP_HELP = {"fontWeight": 700, "cursor": "help", "border": "1px solid #999", "borderRadius": "50%",
                 "padding": "0 0.5rem", "color": OKABE_ITO["blue"]}
WORKSHOP_UPDATED = {"marginLeft": "auto", "color": "#666666", "fontSize": "1rem"}
WORKSHOP_BODY = {"flex": "1 1 0", "minHeight": 0, "display": "flex", "gap": "1rem"}
WORKSHOP_SLIDE = {"flex": "1 1 0", "minHeight": 0, "minWidth": 0, "display": "flex",
                  "flexDirection": "column"}
WORKSHOP_TITLE = {"fontSize": "2.3rem", "margin": "0.2rem 0", "flex": "0 0 auto"}
WORKSHOP_CAPTION = {"fontSize": "1.35rem", "margin": "0.1rem 0 0.4rem", "color": "#333333",
                    "flex": "0 0 auto",
                    "borderLeft": f"6px solid {OKABE_ITO['orange']}", "paddingLeft": "0.6rem"}
WORKSHOP_STEP = {"fontSize": "1.5rem", "fontWeight": 600, "margin": "0.2rem 0"}
WORKSHOP_STATUS = {"fontSize": "1.2rem", "margin": "0.2rem 0", "flex": "0 0 auto"}
WORKSHOP_SPLIT = {"display": "flex", "gap": "1rem", "flex": "1 1 0", "minHeight": 0}
WORKSHOP_FILL = {"width": "100%", "flex": "1 1 0", "minHeight": 0, "border": "1px solid #ddd",
                 "background": "#fff"}
WORKSHOP_GRAPH = WORKSHOP_FILL
WORKSHOP_GRAPH_COLUMN = {"flex": "3 1 0", "minWidth": 0, "minHeight": 0, "display": "flex",
                         "flexDirection": "column"}
WORKSHOP_EVIDENCE = {"flex": "2 1 0", "minWidth": 0, "minHeight": 0, "overflowY": "auto",
                     "fontSize": "1.45rem",
                     "overflowWrap": "anywhere"}
# the hop just revealed comes first, numbered as in the chain; earlier hops follow below it
WORKSHOP_NEWEST_FIRST = {"display": "flex", "flexDirection": "column-reverse"}
WORKSHOP_LEGEND = {"flex": "0 0 auto"}
WORKSHOP_MESSAGE = {"fontSize": "1.8rem", "color": NEGATIVE, "whiteSpace": "pre-line"}
WORKSHOP_EARLIER_HOP = {"fontSize": "1.1rem", "margin": "0.15rem 0", "color": "#333", "fontWeight": 600}
WORKSHOP_MORE = {"fontSize": "1.1rem", "fontStyle": "italic", "color": "#444"}
WORKSHOP_QUERY = {"flex": "1 1 0", "minHeight": 0, "overflow": "hidden", "display": "flex",
                  "flexDirection": "column"}
WORKSHOP_TABLE_ROWS = 6  # a saved query's table on a slide: rows that fit the screen at room size
WORKSHOP_THEORY_TITLE = {"fontSize": "1.6rem", "margin": "0 0 0.3rem"}
WORKSHOP_STATEMENT = {"fontSize": "1.25rem", "lineHeight": 1.35,
                      "borderLeft": f"6px solid {OKABE_ITO['blue']}",
                      "padding": "0.3rem 0.8rem", "margin": "0.3rem 0", "background": "#f6f9fc"}
WORKSHOP_CMOC = {"fontSize": "1.1rem", "color": "#333", "margin": "0.2rem 0"}
WORKSHOP_PRESENTER = {"flex": "0 0 30%", "minWidth": 0, "overflowY": "auto", "fontSize": "1.3rem",
                      "borderLeft": "2px solid #ddd", "paddingLeft": "1rem"}
WORKSHOP_PRESENTER_HEAD = {"fontSize": "1.4rem", "margin": "0.4rem 0 0.2rem", "color": OKABE_ITO["blue"]}
UNREVEALED_OPACITY = 0.12


def workshop_stylesheet(font_size: int = 22) -> list[dict]:
    """The shared stylesheet with labels readable from the back of a room; unrevealed parts faint."""
    return graph_stylesheet() + [
        {"selector": "node", "style": {"font-size": font_size, "text-max-width": 10 * font_size,
                                       "width": 2 * font_size, "height": 2 * font_size}},
        {"selector": "edge", "style": {"width": 3}},
        {"selector": "edge.highlight", "style": {"width": 7}},
        # faint and unlabelled, but the label keeps its room: the graph's size (and so its zoom)
        # is the same at every step, so nothing moves while a chain is revealed
        {"selector": ".unrevealed", "style": {"opacity": UNREVEALED_OPACITY, "text-opacity": 0}},
    ]


def workshop_theory_stylesheet() -> list[dict]:
    """The theory view's stylesheet at room size: the PT's graph is the slide's main picture."""
    return theory_stylesheet() + [
        {"selector": "node", "style": {"font-size": 22, "text-max-width": 230}},
        {"selector": "node.column-header", "style": {"font-size": 26}},
        {"selector": "edge", "style": {"width": 3}},
        {"selector": "edge.highlight", "style": {"width": 6}},
    ]
THEORY_NOTE_WHERE = {"fontSize": "0.95rem", "color": "#444"}

# Cypher console: a monospace editor, a visible alert for errors, and graph styles for the
# labels a free query can return besides concepts (each its own shape; grey for the rest).
MONOSPACE = "ui-monospace, Menlo, Consolas, monospace"
CONSOLE_EDITOR = {"width": "100%", "minHeight": "11rem", "fontFamily": MONOSPACE, "fontSize": "0.9rem",
                  "boxSizing": "border-box", "padding": "0.4rem"}
CONSOLE_PARAMS = {**CONSOLE_EDITOR, "minHeight": "3.2rem"}
CONSOLE_CONTROLS = {"display": "flex", "gap": "0.8rem", "alignItems": "center", "flexWrap": "wrap",
                    "margin": "0.4rem 0"}
CONSOLE_NUMBER = {"width": "6rem"}
CONSOLE_STATUS = {"fontSize": "0.9rem", "margin": "0.4rem 0", "color": "#333333"}
CONSOLE_ALERT = {"border": f"2px solid {NEGATIVE}", "background": "#fff4ec", "padding": "0.4rem 0.8rem",
                 "margin": "0.4rem 0", "borderRadius": "0.3rem"}
HIDDEN = {"display": "none"}
CONSOLE_LINKED = {"border": "2px solid #0072B2", "background": "#eef6fb", "padding": "0.4rem 0.8rem",
                  "margin": "0.4rem 0", "borderRadius": "0.3rem"}
CONSOLE_TABLE_CELL = {"textAlign": "left", "whiteSpace": "pre-wrap", "maxWidth": "40rem",
                      "verticalAlign": "top",
                      "borderTop": "1px solid #e4e4e4",
                      "fontFamily": "system-ui, sans-serif", "fontSize": "0.85rem",
                      "padding": "0.2rem 0.4rem"}
CONSOLE_TABLE_HEADER = {"fontWeight": 700, "background": "#f2f2f2", "textAlign": "left", "cursor": "pointer",
                        "padding": "0.2rem 0.4rem", "position": "sticky", "top": 0}
CONSOLE_TABLE = {"borderCollapse": "collapse", "width": "100%"}
CONSOLE_GRAPH = {**GRAPH_STYLE, "height": "60vh"}
PLACEHOLDER_NODE = {"background-color": "#FFFFFF", "border-style": "dashed", "shape": "ellipse"}


def console_stylesheet() -> list[dict]:
    """The shared stylesheet plus shapes for non-concept labels, typed edges and unreturned ends."""
    sheet = graph_stylesheet()
    sheet.insert(1, {"selector": "node.other-label",
                     "style": {"background-color": OTHER_LABEL_COLOUR, "shape": "octagon"}})
    for label, look in LABEL_STYLE.items():
        sheet.insert(2, {"selector": f"node.label-{label.lower()}",
                         "style": {"background-color": look["colour"], "shape": look["shape"]}})
    return sheet + [
        {"selector": "edge.typed", "style": {"label": "data(label)", "font-size": 9, "color": "#444444",
                                             "text-rotation": "autorotate"}},
        {"selector": "node.placeholder", "style": PLACEHOLDER_NODE},
    ]
THEORY_KEY = {"fontSize": "1rem", "margin": "0.3rem 0", "color": "#333"}
# Console results: the table beside the graph when there is one, the table alone at full width.
CONSOLE_RESULT = {"display": "flex", "gap": "1rem", "alignItems": "flex-start"}
CONSOLE_TABLE_BOX = {"flex": "1 1 55%", "minWidth": 0}
CONSOLE_GRAPH_BOX = {"flex": "1 1 45%", "minWidth": 0}
THEORY_SUBTITLE = {"color": "#444", "margin": "0"}
SANKEY_HIDDEN = "rgba(0, 0, 0, 0)"  # the Sankey's invisible pass-through nodes and feeds
HEATMAP_BACKGROUND = "#FFFFFF"  # shows between the gap map's cells
