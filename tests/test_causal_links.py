"""get_causal_links looks each link's CMOCs up by id: the same rows as the old links × CMOCs scan."""

from __future__ import annotations

from graph.stores.falkor_store import FalkorStore

# The statement before the index join: for every link it scanned every CMOC (links × CMOCs).
SCAN_EVERY_CMOC = """MATCH (a)-[r:LEADS_TO]->(b)
WHERE $review IS NULL OR r.reviewId = $review
OPTIONAL MATCH (e:Evidence)-[:SUPPORTS]->(c:CMOC)
WHERE c.id IN r.cmocs
WITH a, r, b, collect(DISTINCT e.id) AS evidence
RETURN a.id AS source, b.id AS target, r.polarity AS polarity, r.theories AS theories,
       r.cmocs AS cmocs, r.theoryOnly AS theoryOnly, evidence"""


def normalised(rows: list[dict]) -> list[tuple]:
    return sorted((r["source"], r["target"], r["polarity"], tuple(r["theories"] or ()),
                   tuple(r["cmocs"] or ()), r["theoryOnly"], tuple(sorted(r["evidence"]))) for r in rows)


def test_same_rows_as_the_scan_on_reco(reco_store: FalkorStore) -> None:
    for review in (None, "reco"):
        new = reco_store.run("get_causal_links", {"review": review})
        old = reco_store.run_text(SCAN_EVERY_CMOC, {"review": review})
        assert len(new) == len(old) > 300
        assert normalised(new) == normalised(old)
    assert any(not r["evidence"] for r in new), "RECO has links whose CMOCs have no evidence"
    assert any(len(r["evidence"]) > 3 for r in new)


def test_a_link_without_cmocs_is_kept_with_no_evidence(example_store: FalkorStore) -> None:
    example_store.run_text("CREATE (:Context {id: 'x:a', reviewId: 'x'})-[:LEADS_TO {polarity: 'positive', "
                           "reviewId: 'x', cmocs: [], theories: []}]->(:Outcome {id: 'x:b', reviewId: 'x'})")
    rows = example_store.run("get_causal_links", {"review": "x"})
    assert [(r["source"], r["target"], r["evidence"]) for r in rows] == [("x:a", "x:b", [])]
    assert normalised(rows) == normalised(example_store.run_text(SCAN_EVERY_CMOC, {"review": "x"}))
