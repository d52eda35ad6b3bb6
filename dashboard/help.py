"""'What am I looking at?': a short orientation on every page, and the review's glossary.

Each page opens with a folded box saying what the page shows, what a C, M and O are and how
each kind of line reads, plus the abbreviations the review's own package defines
(``abbreviations:`` in its review.yaml), filled in from the store.
"""

from __future__ import annotations

from dash import Dash, Input, Output, html

from dashboard import style
from dashboard.data import ExplorerData, review_param

__all__ = ["help_box", "register_glossary", "glossary_rows", "PAGE_HELP", "BASICS"]

BASICS = [
    "A programme theory (PT) explains what works, for whom, in what circumstances and why. It is "
    "made of CMOCs, context–mechanism–outcome configurations: in a Context (C), a Mechanism (M) "
    "— a resource the programme offers and people's response to it — produces an Outcome (O).",
    "Concepts: ■ blue rectangle a context, ◆ orange diamond a mechanism resource, ⬢ purple hexagon a "
    "mechanism response, ● green ellipse an outcome. An arrow means “leads to” in some CMOC.",
    "Lines: solid grey — backed by evidence; dashed orange-red (vermillion) with a bar head — "
    "disconfirming (negative): the evidence says it does not lead there; dotted — theory only, no "
    "evidence item backs it.",
]
PAGE_HELP = {
    "network": "The causal graph of the review. It opens on the key concepts (those most PTs share); "
    "choose “Neighbourhood” to see one concept's causes and effects, or the whole graph. "
    "Click a concept or link for its evidence; hover for its full name.",
    "pathways": "Causal chains from one concept to another, ranked: shortest first, then chains one "
    "source backs throughout. Pick a chain to see every hop's evidence.",
    "theory": "One programme theory, read left to right: context → resource → response → outcome. "
    "Its statement, lineage (draft → initial → refined) and every CMOC with its evidence follow.",
    "gaps": "Where the evidence is thin: each cell counts the evidence items behind a PT's CMOCs, by "
    "framework component and by source type. A grey “gap” cell has none.",
    "console": "Cypher queries on the graph, read-only. Pick a saved query or write your own; "
    "results show as a table and, when they hold nodes or links, as a graph.",
    "workshop": "Slides for a room. → / ← (or a clicker) move on and back; a chain is revealed one "
    "link at a time.",
}


def help_box(page: str, *, open_: bool = False) -> html.Details:
    """The folded 'What am I looking at?' box of ``page``, with a slot for the review's glossary."""
    return html.Details(
        [
            html.Summary("What am I looking at?", style=style.HELP_SUMMARY),
            html.P(PAGE_HELP.get(page, "")),
            *[html.P(text) for text in BASICS],
            html.Div(id=f"{page}-glossary"),
        ],
        id=f"{page}-help",
        open=open_,
        style=style.HELP_BOX,
    )


def glossary_rows(rows: list[dict]) -> list[tuple[str, str]]:
    """``(term, meaning)`` pairs from ``get_review_glossary`` rows, sorted, each once.

    >>> glossary_rows([{"abbreviations": ["PT: programme theory", "CMOC: context–mechanism–outcome"]}])
    [('CMOC', 'context–mechanism–outcome'), ('PT', 'programme theory')]
    """
    pairs: dict[str, str] = {}
    for row in rows:
        for entry in row.get("abbreviations") or []:
            term, _, meaning = str(entry).partition(": ")
            pairs.setdefault(term.strip(), meaning.strip())
    return sorted(pairs.items(), key=lambda p: p[0].casefold())


def _glossary(rows: list[dict]) -> list:
    pairs = glossary_rows(rows)
    if not pairs:
        return []
    return [
        html.H4("Abbreviations", style={"margin": "0.4rem 0 0.2rem"}),
        html.Dl(
            [
                part
                for term, meaning in pairs
                for part in (
                    html.Dt(term, style=style.GLOSSARY_TERM),
                    html.Dd(meaning, style=style.GLOSSARY_MEANING),
                )
            ],
            className="review-glossary",
            style=style.GLOSSARY,
        ),
    ]


def register_glossary(
    app: Dash, data: ExplorerData, page: str, review: tuple[str, str] = ("app-reviews", "data")
) -> None:
    """Fill ``{page}-glossary`` with the abbreviations of the review ``review`` (component, prop) names."""

    @app.callback(Output(f"{page}-glossary", "children"), Input(*review))
    def _fill(value):
        chosen = value if isinstance(value, str) else None
        return _glossary(data.store.run("get_review_glossary", {"review": review_param(chosen)}))
