"""Fuzzing every page's URL state: any query string gives a valid state (never an exception), the
page's layout renders from it, and the plain functions its callbacks first call with those values
answer on a real store (the example review) instead of raising."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from dash._pages import _parse_query_string
from hypothesis import given
from hypothesis import strategies as st

from dashboard import style
from dashboard.data import ExplorerData
from dashboard.pages import console, gaps, network, pathways, theory, workshop
from dashboard.pickers import keep_choice, review_options
from dashboard.urlstate import MAX_VALUE
from dashboard.views import captions
from dashboard.views import network_views as nv
from dashboard.views.gap_matrix import ALL_STAGES, STAGES, cell_selection, parse_cell
from graph.load import load_package
from graph.stores.falkor_store import FalkorStore
from loaders.package import read_package
from tests.fuzzing import examples, hostile_text

KEYS = {
    "network": ["review", "view", "focus", "depth", "q", "theory", "domain", "sources", "kinds", "negative",
                "theoryonly", "layout"],
    "pathways": ["review", "from", "to", "hops", "negative", "domain", "sources", "chain"],
    "theory": ["theory", "review"],
    "gaps": ["review", "stage", "framework", "cell"],
    "workshop": ["deck", "slide", "step", "presenter"],
    "console": ["q", "cypher", "params", "limit", "timeout", "run"],
}
PAGES = {"network": network, "pathways": pathways, "theory": theory, "gaps": gaps, "workshop": workshop,
         "console": console}
# Values a page knows, so that valid ones are drawn as well as hostile ones.
KNOWN = ["example", "reco", "example:pt2", "example:pt5", "example:engagement", "overview", "focus", "whole",
         "theories", "kinds", "layers", "force", "context,outcome", "negative", "theory-only", "refined",
         "initial", "all", "domains|example:pt2|x", "sources|example:pt2|staff", "1", "0", "-1", "2", "8",
         "99", "²", "١", "1_0", "1e3", " 3 ", "list_theories", "staff,carer", "leadership", "engagement",
         "attitudes", "relationship"]
value = st.one_of(st.sampled_from(KNOWN), hostile_text, st.sampled_from(["x" * (MAX_VALUE + 1)]))


@st.composite
def query(draw: st.DrawFn, page: str) -> dict[str, Any]:
    """Query parameters as Dash pages hands them over: from a query string, or as a dict of str/lists."""
    if draw(st.booleans()):
        raw = draw(st.one_of(st.text(max_size=60), st.lists(st.tuples(
            st.sampled_from(KEYS[page]), value), max_size=6).map(urlencode)))
        return _parse_query_string("?" + raw)
    keys = st.one_of(st.sampled_from(KEYS[page]), st.text(max_size=6))
    return draw(st.dictionaries(keys, st.one_of(value, st.lists(value, max_size=3)), max_size=8))


def _texts_ok(state: dict[str, Any]) -> None:
    for key, item in state.items():
        for text in item if isinstance(item, list) else [item]:
            if isinstance(text, str):
                assert "\x00" not in text and len(text) <= MAX_VALUE, key
                assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text), key


VALID: dict[str, Callable[[dict[str, Any]], bool]] = {
    "network": lambda s: (s["view"] in {o["value"] for o in network.VIEW_OPTIONS} and 1 <= s["depth"] <= 3
                          and set(s["kinds"]) <= set(style.ALL_KINDS) and set(s["negative"]) <= {"negative"}
                          and set(s["theoryonly"]) <= {"theory-only"} and s["layout"] in ("layers", "force")
                          and all(isinstance(x, str) for x in s["sources"])),
    "pathways": lambda s: (1 <= s["hops"] <= 8 and set(s["negative"]) <= {"negative"}
                           and (s["chain"] is None or s["chain"] >= 0)),
    "theory": lambda s: all(v is None or isinstance(v, str) for v in s.values()),
    "gaps": lambda s: s["stage"] in (*STAGES, ALL_STAGES) and (s["cell"] is None or parse_cell(s["cell"])),
    "workshop": lambda s: (isinstance(s["deck"], str) and s["slide"] >= 1 and s["step"] >= 0
                           and isinstance(s["presenter"], bool)),
    "console": lambda s: (s["limit"] >= 1 and s["timeout"] >= 1 and isinstance(s["linked"], bool)
                          and isinstance(s["text"], str) and isinstance(s["params"], str)),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_any_query_string_gives_a_valid_state_and_a_layout(page: str) -> None:
    @examples(200)
    @given(query(page))
    def check(params: dict[str, Any]) -> None:
        state = PAGES[page].initial_state(params)
        _texts_ok(state)
        assert VALID[page](state), state
        PAGES[page].layout(**params)

    check()


@pytest.fixture(scope="module")
def data(ptgraph_home: Path) -> Iterator[ExplorerData]:
    """The example review on a graph of its own, for this module's tests."""
    store = FalkorStore(f"fuzz_{uuid.uuid4().hex[:10]}")
    load_package(store, read_package("example"))
    yield ExplorerData(store)
    store.drop()
    store.close()


