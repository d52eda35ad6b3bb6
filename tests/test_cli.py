"""The ``ptgraph`` command line, run as separate processes like a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from graph.stores import embedded

PTGRAPH = [sys.executable, "-m", "cli"]


def ptgraph(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PTGRAPH, *args], env=env, capture_output=True, text=True, timeout=120,
                          check=False)


def count(env: dict[str, str], cypher: str) -> int:
    done = ptgraph(env, "query", "--json", cypher)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)[0]["n"]


def test_load_then_query_from_another_process(cli_env: dict[str, str]) -> None:
    loaded = ptgraph(cli_env, "load", "example")
    assert loaded.returncode == 0, loaded.stderr
    assert "Loaded review 'example'" in loaded.stdout
    assert count(cli_env, "MATCH (p:ProgrammeTheory) RETURN count(p) AS n") == 2


def test_paths_cross_two_theories_through_a_shared_concept(cli_env: dict[str, str]) -> None:
    ptgraph(cli_env, "load", "example")
    done = ptgraph(cli_env, "paths", "attitudes", "engagement", "--max-hops", "5", "--json")
    assert done.returncode == 0, done.stderr
    chains = json.loads(done.stdout)
    crossing = [c for c in chains if {"example:pt2", "example:pt5"} <= set(c["theories"])]
    assert crossing, chains
    names = [n["name"] for n in crossing[0]["nodes"]]
    assert "Therapeutic relationship" in names
    assert all("evidenceCount" in link for link in crossing[0]["links"])
    text = ptgraph(cli_env, "paths", "attitudes", "engagement", "--max-hops", "5").stdout
    assert "→ Engagement in treatment" in text and "evidence]" in text
    assert "across PT 2, PT 5" in text  # PTs by number, not by id


def test_write_query_is_refused_and_nothing_is_written(cli_env: dict[str, str]) -> None:
    done = ptgraph(cli_env, "query", "CREATE (:X)")
    assert done.returncode != 0
    assert "read-only" in done.stderr and "Traceback" not in done.stderr
    assert count(cli_env, "MATCH (n:X) RETURN count(n) AS n") == 0


def test_write_flag_allows_writes(cli_env: dict[str, str]) -> None:
    assert ptgraph(cli_env, "query", "--write", "CREATE (:Note {id: $id})", "-p", "id=n1").returncode == 0
    assert count(cli_env, "MATCH (n:Note {id: 'n1'}) RETURN count(n) AS n") == 1


def test_broken_package_lists_every_problem_and_writes_nothing(
        cli_env: dict[str, str], broken_package: Path) -> None:
    ptgraph(cli_env, "load", "example")
    before = count(cli_env, "MATCH (n) RETURN count(n) AS n")
    for command in ("validate", "load"):
        done = ptgraph(cli_env, command, str(broken_package))
        assert done.returncode == 1
        assert "problems found" in done.stderr and "Traceback" not in done.stderr
        assert "cmocs.yaml:20: pt5-synthesis: unknown theory (PT reference) 'pt55'" in done.stderr
        assert "theories.yaml:30: duplicate id 'pt2'" in done.stderr
    assert count(cli_env, "MATCH (n) RETURN count(n) AS n") == before


def test_loading_twice_gives_the_same_counts(cli_env: dict[str, str]) -> None:
    ptgraph(cli_env, "load", "example")
    first = ptgraph(cli_env, "stats").stdout
    ptgraph(cli_env, "load", "example")
    assert ptgraph(cli_env, "stats").stdout == first
    assert "ProgrammeTheory" in first


def test_bad_parameter_is_a_usage_error(cli_env: dict[str, str]) -> None:
    done = ptgraph(cli_env, "query", "RETURN 1", "--param", "novalue")
    assert done.returncode == 2 and "not key=value" in done.stderr


def test_no_server_is_left_when_the_last_command_exits(tmp_path: Path, cli_env: dict[str, str]) -> None:
    env = {**cli_env, "PTGRAPH_HOME": str(tmp_path / "fresh")}
    assert ptgraph(env, "load", "example").returncode == 0
    assert count(env, "MATCH (p:ProgrammeTheory) RETURN count(p) AS n") == 2
    assert embedded.running_server(tmp_path / "fresh") is None
