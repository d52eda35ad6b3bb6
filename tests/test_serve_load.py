"""A short run of the serving load benchmark (bench/bench_serve_load.py): 5 users for 5 s, 0 errors.

It starts a real ``ptgraph serve`` (waitress, guard on), sends the renderer's real requests and
loads another review meanwhile; the full 30-user, 60-second run and its numbers are in
docs/serving.md.
"""

from __future__ import annotations

from bench import bench_serve_load


def test_five_users_for_five_seconds_during_a_load_see_no_errors() -> None:
    results = bench_serve_load.main(["--users", "5", "--seconds", "5", "--load-cmocs", "200",
                                      "--alone", "1"])
    tally = results["tally"]
    assert tally.errors() == 0, dict(tally.problems)
    assert set(tally.latencies) == set(bench_serve_load.WEIGHTS)  # every kind of request was made
    assert sum(len(v) for v in tally.latencies.values()) >= 25
    assert results["load"]["code"] == 0, results["load"]
    assert results["load"]["said"][0].startswith("Loaded review 'synth-serve-load'")
