"""The ``ptgraph`` command line, run as separate processes like a user would.

Tests taking ``any_cli_env`` run once on the embedded store and once on the session's real
Neo4j, named with ``--uri`` as a person would (the password comes from NEO4J_PASSWORD).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from graph.stores import embedded
from tests import neo4j_server
from tests.browser import free_port
from tests.processes import ptgraph


def count(env: dict[str, str], cypher: str) -> int:
    done = ptgraph(env, "query", "--json", cypher)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)[0]["n"]


def test_load_then_query_from_another_process(any_cli_env: dict[str, str]) -> None:
    loaded = ptgraph(any_cli_env, "load", "example")
    assert loaded.returncode == 0, loaded.stderr
    assert "Loaded review 'example'" in loaded.stdout
    assert count(any_cli_env, "MATCH (p:ProgrammeTheory) RETURN count(p) AS n") == 2


def test_paths_cross_two_theories_through_a_shared_concept(any_cli_env: dict[str, str]) -> None:
    ptgraph(any_cli_env, "load", "example")
    done = ptgraph(any_cli_env, "paths", "attitudes", "engagement", "--max-hops", "5", "--json")
    assert done.returncode == 0, done.stderr
    chains = json.loads(done.stdout)
    crossing = [c for c in chains if {"example:pt2", "example:pt5"} <= set(c["theories"])]
    assert crossing, chains
    names = [n["name"] for n in crossing[0]["nodes"]]
    assert "Therapeutic relationship" in names
    assert all("evidenceCount" in link for link in crossing[0]["links"])
    text = ptgraph(any_cli_env, "paths", "attitudes", "engagement", "--max-hops", "5").stdout
    assert "→ Engagement in treatment" in text and "evidence]" in text
    assert "across PT 2, PT 5" in text  # PTs by number, not by id


def test_write_query_is_refused_and_nothing_is_written(any_cli_env: dict[str, str]) -> None:
    done = ptgraph(any_cli_env, "query", "CREATE (:X)")
    assert done.returncode != 0
    assert "read-only" in done.stderr and "Traceback" not in done.stderr
    assert count(any_cli_env, "MATCH (n:X) RETURN count(n) AS n") == 0


def test_write_flag_allows_writes(any_cli_env: dict[str, str]) -> None:
    assert ptgraph(any_cli_env, "query", "--write", "CREATE (:Note {id: $id})", "-p", "id=n1").returncode == 0
    assert count(any_cli_env, "MATCH (n:Note {id: 'n1'}) RETURN count(n) AS n") == 1


def test_broken_package_lists_every_problem_and_writes_nothing(
        any_cli_env: dict[str, str], broken_package: Path) -> None:
    ptgraph(any_cli_env, "load", "example")
    before = count(any_cli_env, "MATCH (n) RETURN count(n) AS n")
    for command in ("validate", "load"):
        done = ptgraph(any_cli_env, command, str(broken_package))
        assert done.returncode == 1
        assert "problems found" in done.stderr and "Traceback" not in done.stderr
        assert "cmocs.yaml:20: pt5-synthesis: unknown theory (PT reference) 'pt55'" in done.stderr
        assert "theories.yaml:30: duplicate id 'pt2'" in done.stderr
    assert count(any_cli_env, "MATCH (n) RETURN count(n) AS n") == before


def test_loading_twice_gives_the_same_counts(any_cli_env: dict[str, str]) -> None:
    ptgraph(any_cli_env, "load", "example")
    first = ptgraph(any_cli_env, "stats").stdout
    ptgraph(any_cli_env, "load", "example")
    assert ptgraph(any_cli_env, "stats").stdout == first
    assert "ProgrammeTheory" in first


def test_bad_parameter_is_a_usage_error(cli_env: dict[str, str]) -> None:
    done = ptgraph(cli_env, "query", "RETURN 1", "--param", "novalue")
    assert done.returncode == 2 and "not key=value" in done.stderr


def test_no_server_is_left_when_the_last_command_exits(tmp_path: Path, cli_env: dict[str, str]) -> None:
    env = {**cli_env, "PTGRAPH_HOME": str(tmp_path / "fresh")}
    assert ptgraph(env, "load", "example").returncode == 0
    assert count(env, "MATCH (p:ProgrammeTheory) RETURN count(p) AS n") == 2
    assert embedded.running_server(tmp_path / "fresh") is None


def test_reco_on_neo4j_answers_as_on_the_embedded_store(cli_env: dict[str, str], neo4j_store,
                                                         neo4j_uri: str) -> None:
    """The issue's walk-through: NEO4J_URI=bolt://... ptgraph load reco, query, a refused write, paths."""
    on_neo4j = {**cli_env, "NEO4J_URI": neo4j_uri, "NEO4J_PASSWORD": neo4j_server.PASSWORD}
    answers = []
    for env in (cli_env, on_neo4j):
        run = lambda *args, env=env: subprocess.run(  # noqa: E731 - NEO4J_URI from the environment
            [sys.executable, "-m", "cli", *args], env=env, capture_output=True, text=True, timeout=300,
            check=False)
        loaded = run("load", "reco")
        assert loaded.returncode == 0, loaded.stderr
        counted = run("query", "--json", "MATCH (p:ProgrammeTheory) RETURN count(p) AS n")
        refused = run("query", "CREATE (:X)")
        assert refused.returncode != 0 and "read-only" in refused.stderr, refused.stderr
        assert json.loads(run("query", "--json", "MATCH (x:X) RETURN count(x) AS n").stdout) == [{"n": 0}]
        chains = run("paths", "leadership", "engagement")
        assert chains.returncode == 0 and "→" in chains.stdout, chains.stderr
        answers.append((json.loads(counted.stdout), chains.stdout))
    assert answers[0] == answers[1]
    assert answers[0][0] == [{"n": 38}]


def one_plain_sentence(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and lines[0].endswith("."), done.stderr
    return lines[0]


def test_neo4j_connection_mistakes_are_one_plain_sentence(cli_env: dict[str, str], neo4j_uri: str) -> None:
    bad_password = {**cli_env, "NEO4J_URI": neo4j_uri, "NEO4J_PASSWORD": "wrong-password"}
    wrong = one_plain_sentence(ptgraph(bad_password, "query", "RETURN 1"))
    assert "password is wrong" in wrong and "read-only" not in wrong
    stopped = one_plain_sentence(ptgraph({**cli_env, "NEO4J_URI": f"bolt://127.0.0.1:{free_port()}"},
                                         "stats"))
    assert "no Neo4j server answers" in stopped
    malformed = one_plain_sentence(ptgraph({**cli_env, "NEO4J_URI": "localhost:7687"}, "load", "example"))
    assert "is not a Neo4j URI" in malformed


def test_help_imports_none_of_the_heavy_libraries(cli_env: dict[str, str]) -> None:
    """``ptgraph --help`` (and every command's module) stays quick: writers and drivers load on use."""
    heavy = ("networkx", "numpy", "openpyxl", "defusedxml", "neo4j", "dash", "falkordb", "yaml", "tqdm")
    probe = ("import sys; from click.testing import CliRunner; from cli.main import main; "
             "out = CliRunner().invoke(main, ['export', '--help']); assert out.exit_code == 0, out.output; "
             f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], env=cli_env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
