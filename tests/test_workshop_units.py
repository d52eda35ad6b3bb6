"""Workshop mode without a browser: decks, navigation, what a slide shows at each step."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import networkx as nx
import pytest
from dash import no_update

import cypher
from dashboard.data import ExplorerData
from dashboard.pages.workshop import (
    DATA_CHANGED,
    changed_token,
    fingerprint,
    layout,
    live_frame,
    move,
    show,
    unhandled_presses,
    updated_marker,
)
from dashboard.views import deck as dk
from dashboard.views.elements import edge_id
from dashboard.views.workshop_view import (
    QUOTES_PER_HOP,
    SlideUnavailable,
    chain_for,
    fitting_quotes,
    network_elements,
    progress_text,
    reference_problems,
    render_slide,
    reveal,
    slide_steps,
    step_heading,
)
from graph.stores.falkor_store import FalkorStore

SLIDE = "  - title: {title}\n    view: {view}\n"


def deck_text(*slides: str, head: str = "title: Test deck\n") -> str:
    return head + "slides:\n" + "".join(slides)


@pytest.fixture
def G() -> nx.MultiDiGraph:
    """lead → legit → eng (PT 6, PT 11), lead → support → eng (PT 3), and a negative lead ⇢ eng."""
    g = nx.MultiDiGraph()
    g.add_node("r:lead", label="Context", kind="context", name="Committed leadership")
    g.add_node("r:legit", label="Mechanism", kind="response", name="Legitimisation")
    g.add_node("r:support", label="Mechanism", kind="resource", name="Specialist support")
    g.add_node("r:eng", label="Outcome", kind="outcome", name="Engagement")
    for a, b, theory, evidence in [("r:lead", "r:legit", "r:pt6", ["r:q1", "r:q2"]),
                                   ("r:legit", "r:eng", "r:pt11", ["r:q2"]),
                                   ("r:lead", "r:support", "r:pt3", ["r:q3"]),
                                   ("r:support", "r:eng", "r:pt3", ["r:q3"])]:
        g.add_edge(a, b, key="positive", polarity="positive", theories=[theory], cmocs=["r:c1"],
                   evidence=evidence)
    g.add_edge("r:lead", "r:eng", key="negative", polarity="negative", theories=["r:pt6"], cmocs=["r:c3"],
               evidence=[])
    return g


def pathway_deck(via: str = "[]", chain: int = 0) -> dk.Deck:
    chain_view = f"{{pathway: {{from: leader, to: engage, via: {via}, chain: {chain}}}}}"
    return dk.parse_deck(deck_text(
        SLIDE.format(title="Opening", view="{theory: r:pt6}"),
        SLIDE.format(title="Chain", view=chain_view),
        SLIDE.format(title="All", view="{network: {theory: null}}")), "test.yaml")


def test_reco_deck_tells_the_story_and_every_reference_resolves(reco_store: FalkorStore) -> None:
    deck = dk.load_deck("reco")
    assert "reco" in dk.deck_names() and len(deck.slides) == 8
    assert {s.view.kind for s in deck.slides} == {"theory", "pathway", "query", "network"}
    data = ExplorerData(reco_store)
    saved = [name.split("/", 1)[1] for name in cypher.names("saved")]
    theory_ids = [t["id"] for t in data.theories("reco")]
    assert reference_problems(deck, data.graph("reco"), theory_ids, saved) == []
    chain = chain_for(data.graph("reco"), deck.slides[1].view.pathway)  # type: ignore[arg-type]
    assert [n.split(":")[1] for n in chain.nodes] == ["committed-leadership", "sustained-expectations",
                                                      "legitimisation", "engagement"]


@pytest.mark.parametrize(("text", "expected"), [
    ("title: [unclosed\n", "bad.yaml: not valid YAML at line 2"),
    ("- just a list\n", "bad.yaml: a deck is a mapping with a title and slides, not list"),
    (deck_text(SLIDE.format(title="A", view="{theory: r:pt6}"), "  - view: {theory: r:pt6}\n"),
     "bad.yaml, slide 2: title: is required but missing"),
    (deck_text("  - title: A\n    captoin: hi\n    view: {theory: r:pt6}\n"),
     "bad.yaml, slide 1 (“A”): captoin: is not a known field (typo?)"),
    (deck_text(SLIDE.format(title="Two", view="{theory: r:pt6, network: {}}")),
     "bad.yaml, slide 1 (“Two”): view: give exactly one of theory, pathway, query, network "
     "(found: theory, network)"),
    (deck_text(SLIDE.format(title="Chart", view="{chart: r:pt6}")),
     "bad.yaml, slide 1 (“Chart”): view: give exactly one of theory, pathway, query, network (found: chart)"),
    (deck_text(SLIDE.format(title="Blank", view="{theory: }")),
     "bad.yaml, slide 1 (“Blank”): view: theory needs a value"),
    (deck_text(SLIDE.format(title="Far", view="{pathway: {from: a, to: b, max_hops: 12}}")),
     "bad.yaml, slide 1 (“Far”): view → pathway → max_hops: input should be less than or equal to 8"),
    (deck_text(SLIDE.format(title="Half", view="{pathway: {from: a}}")),
     "bad.yaml, slide 1 (“Half”): view → pathway → to: is required but missing"),
    (deck_text(SLIDE.format(title="Q", view="{query: {params: {}}}")),
     "bad.yaml, slide 1 (“Q”): view → query → name: is required but missing"),
    ("title: Empty\nslides: []\n", "bad.yaml: slides: list should have at least 1 item"),
])
def test_each_deck_mistake_is_named_with_file_and_slide(text: str, expected: str) -> None:
    with pytest.raises(dk.DeckError) as caught:
        dk.parse_deck(text, "bad.yaml")
    assert any(problem.startswith(expected) for problem in caught.value.problems), caught.value.problems


def test_decks_are_found_by_name_only(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(deck_text(SLIDE.format(title="All", view="{network: }")))
    mine = dk.load_deck("mine", tmp_path)
    assert mine.slides[0].view.kind == "network" and mine.slides[0].view.network == dk.NetworkView()
    for name in ("nope", "../mine", ""):
        with pytest.raises(dk.DeckError, match="no deck named .* \\(available: mine\\)"):
            dk.load_deck(name, tmp_path)


def test_a_facilitators_own_decks_come_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "reco.yaml").write_text(deck_text(SLIDE.format(title="Ours", view="{network: }")))
    (tmp_path / "extra.yaml").write_text("title: [unclosed\n")
    monkeypatch.setenv("PTGRAPH_DECKS", str(tmp_path))
    assert dk.load_deck("reco").slides[0].title == "Ours"
    assert {"reco", "extra"} <= set(dk.deck_names())
    with pytest.raises(dk.DeckError, match=f"{tmp_path / 'extra.yaml'}: not valid YAML at line"):
        dk.load_deck("extra")
    monkeypatch.delenv("PTGRAPH_DECKS")
    assert len(dk.load_deck("reco").slides) == 8


def test_next_walks_every_hop_then_the_next_slide_and_stops_at_the_end() -> None:
    steps = [1, 4, 1]
    position, walked = (1, 0), []
    for _ in range(7):
        position = dk.navigate(*position, 1, steps)
        walked.append(position)
    assert walked == [(2, 0), (2, 1), (2, 2), (2, 3), (3, 0), (3, 0), (3, 0)]


def test_quick_presses_all_count() -> None:
    assert dk.navigate(1, 0, 3, [1, 4, 1]) == (2, 2) and dk.navigate(3, 0, -2, [1, 4, 1]) == (2, 2)
    assert dk.navigate(1, 0, 9, [1, 4, 1]) == (3, 0)
    assert unhandled_presses(3, 0, {"next": 0, "prev": 0}) == 3  # three presses before the first move landed
    assert unhandled_presses(3, 2, {"next": 3, "prev": 0}) == -2
    assert unhandled_presses(None, None, None) == 0  # the first load only clamps


def test_previous_lands_on_a_fully_revealed_chain_and_stops_at_the_start() -> None:
    steps = [1, 4, 1]
    assert dk.navigate(3, 0, -1, steps) == (2, 3)
    assert dk.navigate(2, 1, -1, steps) == (2, 0)
    assert dk.navigate(2, 0, -1, steps) == (1, 0)
    assert dk.navigate(1, 0, -1, steps) == (1, 0)
    assert dk.navigate(7, 9, 0, steps) == (3, 0)  # a stale URL is clamped, not an error
    assert dk.clamp(2, 9, steps) == (2, 3) and dk.clamp(0, -1, steps) == (1, 0)


def test_a_chain_is_revealed_one_hop_at_a_time_without_moving(G) -> None:
    chain = chain_for(G, pathway_deck("[legitimisation]").slides[1].view.pathway)  # type: ignore[arg-type]
    assert chain.nodes == ("r:lead", "r:legit", "r:eng")
    shown = []
    for step in range(4):
        elements, hops = reveal(G, chain, step)
        highlighted = {e["data"]["id"] for e in elements if "highlight" in e["classes"].split()}
        unrevealed = {e["data"]["id"] for e in elements if "unrevealed" in e["classes"].split()}
        shown.append((highlighted, unrevealed, len(hops)))
        placed = {e["data"]["id"]: tuple(e["position"].values()) for e in elements if "position" in e}
        assert placed == {"r:lead": (0.0, 0.0), "r:legit": (240.0, 170.0), "r:eng": (480.0, 340.0)}
    first, second = edge_id("r:lead", "r:legit", "positive"), edge_id("r:legit", "r:eng", "positive")
    assert shown[0] == ({"r:lead"}, {"r:legit", "r:eng", first, second}, 0)
    assert shown[1] == ({"r:lead", "r:legit", first}, {"r:eng", second}, 1)
    assert shown[2] == ({"r:lead", "r:legit", "r:eng", first, second}, set(), 2)
    assert shown[3] == shown[2]  # past the last hop nothing more appears
    assert step_heading(G, chain, 0).startswith("How does “Committed leadership” lead to “Engagement”?")
    assert step_heading(G, chain, 2) == "Hop 2 of 2: Legitimisation → Engagement"


def test_chain_choice_and_its_problems(G) -> None:
    assert chain_for(G, pathway_deck(chain=1).slides[1].view.pathway).nodes[1] == "r:support"  # type: ignore[arg-type]
    with pytest.raises(SlideUnavailable, match="No chain number 0 .* through “funding” \\(0 found\\)"):
        chain_for(G, pathway_deck("[funding]").slides[1].view.pathway)  # type: ignore[arg-type]
    steps = slide_steps(G, pathway_deck("[legitimisation]"))
    assert steps == [1, 3, 1]
    assert progress_text(2, 1, steps) == "2 / 3 · 1 of 2 hops shown" and progress_text(3, 0, steps) == "3 / 3"
    assert slide_steps(G, pathway_deck("[funding]")) == [1, 1, 1]  # an unavailable chain is one step


def test_reference_problems_name_the_slide(G) -> None:
    deck = dk.parse_deck(deck_text(
        SLIDE.format(title="Missing PT", view="{theory: r:pt99}"),
        SLIDE.format(title="Nowhere", view="{pathway: {from: leader, to: engage, via: [budget]}}"),
        SLIDE.format(title="Query", view="{query: {name: no_such_query}}"),
        SLIDE.format(title="Net", view="{network: {theory: r:pt6}}")), "t.yaml")
    problems = reference_problems(deck, G, ["r:pt6"], ["list_shared_concepts"])
    assert problems[0] == "slide 1 (“Missing PT”): no programme theory with id “r:pt99”"
    assert problems[1] == "slide 2 (“Nowhere”): no concept matches “budget”"
    assert problems[2].startswith("slide 2 (“Nowhere”): No chain number 0")
    assert problems[3] == "slide 3 (“Query”): no saved query named “no_such_query”"
    assert len(problems) == 4


def test_network_slide_filters_by_theory_and_polarity(G) -> None:
    elements, status = network_elements(G, dk.NetworkView(theory="r:pt6", include_negative=False))
    assert status.startswith("2 concepts, 1 link · key concepts")  # the network page's readable overview
    assert all("position" in e for e in elements if "source" not in e["data"])  # placed on the server
    assert network_elements(G, dk.NetworkView())[1].startswith("4 concepts, 5 links")
    focus, status = network_elements(G, dk.NetworkView(focus="legitim", depth=1))
    assert "Neighbourhood of “Legitimisation”" in status
    assert {e["data"]["id"] for e in focus if "source" not in e["data"]} == {"r:lead", "r:legit", "r:eng"}
    with pytest.raises(SlideUnavailable, match="No concept matches 'budget'"):
        network_elements(G, dk.NetworkView(focus="budget"))


def test_live_poll_redraws_only_when_the_slide_changed(reco_store: FalkorStore) -> None:
    data, noon = ExplorerData(reco_store), datetime(2024, 5, 1, 12, 0, 5)
    first = live_frame(data, "reco", 2, 3, [], None, noon)  # the first drawing
    assert first[1] == "2 / 8 · 3 of 3 hops shown" and first[5] == "updated 12:00:05"
    drawn = first[4]
    assert drawn == {"token": reco_store.change_token(), "fingerprint": fingerprint(first[0])}
    assert changed_token(reco_store.change_token(), drawn) is no_update  # the poll stays quiet
    reco_store.query("MATCH (r:Review {id: $id}) SET r.workshopNote = $note", {"id": "reco", "note": "x"},
                     write=True)  # an edit this slide does not show: only the drawn-at token moves on
    assert changed_token(reco_store.change_token(), drawn) == reco_store.change_token()
    elsewhere = live_frame(data, "reco", 2, 3, [DATA_CHANGED], drawn, noon)
    assert elsewhere[:4] == (no_update,) * 4 and elsewhere[5] is no_update
    assert elsewhere[4] == {"token": reco_store.change_token(), "fingerprint": drawn["fingerprint"]}
    reco_store.query("MATCH (c:Mechanism {id: $id}) SET c.name = $name",
                     {"id": "reco:legitimisation", "name": "Legitimacy, renamed live"}, write=True)
    changed = live_frame(data, "reco", 2, 3, [DATA_CHANGED], elsewhere[4], datetime(2024, 5, 1, 12, 0, 7))
    assert "Legitimacy, renamed live" in str(changed[0]) and changed[5] == "updated 12:00:07"
    moved = live_frame(data, "reco", 3, 0, ["workshop-slide-no.data"], changed[4], noon)
    assert moved[1] == "3 / 8 · 0 of 3 quotes shown"  # moving always draws
    assert updated_marker(datetime(2024, 5, 1, 9, 5, 3)) == "updated 09:05:03"


def test_layout_reads_its_position_from_the_url() -> None:
    frame = layout(deck="reco", slide="3", step="2")
    stores = {c.id: c.data for c in frame.children if getattr(c, "data", None) is not None}
    assert stores["workshop-deck"] == "reco" and stores["workshop-slide-no"] == 3
    assert stores["workshop-step-no"] == 2
    defaults = {c.id: c.data for c in layout().children if getattr(c, "data", None) is not None}
    assert defaults["workshop-deck"] == "reco" and defaults["workshop-slide-no"] == 1


def test_slides_on_the_reco_review(reco_store: FalkorStore) -> None:
    data = ExplorerData(reco_store)
    assert move(data, "reco", 1, 0, 1) == (1, 1)  # the theory slide's first quote
    assert move(data, "reco", 1, 3, 1) == (2, 0) and move(data, "reco", 2, 3, 1) == (3, 0)
    assert move(data, "reco", 3, 0, -1) == (2, 3)
    body, progress, at_start, at_end = show(data, "reco", 2, 1)
    assert progress == "2 / 8 · 1 of 3 hops shown" and not at_start and not at_end
    text = str(body)
    assert text.count("'workshop-hop'") == 1
    assert "Hop 1 of 3: Committed leadership across organisations" in text
    hop = chain_for(data.graph("reco"), dk.load_deck("reco").slides[1].view.pathway).hops[0]  # type: ignore[arg-type]
    quotes = data.evidence(hop.cmocs, only=set(hop.evidence))
    shown = fitting_quotes(quotes)
    assert shown and all(q["text"] in text for q in shown) and len(shown) <= QUOTES_PER_HOP  # verbatim
    if len(quotes) > len(shown):  # the rest are counted, never silently dropped
        assert f"and {len(quotes) - len(shown)} more evidence item" in text
    assert "Facilitator: " in text
    theory = str(show(data, "reco", 1, 0)[0])
    assert "workshop-graph" in theory and "PT 6" in theory
    query = str(show(data, "reco", 7, 0)[0])
    assert "10 rows" in query and "workshop-table" in query
    assert "Committed leadership across organisations" in query
    network = show(data, "reco", 8, 0)
    assert network[1] == "8 / 8" and network[3] and "of 71 concepts" in str(network[0])
    first_quote = show(data, "reco", 1, 1)
    assert first_quote[1] == "1 / 8 · 1 of 3 quotes shown" and "Quote 1 of 3 · " in str(first_quote[0])
    error = str(show(data, "missing", 1, 0)[0])
    assert "There is no deck named “missing” (available: reco" in error


def test_a_slide_that_cannot_be_drawn_says_why(reco_store: FalkorStore) -> None:
    data = ExplorerData(reco_store)
    deck = dk.parse_deck(deck_text(
        SLIDE.format(title="Query", view="{query: {name: no_such_query}}"),
        SLIDE.format(title="Chain", view="{pathway: {from: leadership, to: no such outcome}}")), "t.yaml")
    missing_query = str(render_slide(data, deck, 1, 0))
    assert "There is no saved query named “no_such_query” in cypher/saved." in missing_query
    assert "No concept matches 'no such outcome'." in str(render_slide(data, deck, 2, 0))


def test_a_slide_drawn_after_a_write_shows_the_new_data(reco_store: FalkorStore) -> None:
    data = ExplorerData(reco_store)
    before = reco_store.change_token()
    assert "Role legitimacy, renamed live" not in str(show(data, "reco", 2, 3)[0])
    reco_store.query("MATCH (c:Mechanism {id: $id}) SET c.name = $name",
                     {"id": "reco:legitimisation", "name": "Role legitimacy, renamed live"}, write=True)
    assert reco_store.change_token() != before
    assert "Role legitimacy, renamed live" in str(show(data, "reco", 2, 3)[0])
