"""The caption an exported view carries, so that a PNG or SVG shown elsewhere is a figure.

One function per graph page, ``(ExplorerData, page state) -> list[str]``: the first string is
the figure's title, the last its credit line (``ptgraph · data: … · exported <date>``), and
those between say what the view shows: the review, the programme theory and every filter that
narrows it, in words a reader of a paper understands (names, never ids). The page state is the
dict the page's ``initial_state`` reads from the URL (the view a shared link reproduces);
values the page cannot use, such as a PT the review does not have, are read the way the
page's pickers read them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import networkx as nx

from dashboard import style
from dashboard.data import ALL_REVIEWS, ExplorerData, review_param
from dashboard.narrowing import component_heading, narrowed_graph
from dashboard.pickers import keep_choice, review_options
from dashboard.views import network_views as nv
from dashboard.views.elements import concept_name, filter_graph, node_kind, search_matches
from dashboard.views.gap_matrix import review_terms
from dashboard.views.theory_layout import group_cmocs, theory_label
from graph.analytics.pathways import find_pathways, match_concepts
from graph.errors import NodeNotFound
from graph.frameworks import framework_name
from graph.naming import counted, short_citation, shorten, source_label, theory_index

if TYPE_CHECKING:
    from dashboard.pages.console import SavedQuery

__all__ = ["network_caption", "pathway_caption", "theory_caption", "console_caption", "credit_line",
           "review_title", "settled_review", "network_filters", "narrowing_phrases", "query_summary",
           "MAX_CREDITS", "QUERY_CHARS"]

MAX_CREDITS = 3  # reviews credited by name on one figure; more are counted
QUERY_CHARS = 300  # a console query longer than this is cut (at a word) in its caption
SEARCH_CHARS = 80
NETWORK_TITLES = {nv.OVERVIEW: "Key concepts of the causal graph", nv.WHOLE: "The whole causal graph",
                  nv.THEORIES: "Programme theories, linked by the concepts they share",
                  nv.KINDS: "Concept kinds and the causal links between them"}
# string literals (kept whole: 'https://...' is no comment) or comments (dropped)
_STRING_OR_COMMENT = re.compile(r"'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|`[^`]*`|//[^\n]*|/\*.*?\*/",
                                re.DOTALL)



def settled_review(data: ExplorerData, wanted: str | None) -> str:
    """The review a page's picker settles on: ``wanted`` when the store has it, else the first."""
    options, default = review_options(data.reviews())
    return keep_choice(wanted, options, default) or ALL_REVIEWS


def review_title(data: ExplorerData, review: str | None) -> str:
    """The review's name ("All reviews" for every review)."""
    if review_param(review) is None:
        return "All reviews"
    names = {r["id"]: r.get("name") for r in data.reviews()}
    return str(names.get(review) or review)


def _credit(row: Mapping[str, Any]) -> str:
    citation = str(row.get("citation") or "").strip()
    named = short_citation(citation) if citation not in ("", "-") else str(row.get("name") or row["id"])
    return ", ".join(str(p) for p in (named, row.get("source"), row.get("license")) if p)


def credit_line(data: ExplorerData, review: str | None, today: date | None = None) -> str:
    """``ptgraph · data: <short citation, source, licence> · exported <date>`` for the review(s)."""
    rows = data.store.run("list_review_credits", {"review": review_param(review)})
    credits = list(dict.fromkeys(_credit(r) for r in rows))
    if len(credits) > MAX_CREDITS:
        credits = [*credits[:MAX_CREDITS], f"and {counted(len(credits) - MAX_CREDITS, 'more review')}"]
    parts = ["ptgraph", *(["data: " + "; ".join(credits)] if credits else []),
             f"exported {(today or date.today()).isoformat()}"]
    return " · ".join(parts)


def _source_labels(data: ExplorerData, review: str) -> dict[str, str]:
    rid = review_param(review)
    ids = [rid] if rid else [r["id"] for r in data.reviews()]
    vocabularies = [row for i in ids for row in data.store.run("get_review_vocabulary", {"review": i})]
    return dict(review_terms(vocabularies, [], [])["sources"])


def _picked_domain(data: ExplorerData, review: str, domain: str | None) -> dict[str, Any] | None:
    """The framework component when the review has it (the page's picker drops any other)."""
    return next((d for d in data.domains(review) if d["id"] == domain), None) if domain else None


def narrowing_phrases(data: ExplorerData, review: str, domain: str | None,
                      sources: list[str] | None) -> list[str]:
    """The framework-component and evidence-source narrowing (:mod:`dashboard.narrowing`) in words."""
    phrases = []
    component = _picked_domain(data, review, domain)
    if component:
        framework = component.get("framework") or "selfie"
        named = component.get("frameworkName") or framework_name(framework)
        heading = component_heading([(framework, named)])
        phrases.append(f"only the links of the programme theories mapped to {heading} "
                       f"“{component.get('name') or framework}”")
    if sources:
        labels = _source_labels(data, review)
        named = [labels.get(s) or shorten(source_label(s), SEARCH_CHARS) for s in sources]
        phrases.append("only links backed by evidence from " + ", ".join(named))
    return phrases


