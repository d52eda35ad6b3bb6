"""The theory view's plain functions, without a browser."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import dash
import networkx as nx
import pytest

from dashboard.app import create_app
from dashboard.data import ExplorerData
from dashboard.pages import theory as theory_page
from dashboard.pages.theory import (
    detail_panel,
    layout,
    load_theory,
    pick_theory,
    selection_for,
    theory_view,
)
from dashboard.views import theory_layout as tl
from dashboard.views.elements import edge_id
from dashboard.views.theory_panels import theory_href
from graph.stores.falkor_store import FalkorStore
from loaders.package import read_package

CONCEPTS: dict[str, dict[str, Any]] = {
    "r:lead": {"name": "Leadership", "kind": "context"},
    "r:alone": {"name": "A lone context", "kind": "context"},
    "r:agenda": {"name": "Agenda", "kind": "resource"},
    "r:pathway": {"name": "Pathway", "kind": "resource"},
    "r:legit": {"name": "Legitimisation", "kind": "response"},
    "r:recovery": {"name": "Recovery", "kind": "outcome", "level": "distal"},
    "r:mystery": {"name": "Another outcome", "kind": "outcome"},
    "r:access": {"name": "Access", "kind": "outcome", "level": "proximal"},
    "r:coord": {"name": "Care co-ordination", "kind": "outcome", "levels": ["distal", "intermediate"]},
}
LINKS = [("r:alone", "r:pathway"), ("r:lead", "r:agenda"), ("r:agenda", "r:legit"), ("r:legit", "r:access"),
         ("r:access", "r:recovery")]


def texts(component) -> Iterator[str]:
    """Every string shown by a Dash component tree."""
    if isinstance(component, str):
        yield component
    elif isinstance(component, list | tuple):
        for child in component:
            yield from texts(child)
    elif component is not None and hasattr(component, "children"):
        yield from texts(component.children)


def ids(component) -> Iterator[str]:
    """Every component id in a Dash component tree."""
    if isinstance(component, list | tuple):
        for child in component:
            yield from ids(child)
    elif component is not None and hasattr(component, "to_plotly_json"):
        if getattr(component, "id", None):
            yield component.id
        yield from ids(getattr(component, "children", None))


def test_positions_put_each_kind_in_its_own_column_left_to_right() -> None:
    positions = tl.column_positions(CONCEPTS, LINKS)
    columns = {cid: round(x / tl.COLUMN_GAP) for cid, (x, _) in positions.items()}
    assert columns == {"r:lead": 0, "r:alone": 0, "r:agenda": 1, "r:pathway": 1, "r:legit": 2,
                       "r:recovery": 3, "r:mystery": 3, "r:access": 3, "r:coord": 3}


def test_outcomes_go_proximal_intermediate_distal_then_unknown() -> None:
    order = tl.column_order(CONCEPTS, LINKS)
    assert order[3] == ["r:access", "r:coord", "r:recovery", "r:mystery"]
    assert tl.outcome_level({"levels": ["distal", "intermediate"]}) == 1  # its earliest level in this PT
    assert tl.outcome_level({"level": "distal", "levels": ["proximal"]}) == 2  # the concept's own level wins


def test_rows_spread_evenly_and_follow_their_neighbours() -> None:
    positions = tl.column_positions(CONCEPTS, LINKS)
    height = 4 * tl.ROW_GAP  # the outcome column is the tallest
    assert positions["r:legit"][1] == height / 2  # a lone concept sits in the middle
    assert [positions[c][1] for c in ("r:alone", "r:lead")] == [height / 4, 3 * height / 4]
    # contexts go by name; resources follow the context each is linked to, so arrows do not cross
    assert tl.column_order(CONCEPTS, LINKS)[:2] == [["r:alone", "r:lead"], ["r:pathway", "r:agenda"]]


def test_layout_is_deterministic_whatever_the_input_order() -> None:
    first = tl.column_positions(CONCEPTS, LINKS)
    items, links = list(CONCEPTS.items()), list(LINKS)
    for seed in range(5):
        random.Random(seed).shuffle(items)
        random.Random(seed).shuffle(links)
        assert tl.column_positions(dict(items), links) == first


def test_elements_have_positions_headers_and_link_classes() -> None:
    G = nx.MultiDiGraph()
    G.add_nodes_from((cid, {"label": "X", **attrs}) for cid, attrs in CONCEPTS.items())
    for a, b, polarity, theory in [("r:lead", "r:agenda", "positive", "r:pt6"),
                                   ("r:access", "r:recovery", "negative", "r:pt6"),
                                   ("r:agenda", "r:legit", "positive", "r:pt7")]:
        G.add_edge(a, b, key=polarity, polarity=polarity, theories=[theory], cmocs=["r:c1"])
    elements = tl.theory_elements(G, "r:pt6", CONCEPTS)
    by_id = {e["data"]["id"]: e for e in elements}
    headers = [e for e in elements if e["data"].get("header")]
    assert [h["data"]["label"].split()[0] for h in headers] == [
        "Context", "Mechanism:", "Mechanism:", "Outcome"]
    assert all(h["position"]["y"] < 0 for h in headers)
    assert by_id["r:mystery"]["position"] == {"x": 3 * tl.COLUMN_GAP, "y": 3.5 * tl.ROW_GAP}
    assert by_id["r:coord"]["data"]["label"] == "Care co-ordination\n(intermediate)"
    assert by_id["r:mystery"]["data"]["label"] == "Another outcome"  # level unknown
    assert edge_id("r:agenda", "r:legit", "positive") not in by_id  # another PT's link
    negative = by_id[edge_id("r:access", "r:recovery", "negative")]
    assert negative["classes"].split() == ["negative", "theory-only", "same-column"]  # no evidence: dotted
    assert by_id[edge_id("r:lead", "r:agenda", "positive")]["classes"] == "positive theory-only"


def test_picker_lists_refined_then_initial_then_draft() -> None:
    rows: list[dict[str, Any]] = [
        {"id": "r:draft6", "stage": "draft", "name": "Leadership"},
        {"id": "r:ipt6", "stage": "initial", "number": 6, "name": "PT 6: opinion leaders"},
        {"id": "r:overall", "stage": "refined", "name": "Overall programme theory"},
        {"id": "r:pt10", "stage": "refined", "number": 10, "shortTitle": "PT 10: trauma-informed care"},
        {"id": "r:pt6", "stage": "refined", "number": 6, "shortTitle": "PT 6: opinion leaders"}]
    assert tl.theory_choices(rows) == [
        {"label": "PT 6: opinion leaders", "value": "r:pt6"},
        {"label": "PT 10: trauma-informed care", "value": "r:pt10"},
        {"label": "Overall programme theory", "value": "r:overall"},
        {"label": "Initial PT 6: opinion leaders", "value": "r:ipt6"},
        {"label": "Draft PT: Leadership", "value": "r:draft6"}]
    assert tl.theory_label({"id": "r:x", "number": 3, "name": "Collaboration"}) == "PT 3: Collaboration"


def test_lineage_runs_draft_initial_refined_with_several_ancestors_or_none() -> None:
    rows: list[dict[str, Any]] = [
        {"id": "r:pt8", "stage": "refined", "number": 8, "refines": ["r:ipt8"]},
        {"id": "r:draft8", "stage": "draft", "refines": []},
        {"id": "r:ipt8", "stage": "initial", "number": 8, "refines": ["r:draft8", "r:draft12", "r:draft7"]},
        {"id": "r:draft12", "stage": "draft", "refines": []},
        {"id": "r:draft7", "stage": "draft", "refines": []}]
    stages = tl.lineage_stages(rows, "r:ipt8")
    assert [(stage, [m["id"] for m in members]) for stage, members in stages] == [
        ("draft", ["r:draft12", "r:draft7", "r:draft8"]), ("initial", ["r:ipt8"]), ("refined", ["r:pt8"])]
    assert stages[1][1][0]["current"] and not stages[2][1][0]["current"]
    assert stages[1][1][0]["refines"] == ["r:draft12", "r:draft7", "r:draft8"]
    alone = tl.lineage_stages([{"id": "r:overall", "stage": "refined", "refines": []}], "r:overall")
    assert [(s, [m["id"] for m in ms]) for s, ms in alone] == [("refined", ["r:overall"])]
    assert theory_href("reco:pt6", "/theory") == "/theory?theory=reco:pt6"


def test_notes_and_framing_are_grouped_by_kind() -> None:
    notes = [{"id": "n1", "kind": "curation"}, {"id": "n2", "kind": "rigour"},
             {"id": "n3", "kind": "curation"}, {"id": "n4", "kind": "inconsistency"},
             {"id": "n5", "kind": "other"}]
    groups = tl.group_notes(notes)
    assert list(groups) == ["rigour", "inconsistency", "curation", "other"]
    assert [n["id"] for n in groups["curation"]] == ["n1", "n3"]
    assert tl.group_notes([]) == {}
    context = tl.group_context([{"kind": "formal_theory", "id": "b", "name": "SELFIE"},
                                {"kind": "formal_theory", "id": "a", "name": "NPT"},
                                {"kind": "domain", "id": "d", "name": "Workforce"}])
    assert list(context) == ["domain", "formal_theory"]
    assert [r["name"] for r in context["formal_theory"]] == ["NPT", "SELFIE"]
    assert tl.locator({"section": "Refined programme theory 6: leadership", "paragraph": 4}) == (
        "Refined programme theory 6: leadership, paragraph 4")


def find_component(root, component_id: str):
    if getattr(root, "id", None) == component_id:
        return root
    children = getattr(root, "children", None)
    for child in children if isinstance(children, list) else [children]:
        found = find_component(child, component_id) if child is not None else None
        if found is not None:
            return found
    return None


def test_pickers_follow_the_url_then_the_current_choice() -> None:
    wanted = find_component(theory_page.layout(theory="reco:pt6"), "theory-review-wanted")
    assert wanted.data == "reco"  # the review picker waits for the theory's own review
    pts = [{"label": "PT 1", "value": "reco:pt1"}, {"label": "PT 6", "value": "reco:pt6"}]
    assert pick_theory(pts, None, "reco:pt6") == "reco:pt6"
    assert pick_theory(pts, "reco:pt1", "reco:pt6") == "reco:pt1"
    assert pick_theory(pts, "gone:pt9", None) == "reco:pt1"
    assert pick_theory([], None, "reco:pt6") is None
    header = {"id": "__column__context", "header": True}
    assert selection_for("theory-graph.tapNodeData", header, None) is None
    assert selection_for("x-graph.tapNodeData", {"id": "a"}, None) == {"type": "node", "id": "a"}
    assert selection_for("x-graph.tapEdgeData", {"id": "a"}, {"id": "e"}) == {"type": "edge", "id": "e"}


@pytest.fixture
def data(reco_store: FalkorStore) -> ExplorerData:
    return ExplorerData(reco_store)


def test_view_of_the_leadership_pt_shows_its_cmocs_and_verbatim_evidence(data: ExplorerData) -> None:
    view = load_theory(data, "reco:pt6")
    assert view is not None and view.theory["shortTitle"] == "PT 6: opinion leaders"
    package = read_package("reco")
    cmocs = {c.id for c in package.cmocs if c.theory == "pt6"}
    assert {c["id"] for c in view.cmocs} == {f"reco:{c}" for c in cmocs} and len(cmocs) >= 1
    expected = [e.text for e in package.evidence if set(e.supports + e.challenges) & cmocs]
    shown = list(texts(theory_view(data, "reco:pt6", "theory")))
    assert expected and all(text in shown for text in expected)  # whole strings, never shortened
    assert "SP84, staff, Case Study E" in " ".join(shown)
    assert [m["id"] for m in view.lineage if m["id"] != "reco:pt6"] == ["reco:draft6", "reco:ipt6"]
    assert {"rigour", "inconsistency", "curation"} <= {n["kind"] for n in view.notes}
    assert {"reco:ft-selfie", "reco:selfie-leadership-governance", "reco:committed-leadership"} <= {
        r["id"] for r in view.context}


def test_view_ids_carry_the_prefix_so_two_views_can_coexist(data: ExplorerData) -> None:
    found = list(ids(theory_view(data, "reco:pt6", "workshop")))
    assert "workshop-graph" in found and "workshop-detail" in found and "workshop-lineage" in found
    assert all(i.startswith("workshop-") for i in found), found
    assert getattr(theory_view(data, "reco:pt6", "workshop"), "id", None) == "workshop-view"
    missing = theory_view(data, "reco:nothing", "theory")
    assert "No programme theory “reco:nothing” in this store." in list(texts(missing))


def test_tapping_a_concept_or_link_lists_its_place_and_evidence_in_this_pt(data: ExplorerData) -> None:
    view = load_theory(data, "reco:pt6")
    concept = list(texts(detail_panel(view, {"type": "node", "id": "reco:committed-leadership"}, "theory")))
    assert "Committed leadership across organisations" in concept
    assert "“senior managers need ‘clout to get things done’”" in concept  # the PT's own wording
    assert "clout to get things done" in concept  # SP84's quote, verbatim
    link = edge_id("reco:committed-leadership", "reco:unfeasible-targets", "negative")
    shown = list(texts(detail_panel(view, {"type": "edge", "id": link}, "theory")))
    assert any("(disconfirming)" in s for s in shown)
    assert ("Senior managers without understanding set unfeasible targets, reducing staff motivation "
            "and engagement") in shown
    assert "Click a concept" in str(detail_panel(view, None, "theory"))


def test_page_reads_its_theory_from_the_url(reco_store: FalkorStore) -> None:
    app = create_app(reco_store)
    page = layout(theory="reco:pt6")
    store = next(c for c in page.children if getattr(c, "id", None) == "theory-initial")
    assert store.data == "reco:pt6"
    assert any(p["path"] == "/theory" for p in dash.page_registry.values())
    assert app.server.test_client().get("/theory?theory=reco:pt6").status_code == 200
