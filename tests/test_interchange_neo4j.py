"""Exports into a real Neo4j 5.26 (issue 10): neo4j-admin bulk import and the Cypher script.

The neo4j-admin CSVs exported from the embedded store are imported into a new database with
``neo4j-admin database import full`` (``scripts/neo4j --admin``, the server's own jars), that
database is served, and its graph is compared with what ``ptgraph load`` writes on the same
server. The Cypher script is run on the session's Neo4j and compared with the embedded store.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import pytest

from graph.interchange import cypher_script
from graph.interchange.exporter import ExportRequest, export
from graph.interchange.graphs import full_graph, resolve_scope
from graph.load import load_package
from graph.stores.neo4j_store import Neo4jStore
from loaders.package import read_package
from tests import neo4j_server


def _graph(store, review: str | None):
    G = full_graph(store, resolve_scope(store, review, None))
    nodes = {n: dict(d) for n, d in G.nodes(data=True)}
    edges = {(a, b, k): dict(d) for a, b, k, d in G.edges(keys=True, data=True)}
    return nodes, edges


def _same(got, expected) -> None:
    """Equal graphs, or an assertion naming the first node or relationship that differs, and how."""
    for part, name in ((0, "node"), (1, "relationship")):
        assert set(got[part]) == set(expected[part]), (name, set(got[part]) ^ set(expected[part]))
        for key, props in expected[part].items():
            differing = {k for k in props.keys() | got[part][key].keys()
                         if props.get(k) != got[part][key].get(k)}
            assert not differing, (name, key, {k: (got[part][key].get(k), props.get(k)) for k in differing})


def _counts(store) -> tuple[dict, dict]:
    labels = {r["label"]: r["count"] for r in store.run("count_nodes_by_label", {"review": None})}
    types = {r["type"]: r["count"] for r in store.run("count_relationships_by_type", {"review": None})}
    return labels, types


def test_cypher_script_recreates_reco_on_neo4j(reco_store, neo4j_store, tmp_path):
    out = tmp_path / "reco.cypher"
    export(reco_store, "cypher", out, ExportRequest(review="reco"))
    for statement in cypher_script.split_script(out.read_text(encoding="utf-8")):
        neo4j_store.run_text(statement)
    assert _counts(neo4j_store) == _counts(reco_store)
    _same(_graph(neo4j_store, "reco"), _graph(reco_store, "reco"))  # every node, relationship, property


def test_neo4j_admin_import_gives_the_graph_ptgraph_load_gives(reco_store, neo4j_uri, tmp_path):
    if neo4j_server.missing_tools():
        pytest.skip(f"needs {neo4j_server.missing_tools()} to run neo4j-admin")
    csvs = tmp_path / "csv"
    export(reco_store, "neo4j-admin", csvs, ExportRequest(review="reco"))
    arguments = shlex.split((csvs / "import.sh").read_text(encoding="utf-8").splitlines()[-1])[1:]
    home = tmp_path / "server" / "home"
    done = subprocess.run(
        ["bash", str(neo4j_server.SCRIPT), "--admin", str(home), *arguments],
        cwd=csvs,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ},
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "IMPORT DONE" in done.stdout + done.stderr
    with neo4j_server.running(tmp_path / "server") as uri:
        imported = Neo4jStore(uri, neo4j_server.USER, neo4j_server.PASSWORD)
        try:
            counted, graph = _counts(imported), _graph(imported, "reco")
            assert sum(counted[0].values()) == 759 and sum(counted[1].values()) == 2230
            imported.query("MATCH (n) DETACH DELETE n", write=True, timeout_ms=None)
            load_package(imported, read_package("reco"))  # ptgraph load, on the same server
            assert _counts(imported) == counted
            _same(_graph(imported, "reco"), graph)  # same ids, labels, typed properties, ends
        finally:
            imported.close()


def test_import_script_names_every_file_it_writes(reco_store, tmp_path: Path):
    out = tmp_path / "csv"
    export(reco_store, "neo4j-admin", out, ExportRequest())
    command = (out / "import.sh").read_text(encoding="utf-8").splitlines()[-1]
    named = {a.split("=", 1)[1] for a in command.split() if a.startswith(("--nodes=", "--relationships="))}
    assert named == {p.name for p in out.glob("*.csv")} and " import full neo4j " in command