def network_filters(data: ExplorerData, review: str, state: Mapping[str, Any],
                    G: nx.MultiDiGraph) -> list[str]:
    """Every control of the network page that narrows its view, in words (none: nothing narrows it)."""
    phrases = []
    search = (state.get("q") or "").strip()
    if search:
        phrases.append(f"search “{shorten(search, SEARCH_CHARS)}” (matches ringed, the rest dimmed)")
    present = [k for k in style.KIND_STYLE if k in {node_kind(d) for _, d in G.nodes(data=True)}]
    kept = [k for k in present if k in (state.get("kinds") or [])]
    if kept != present:
        phrases.append("only these concept kinds: " + ", ".join(style.KIND_STYLE[k]["label"] for k in kept)
                       if kept else "no concept kind ticked")
    phrases += narrowing_phrases(data, review, state.get("domain"), state.get("sources"))
    if "negative" not in (state.get("negative") or []):
        phrases.append("disconfirming (negative) links hidden")
    if "theory-only" not in (state.get("theoryonly") or []):
        phrases.append("theory-only links (no evidence item) hidden")
    return phrases


def _picked_theory(data: ExplorerData, review: str, theory: str | None) -> dict[str, Any] | None:
    """The PT (id, label) when the review offers it (the page's picker drops any other)."""
    return theory_index(data.theories(review)).get(theory or "")


def _network_title(data: ExplorerData, review: str, G: nx.MultiDiGraph, state: Mapping[str, Any],
                   theory: str | None) -> str:
    """The view's name; a neighbourhood's concept is the one picked, else the only search match,
    in the graph as filtered (as :func:`dashboard.pages.network.network_view` picks it)."""
    if state.get("view") != nv.FOCUS:
        return NETWORK_TITLES.get(state.get("view") or nv.OVERVIEW, NETWORK_TITLES[nv.OVERVIEW])
    domain = _picked_domain(data, review, state.get("domain"))
    theories, evidence = data.narrowing(review, domain["id"] if domain else None, state.get("sources"))
    sub = filter_graph(G, theory=theory, kinds=state.get("kinds"), theories=theories, evidence=evidence,
                       include_negative="negative" in (state.get("negative") or []),
                       include_theory_only="theory-only" in (state.get("theoryonly") or []))
    found = search_matches(sub, state.get("q"))
    focus = str(state.get("focus") or (found[0] if len(found) == 1 else ""))
    if focus not in sub:
        return "Neighbourhood of a concept (none picked)"
    depth = int(state.get("depth") or 1)
    return (f"Neighbourhood of “{concept_name(G, focus)}”: causes and effects up to "
            f"{counted(depth, 'step')} away")


def network_caption(data: ExplorerData, state: Mapping[str, Any], shown: str | None = None, *,
                    today: date | None = None) -> list[str]:
    """The network page's caption; ``shown`` is the page's status line (what the graph draws).

    The lines: the view, the review and PT, the filters, what is shown, the credit line.
    """
    review = settled_review(data, state.get("review"))
    G = data.graph(review)
    theory = _picked_theory(data, review, state.get("theory"))
    filters = network_filters(data, review, state, G)
    lines = [_network_title(data, review, G, state, theory["id"] if theory else None),
             f"{review_title(data, review)} · {theory['label'] if theory else 'all programme theories'}",
             "Filters: " + "; ".join(filters) if filters else
             "No filters: every concept kind, disconfirming and theory-only links shown"]
    if shown and isinstance(shown, str):
        lines.append(f"Shown: {shown}")
    return [*lines, credit_line(data, review, today)]


def _end(G: nx.MultiDiGraph, text: str) -> str:
    """A pathway end as typed, named by its concept when it matches exactly one."""
    try:
        found = match_concepts(G, text)
    except NodeNotFound:
        return f"“{shorten(text, SEARCH_CHARS)}” (no concept matches)"
    if len(found) == 1:
        return f"“{concept_name(G, found[0])}”"
    return f"concepts matching “{shorten(text, SEARCH_CHARS)}” ({len(found)})"


def _chains_found(G: nx.MultiDiGraph, source: str, target: str, hops: int, negative: bool,
                  chain: int | None) -> str:
    try:
        found = find_pathways(G, source, target, max_hops=hops, include_negative=negative)
    except NodeNotFound:
        found = []
    if not found:
        return "No chain found"
    picked = chain if chain is not None and 0 <= chain < len(found) else 0
    names = " → ".join(concept_name(G, n) for n in found[picked].nodes)
    return (f"{counted(len(found), 'chain')} found; highlighted: chain {picked + 1} "
            f"({counted(len(found[picked].hops), 'link')}): {names}")


