"""Every Cypher statement: schema-only labels, runs on the embedded server, passes Neo4j's linter.

Saved queries (``cypher/saved/``, the console's) also declare every parameter they use,
run read-only with their defaults, and answer with at least one row on RECO.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

import cypher
from graph.schema import Label, Rel
from graph.stores.falkor_store import FalkorStore

LINT_DIR = cypher.CYPHER_DIR / "lint"
PORTABLE = cypher.names()
NEO4J_ONLY = cypher.names("neo4j")
SAVED = cypher.names("saved")
SAMPLE_SLOTS = {"Label": Label.CONTEXT, "From": Label.CONTEXT, "To": Label.MECHANISM, "REL": Rel.SUPPORTS}


def filled(name: str) -> str:
    text = cypher._text(name)
    return cypher.statement(name, **{k: v for k, v in SAMPLE_SLOTS.items() if f"__{k}__" in text})


def parameters(text: str) -> list[str]:
    return sorted(set(re.findall(r"\$(\w+)", text)))


@pytest.mark.parametrize("name", PORTABLE + NEO4J_ONLY + SAVED)
def test_statement_uses_only_schema_labels_and_types(name: str) -> None:
    text = re.sub(r"//.*", "", filled(name))
    labels = set(re.findall(r"(?:\(|\b[a-z]\w*):([A-Z][A-Za-z]+)\b(?!_)", text))
    rel_types = set(re.findall(r"\[\w*:([A-Z_|]+)", text))
    known = {str(x) for x in Label} | {str(x) for x in Rel}
    for rel_group in rel_types:
        assert set(rel_group.split("|")) <= known, f"{name}: {rel_group}"
    assert labels <= known, f"{name}: {labels - known}"
    assert cypher.description(name), f"{name} needs a leading // comment saying what it is for"


@pytest.mark.parametrize("name", PORTABLE)
def test_statement_runs_on_the_embedded_server(store: FalkorStore, name: str) -> None:
    params = {p: [] if p in ("rows", "cmocs") else None for p in parameters(filled(name))}
    if name == "create_review":
        params = {"id": "r", "props": {"name": "R"}}
    try:
        store.run_text(filled(name), params)
    except Exception as e:  # index statements may meet an index made by ensure_schema
        assert "already indexed" in str(e), f"{name}: {e}"


def test_there_are_saved_queries() -> None:
    assert len(SAVED) >= 6


@pytest.mark.parametrize("name", SAVED)
def test_saved_query_declares_the_parameters_it_uses(name: str) -> None:
    used = parameters(re.sub(r"//.*", "", cypher.statement(name)))
    assert sorted(cypher.parameters(name)) == used, f"{name}: declare each as '// @param name: <JSON>'"


@pytest.mark.parametrize("name", SAVED)
def test_saved_query_runs_read_only_with_its_defaults(store: FalkorStore, name: str) -> None:
    result = store.query(cypher.statement(name), cypher.parameters(name), write=False)
    assert result.columns, name


def test_every_saved_query_answers_on_reco(reco_store: FalkorStore) -> None:
    """A saved query that finds nothing on the review it was written for is broken."""
    empty = [name for name in SAVED
             if not reco_store.query(cypher.statement(name), cypher.parameters(name)).rows]
    assert not empty, f"no rows on RECO: {empty}"


def test_neo4j_lint_reports_no_errors() -> None:
    node = shutil.which("node")
    if not (node and (LINT_DIR / "node_modules" / "@neo4j-cypher").is_dir()):
        if os.environ.get("CI"):
            pytest.fail("the Cypher linter is not installed (npm ci in cypher/lint)")
        pytest.skip("Cypher linter not installed: run `npm ci --prefix cypher/lint`")
    statements = [{"name": n, "text": filled(n), "parameters": parameters(filled(n))}
                  for n in PORTABLE + NEO4J_ONLY + cypher.names("saved")]
    payload = {"labels": [str(x) for x in Label], "relationshipTypes": [str(x) for x in Rel],
               "statements": statements}
    done = subprocess.run([node, str(LINT_DIR / "lint.mjs")], input=json.dumps(payload),
                          capture_output=True, text=True, timeout=120, check=False)
    diagnostics = json.loads(done.stdout or "[]")
    errors = [d for d in diagnostics if d["severity"] == "error"]
    assert not errors, json.dumps(errors, indent=2)
    assert done.returncode == 0, done.stderr


def test_linter_can_fail() -> None:
    """The lint check is real: a broken statement is reported."""
    node = shutil.which("node")
    if not (node and (LINT_DIR / "node_modules" / "@neo4j-cypher").is_dir()):
        pytest.skip("Cypher linter not installed")
    payload = {"labels": [], "relationshipTypes": [], "statements": [
        {"name": "broken", "text": "MATCH (n RETURN $x", "parameters": []}]}
    done = subprocess.run([node, str(LINT_DIR / "lint.mjs")], input=json.dumps(payload),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
