"""The colours and shapes ptgraph draws with, shared by the explorer and the exports.

Colours come from the Okabe–Ito palette, which stays distinguishable with the common forms
of colour blindness; each concept kind also has its own node shape, so colour is never the
only cue. ``dashboard/style.py`` builds the explorer's stylesheets from these tables and
``graph/interchange`` writes them into exported files (Cytoscape.js, GEXF, GRASS, Mermaid,
Kumu), so a figure made elsewhere looks like the explorer. The ``*_LOOK`` tables are the
Cytoscape.js styles every drawn graph starts from (a node, a link, a disconfirming link).
"""

from __future__ import annotations

__all__ = [
    "OKABE_ITO",
    "KIND_STYLE",
    "POSITIVE",
    "NEGATIVE",
    "HIGHLIGHT",
    "LABEL_STYLE",
    "OTHER_LABEL_COLOUR",
    "LABEL_FONT",
    "LABEL_WIDTH",
    "NODE_LOOK",
    "EDGE_LOOK",
    "NEGATIVE_EDGE_LOOK",
    "THEORY_ONLY_EDGE_LOOK",
    "text_colour",
]

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

KIND_STYLE = {
    "context": {"label": "Context", "colour": OKABE_ITO["blue"], "shape": "round-rectangle"},
    "mechanism": {"label": "Mechanism", "colour": OKABE_ITO["yellow"], "shape": "round-diamond"},
    "resource": {"label": "Mechanism – resource", "colour": OKABE_ITO["orange"], "shape": "diamond"},
    "response": {"label": "Mechanism – response", "colour": OKABE_ITO["reddish_purple"], "shape": "hexagon"},
    "outcome": {"label": "Outcome", "colour": OKABE_ITO["bluish_green"], "shape": "ellipse"},
}
POSITIVE = "#555555"
NEGATIVE = OKABE_ITO["vermillion"]
HIGHLIGHT = OKABE_ITO["black"]
# Labels a free query can return besides concepts, each its own shape; grey for the rest.
LABEL_STYLE = {
    "ProgrammeTheory": {"colour": OKABE_ITO["sky_blue"], "shape": "rectangle"},
    "CMOC": {"colour": OKABE_ITO["yellow"], "shape": "triangle"},
    "Evidence": {"colour": "#FFFFFF", "shape": "round-tag"},
}
OTHER_LABEL_COLOUR = "#BBBBBB"

# Graph labels: 14 px at zoom 1; the explorer's readable views are spaced so they fit 1400×900
# at zoom ≥ 0.86 (≥ 12 px).
LABEL_FONT, LABEL_WIDTH = 14, 150
NODE_LOOK = {
    "label": "data(label)", "font-size": LABEL_FONT, "text-valign": "bottom", "text-margin-y": 4,
    "text-wrap": "wrap", "text-max-width": LABEL_WIDTH, "width": 30, "height": 30,
    "border-width": 1, "border-color": "#333333", "color": "#111111",
    "text-background-color": "#ffffff", "text-background-opacity": 0.75,
}
EDGE_LOOK = {
    "curve-style": "bezier", "target-arrow-shape": "triangle", "width": 2, "arrow-scale": 1.2,
    "line-color": POSITIVE, "target-arrow-color": POSITIVE, "opacity": 0.8,
}
NEGATIVE_EDGE_LOOK = {
    "line-style": "dashed", "line-color": NEGATIVE, "target-arrow-color": NEGATIVE,
    "target-arrow-shape": "tee",
}
THEORY_ONLY_EDGE_LOOK = {"line-style": "dotted"}  # a link the source gives as theory, no evidence behind it


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (WCAG relative luminance).

    >>> text_colour(OKABE_ITO["blue"]), text_colour(OKABE_ITO["yellow"])
    ('#FFFFFF', '#000000')
    """
    channels = [int(background.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    # contrast with white (1.05 / (L + 0.05)) against contrast with black ((L + 0.05) / 0.05)
    return "#FFFFFF" if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 else "#000000"