def pathway_caption(data: ExplorerData, state: Mapping[str, Any], *, today: date | None = None) -> list[str]:
    """The pathway page's caption: the two ends, the search's bounds, the chains found, the one picked."""
    review = settled_review(data, state.get("review"))
    source, target = (str(state.get(k) or "").strip() for k in ("from", "to"))
    negative = "negative" in (state.get("negative") or [])
    hops = int(state.get("hops") or 4)
    G = narrowed_graph(data, review, state.get("domain"), state.get("sources"))
    searched = bool(source and target)
    bounds = [f"up to {counted(hops, 'link')} per chain",
              "disconfirming links allowed" if negative else "disconfirming links left out",
              *narrowing_phrases(data, review, state.get("domain"), state.get("sources"))]
    lines = [f"Causal chains from {_end(G, source)} to {_end(G, target)}" if searched
             else "Causal chains (no search made)", review_title(data, review),
             "Search: " + "; ".join(bounds)]
    if searched:
        lines.append(_chains_found(G, source, target, hops, negative, state.get("chain")))
    return [*lines, credit_line(data, review, today)]


def theory_caption(data: ExplorerData, state: Mapping[str, Any], *, today: date | None = None) -> list[str]:
    """The theory page's caption: the PT by number and name, its review, its CMOCs and concepts."""
    found = data.store.run("get_theory", {"theory": state["theory"]}) if state.get("theory") else []
    if not found:
        review = settled_review(data, state.get("review"))
        return ["No programme theory picked", review_title(data, review), credit_line(data, review, today)]
    theory = found[0]
    review = theory.get("review") or ALL_REVIEWS
    cmocs, concepts = group_cmocs(data.store.run("get_theory_cmocs", {"theory": theory["id"]}))
    lines = [theory_label(theory)]
    if theory.get("name") and theory.get("shortTitle") and theory["name"] != theory["shortTitle"]:
        lines.append(str(theory["name"]))
    lines += [f"A programme theory of {review_title(data, review)}",
              f"Its {counted(len(cmocs), 'CMOC')}: {counted(len(concepts), 'concept')} in columns from "
              "context through mechanism (resource, response) to outcome, joined by the links its CMOCs make"
              if cmocs else "No CMOCs recorded for it"]
    return [*lines, credit_line(data, review, today)]


def query_summary(text: str, limit: int = QUERY_CHARS) -> str:
    """A query on one line: comments dropped, spaces collapsed, cut at a word past ``limit``.

    >>> query_summary("// who?\\nMATCH (n)\\n   RETURN n  // all", 40)
    'MATCH (n) RETURN n'
    >>> query_summary("MATCH (r) /* any */ WHERE r.source = 'https://doi.org' RETURN r", 60)
    "MATCH (r) WHERE r.source = 'https://doi.org' RETURN r"
    >>> query_summary("MATCH (n) WHERE n.name CONTAINS 'leader' RETURN n", 30)
    'MATCH (n) WHERE n.name…'
    """
    def keep_strings(found: re.Match) -> str:
        return " " if found.group(0).startswith("/") else found.group(0)

    return shorten(_STRING_OR_COMMENT.sub(keep_strings, text or ""), limit)


def _parameters_line(text: str | None) -> tuple[dict[str, Any], str]:
    """The parameters box as a dict and as a caption line ("" when there are none)."""
    try:
        value = json.loads(text or "") if (text or "").strip() else {}
    except json.JSONDecodeError:
        return {}, "Parameters: not valid JSON"
    if not isinstance(value, dict):
        return {}, "Parameters: not a JSON object"
    shown = ", ".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in value.items())
    return value, shorten(f"Parameters: {shown}", 200) if value else ""


def _scope(data: ExplorerData, params: Mapping[str, Any]) -> tuple[str | None, str]:
    """The review a query's ``$review`` names (if the store has it) and the line saying what it ran over."""
    reviews = [r["id"] for r in data.reviews()]
    scoped = params.get("review")
    if isinstance(scoped, str) and scoped in reviews:
        return scoped, f"Review: {review_title(data, scoped)}"
    if len(reviews) == 1:
        return None, f"Over the whole database: {review_title(data, reviews[0])}"
    return None, f"Over the whole database ({counted(len(reviews), 'review')})"


def console_caption(data: ExplorerData, state: Mapping[str, Any], saved: SavedQuery | None = None, *,
                    today: date | None = None) -> list[str]:
    """The console's caption: a query result, the query (shortened), its parameters and what it ran over.

    ``saved`` is the saved query the state names; it titles the figure while the text is its own.
    """
    text = str(state.get("text") or "")
    unedited = saved if saved is not None and saved.text.strip() == text.strip() else None
    params, params_line = _parameters_line(state.get("params"))
    review, scope = _scope(data, params)
    if not text.strip():
        return ["No query result yet", credit_line(data, ALL_REVIEWS, today)]
    lines = [f"Result of the saved query “{unedited.name.replace('_', ' ')}”" if unedited
             else "Result of a Cypher query (read-only)"]
    if unedited and unedited.description:
        lines.append(shorten(unedited.description, 220))
    lines += [f"Query: {query_summary(text) or '(empty)'}", *([params_line] if params_line else []), scope]
    return [*lines, credit_line(data, review or ALL_REVIEWS, today)]
