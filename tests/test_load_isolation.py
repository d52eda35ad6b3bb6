"""Loads and everyone else: readers see the old or the new review, loads wait for each other."""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path

from bench.corpus import write_review
from graph.load import load_package
from graph.stores.falkor_store import FalkorStore
from loaders.package import read_package
from tests.processes import cli, load_in_progress, start_cli, wait_until


def _counts(store: FalkorStore) -> tuple[int, int]:
    row = store.run("count_nodes")[0]
    return row["nodes"], row["relationships"]


def test_readers_never_see_a_half_loaded_review(store: FalkorStore, tmp_path: Path) -> None:
    big = read_package(write_review(tmp_path, "example", cmocs=150, seed=3))
    small = read_package("example")
    load_package(store, read_package("reco"))  # another review, copied into every staging graph
    load_package(store, small)
    states = {_counts(store)}
    load_package(store, big, replace=True)
    states.add(_counts(store))
    seen: set[tuple[int, int]] = set()
    stop = threading.Event()

    def read() -> None:
        with FalkorStore(store.graph_name) as reader:
            while not stop.is_set():
                seen.add(_counts(reader))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for package in (small, big, small, big):
            load_package(store, package, replace=True)
    finally:
        stop.set()
        reader.join()
    assert len(states) == 2 and seen <= states, f"readers saw {seen - states}"
    assert len(seen) == 2


def test_the_cli_refuses_other_content_in_one_sentence(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert cli(home, "load", "example").returncode == 0
    again = cli(home, "load", "example")
    assert again.returncode == 0 and "already loaded with this content; nothing to do" in again.stdout
    other = write_review(tmp_path, "example", cmocs=20)
    refused = cli(home, "load", str(other))
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines()[-1].startswith("Error: review 'example' is already loaded")
    assert "--replace" in refused.stderr and "Traceback" not in refused.stderr


def test_two_concurrent_loads_into_one_store_both_land(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = write_review(tmp_path, "first", cmocs=300, seed=1)
    second = write_review(tmp_path, "second", cmocs=300, seed=2)
    loads = [start_cli(home, "load", str(first)), start_cli(home, "load", str(second))]
    for proc in loads:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    stats = cli(home, "stats")
    assert "Reviews: first, second" in stats.stdout


def test_a_cli_write_during_a_load_waits_for_it_and_is_kept(tmp_path: Path) -> None:
    """``ptgraph query --write`` meets a load in progress: it says so if the load is stopped, waits
    for it otherwise, and lands in the graph the load swapped in."""
    home = tmp_path / "home"
    assert cli(home, "load", "example").returncode == 0
    big = write_review(tmp_path, "big", cmocs=300, seed=4)
    write = ("query", "--write", "CREATE (:Note {id: 'cli-write', reviewId: 'example'}) RETURN 1 AS ok")
    loader = start_cli(home, "load", str(big))
    wait_until(lambda: load_in_progress(home) or loader.poll() is not None, timeout=120, every=0.005)
    os.kill(loader.pid, signal.SIGSTOP)
    try:
        refused = cli(home, *write)
        writer = start_cli(home, *write)
    finally:
        os.kill(loader.pid, signal.SIGCONT)
    assert refused.returncode == 1 and "is stopped (SIGSTOP)" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr
    for proc in (loader, writer):
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    found = cli(home, "query", "--json", "MATCH (n:Note {id: 'cli-write'}) RETURN count(n) AS n")
    assert json.loads(found.stdout) == [{"n": 1}]
    assert "Reviews: big, example" in cli(home, "stats").stdout