def _review(data: ExplorerData, wanted: str | None) -> str | None:
    """What the review picker settles on: the URL's review when it is one, else the first."""
    options, default = review_options(data.reviews())
    return keep_choice(wanted, options, default)


@examples(50)
@given(query("network"))
def test_network_callbacks_answer_any_url(data: ExplorerData, params: dict[str, Any]) -> None:
    s = network.initial_state(params)
    review = _review(data, s["review"])
    theories, evidence = data.narrowing(review, s["domain"], s["sources"])
    G = data.graph(review)
    for view in {s["view"], nv.FOCUS}:
        network.network_view(G, s["theory"], s["kinds"], s["negative"], s["q"], theories=theories,
                             evidence=evidence, layout_choice=s["layout"], view=view, focus=s["focus"],
                             depth=s["depth"], theory_only="theory-only" in s["theoryonly"])
    network.concept_options(G, s["q"], s["focus"])


@examples(50)
@given(query("pathways"))
def test_pathway_callbacks_answer_any_url(data: ExplorerData, params: dict[str, Any]) -> None:
    s = pathways.initial_state(params)
    review = _review(data, s["review"])
    theories, evidence = data.narrowing(review, s["domain"], s["sources"])
    chains, _ = pathways.search_chains(data.graph(review), s["from"], s["to"], s["hops"],
                                       "negative" in s["negative"])
    pathways.chosen_chain(None, s["chain"], len(chains))


@examples(50)
@given(query("theory"))
def test_theory_callbacks_answer_any_url(data: ExplorerData, params: dict[str, Any]) -> None:
    s = theory.initial_state(params)
    options = [{"label": t["id"], "value": t["id"]} for t in data.theories(_review(data, s["review"]))]
    theory.unknown_theory(options, None, s["theory"])
    theory.theory_view(data, theory.pick_theory(options, None, s["theory"]), theory.PREFIX)
    theory.theory_view(data, s["theory"], theory.PREFIX)


@examples(50)
@given(query("gaps"))
def test_gap_callbacks_answer_any_url(data: ExplorerData, params: dict[str, Any]) -> None:
    s = gaps.initial_state(params)
    matrices = gaps.gap_matrices(data.store, _review(data, s["review"]), s["stage"], s["framework"])
    parsed = parse_cell(s["cell"])
    if parsed:
        items = data.store.run("get_theory_evidence", {"theory": parsed[1]})
        gaps.cell_panel(cell_selection(matrices, s["cell"], items))


@examples(50)
@given(query("workshop"))
def test_workshop_callbacks_answer_any_url(data: ExplorerData, params: dict[str, Any]) -> None:
    s = workshop.initial_state(params)
    workshop.show(data, s["deck"], s["slide"], s["step"])
    workshop.move(data, s["deck"], s["slide"], s["step"], 1)



# The caption of an exported view, from the URL (and, for the console, the query that ran).
CAPTIONS: dict[str, Callable[[ExplorerData, dict[str, Any]], list[str]]] = {
    "network": lambda data, params: captions.network_caption(data, network.initial_state(params), "status"),
    "pathways": lambda data, params: captions.pathway_caption(data, pathways.initial_state(params)),
    "theory": lambda data, params: captions.theory_caption(data, theory.initial_state(params)),
    "console": console.caption,
}


@pytest.mark.parametrize("page", sorted(CAPTIONS))
def test_export_captions_answer_any_url(data: ExplorerData, page: str) -> None:
    @examples(30)
    @given(query(page))
    def check(params: dict[str, Any]) -> None:
        lines = CAPTIONS[page](data, params)
        assert len(lines) >= 2 and all(isinstance(line, str) and line.strip() for line in lines), lines
        assert lines[-1].startswith("ptgraph · ")

    check()
