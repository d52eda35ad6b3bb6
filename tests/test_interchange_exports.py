"""Exports (issue 10): every format read back or compared with a golden file, on a real store."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook

from graph.interchange import cypher_script, graphml
from graph.interchange.cytoscape import cytoscape_json, stylesheet
from graph.interchange.exporter import ExportRequest, export
from graph.interchange.graphs import concept_graph, full_graph, resolve_scope
from graph.interchange.kumu import CONNECTION_COLUMNS, ELEMENT_COLUMNS
from graph.interchange.source import ExportError, read_review
from graph.load import load_package
from graph.stores.falkor_store import FalkorStore
from loaders.package import read_package
from tests.processes import ptgraph

GOLDEN = Path(__file__).parent / "golden"


def _same_graph(expected: nx.MultiDiGraph, got: nx.MultiDiGraph) -> None:
    assert set(got) == set(expected)
    for node, data in expected.nodes(data=True):
        assert got.nodes[node] == data, node
    assert sorted(got.edges(keys=True)) == sorted(expected.edges(keys=True))
    for a, b, key, data in expected.edges(keys=True, data=True):
        assert got.edges[a, b, key] == data, (a, b, key)


@pytest.mark.parametrize("graph", ["full", "causal"])
def test_graphml_reads_back_into_networkx_with_every_attribute(reco_store, tmp_path, graph):
    out = tmp_path / "reco.graphml"
    print(export(reco_store, "graphml", out, ExportRequest(graph=graph)))
    scope = resolve_scope(reco_store, None, None)
    expected = full_graph(reco_store, scope) if graph == "full" else concept_graph(reco_store, scope)
    _same_graph(expected, graphml.read_graphml(out))
    plain = nx.read_graphml(out, force_multigraph=True)  # networkx alone: every attribute, lists as JSON
    for node, data in expected.nodes(data=True):
        assert set(plain.nodes[node]) == set(data)
    counts = {r["label"]: r["count"] for r in reco_store.run("count_nodes_by_label", {"review": "reco"})}
    assert plain.number_of_nodes() == sum(counts.values()) if graph == "full" else True
    aliases = json.loads(plain.graph[graphml.LIST_ATTRIBUTES])
    assert "theories" in aliases["edge"]


def test_gexf_reads_back_with_every_attribute_and_the_explorer_colours(reco_store, tmp_path):
    out = tmp_path / "reco.gexf"
    export(reco_store, "gexf", out, ExportRequest(graph="causal"))
    expected = concept_graph(reco_store, resolve_scope(reco_store, None, None))
    _same_graph(expected, graphml.read_gexf(out))
    colours = {d["type"]: d["viz"]["color"] for _, d in nx.read_gexf(out).nodes(data=True)}
    assert colours["Context"] == {"r": 0, "g": 114, "b": 178, "a": 1.0}  # Okabe–Ito blue


def test_a_theory_narrows_the_graph_to_its_own_part(reco_store):
    scope = resolve_scope(reco_store, "reco", "pt5")
    G = full_graph(reco_store, scope)
    cmocs = {n for n, d in G.nodes(data=True) if d["type"] == "CMOC"}
    assert cmocs and all(n.startswith("reco:pt5-") for n in cmocs)
    assert all("reco:pt5" in d["theories"] for _, _, d in G.edges(data=True) if d["type"] == "LEADS_TO")
    C = concept_graph(reco_store, scope)
    assert C.number_of_nodes() < 71 and all("reco:pt5" in d["theories"] for *_, d in C.edges(data=True))
    with pytest.raises(ExportError, match="did you mean 'reco:pt5'"):
        resolve_scope(reco_store, "reco", "pt55")


def test_cytoscape_json_has_the_explorers_styles_and_every_attribute(example_store, tmp_path):
    out = tmp_path / "example.json"
    export(example_store, "cytoscape", out, ExportRequest())
    document = json.loads(out.read_text())
    assert document == json.loads((GOLDEN / "example.cytoscape.json").read_text())
    nodes = {n["data"]["id"]: n for n in document["elements"]["nodes"]}
    assert nodes["example:non-judgemental-attitudes"]["classes"] == "context"
    assert all("position" in n for n in nodes.values())
    edges = document["elements"]["edges"]
    assert {e["data"]["source"] for e in edges} | {e["data"]["target"] for e in edges} <= set(nodes)
    negative = [e for e in edges if "negative" in e["classes"]]
    assert negative and all(e["data"]["polarity"] == "negative" for e in negative)
    rules = {r["selector"]: r["style"] for r in document["style"]}
    assert rules["node.outcome"] == {"background-color": "#009E73", "shape": "ellipse"}
    full = cytoscape_json(
        full_graph(example_store, resolve_scope(example_store, None, None)), name="x", causal=False
    )
    assert len(full["elements"]["nodes"]) == 28 and len(full["elements"]["edges"]) == 39


def test_cytoscape_styles_are_the_explorers_own():
    """The export draws what the explorer draws: every rule the two share has the same look."""
    from dashboard.style import graph_stylesheet

    explorer = {rule["selector"]: rule["style"] for rule in graph_stylesheet()}
    exported = {rule["selector"]: rule["style"] for rule in stylesheet()}
    shared = set(explorer) & set(exported)
    assert {"node", "edge", "edge.negative", "edge.theory-only", "node.context", "node.outcome"} <= shared
    for selector in shared:
        drawn = {k: v for k, v in exported[selector].items() if k in explorer[selector]}
        assert drawn == explorer[selector], selector


def test_kumu_workbook_has_the_sheets_and_columns_kumu_documents(reco_store, tmp_path):
    out = tmp_path / "reco.xlsx"
    export(reco_store, "kumu", out, ExportRequest())
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["Elements", "Connections", "Style (ignore)"]
    elements = list(book["Elements"].iter_rows(values_only=True))
    connections = list(book["Connections"].iter_rows(values_only=True))
    assert elements[0] == ELEMENT_COLUMNS and elements[0][:2] == ("ID", "Label")  # Kumu: ID first, then Label
    assert connections[0] == CONNECTION_COLUMNS and connections[0][:2] == ("From", "To")
    ids = {row[0] for row in elements[1:]}
    assert len(ids) == 71 and len(connections) - 1 == 350
    assert all(row[0] in ids and row[1] in ids for row in connections[1:])  # every end is an element
    types = {row[2] for row in elements[1:]}
    assert types == {"Context", "Mechanism – resource", "Mechanism – response", "Outcome"}
    lead = next(r for r in elements[1:] if r[0] == "reco:committed-leadership")
    assert "PT 5" in lead[4].split("|")  # Tags: theories in words, Kumu's | separator
    described = {row[3].split(";")[0] for row in connections[1:]}  # Description: PTs in words, not ids
    assert "From PT 5" in described and "From Overall programme theory (chapter 4 summary)" in described
    assert not any("pt5" in text or "overall," in text for text in described)
    assert {row[2] for row in connections[1:]} == {"leads to", "disconfirming link"}
    with pytest.raises(ExportError, match="name it .xlsx"):
        export(reco_store, "kumu", tmp_path / "reco.csv", ExportRequest())


def test_mermaid_flowchart_of_a_theory_and_of_a_pathway(example_store, tmp_path):
    out = tmp_path / "pt5.mmd"
    export(example_store, "mermaid", out, ExportRequest(theory="pt5"))
    assert out.read_text() == (GOLDEN / "example-pt5.mmd").read_text()
    path = tmp_path / "chain.md"
    export(example_store, "mermaid", path, ExportRequest(source="attitudes", target="engagement"))
    text = path.read_text()
    assert text.startswith("```mermaid\n") and text.endswith("```\n")
    assert text.count(" -->|") == 4 and '"PT 5: 2 evidence"' in text and "pt5" not in text
    assert 'title: "Non-judgemental staff attitudes → Engagement in treatment (several sources' in text
    with pytest.raises(ExportError, match="no chain number 3"):
        export(example_store, "mermaid", path, ExportRequest(source="attitudes", target="engagement", rank=3))
    with pytest.raises(ExportError, match="needs --theory"):
        export(example_store, "mermaid", path, ExportRequest())



def test_mermaid_pathway_says_which_hop_has_no_evidence():
    from graph.analytics.pathways import Hop, Pathway
    from graph.interchange.mermaid import pathway_flowchart

    G = nx.MultiDiGraph()
    for node, kind in (("r:a", "context"), ("r:b", "resource"), ("r:c", "outcome")):
        G.add_node(node, label=node[2:].upper(), kind=kind, type="Concept")
    chain = Pathway(("r:a", "r:b", "r:c"), (Hop("r:a", "r:b", "positive", ("r:pt11",), ("r:c1",), ("q1",)),
                                           Hop("r:b", "r:c", "positive", ("r:pt2", "r:pt11"), ("r:c2",), ())))
    text = pathway_flowchart(G, chain, f"A → C ({chain.support})")
    assert 'n1 -->|"PT 11: 1 evidence"| n2' in text
    assert 'n2 -.->|"PT 2, PT 11: no evidence"| n3' in text and "linkStyle 1 stroke:#555555" in text
    assert 'title: "A → C (some hop has no evidence)"' in text

def test_grass_style_gives_each_label_the_explorer_colour(example_store, tmp_path):
    out = tmp_path / "ptgraph.grass"
    export(example_store, "grass", out, ExportRequest())
    assert out.read_text() == (GOLDEN / "ptgraph.grass").read_text()
    assert "node.Context {\n  color: #0072B2;" in out.read_text()


def _tricky(review: str):
    """The example with quote marks, a backslash, line breaks and non-ASCII in its values."""
    pkg = read_package("example")
    text = 'She said "it\'s" \\ fine;\nthen ‘left’ — ok\ttab'
    evidence = [pkg.evidence[0].model_copy(update={"text": text}), *pkg.evidence[1:]]
    return pkg.__class__(
        **{**pkg.__dict__, "review": pkg.review.model_copy(update={"id": review}), "evidence": evidence}
    ), text


def test_cypher_script_recreates_the_review_on_the_embedded_store(example_store, ptgraph_home, tmp_path):
    pkg, text = _tricky("tricky")
    load_package(example_store, pkg)
    out = tmp_path / "script.cypher"
    export(example_store, "cypher", out, ExportRequest(review="tricky"))
    other = FalkorStore(f"{example_store.graph_name}_copy", home=ptgraph_home)
    try:
        for statement in cypher_script.split_script(out.read_text()):
            other.run_text(statement)
        for statement in cypher_script.split_script(out.read_text()):  # idempotent: MERGE on ids
            other.run_text(statement)
        expected = full_graph(example_store, resolve_scope(example_store, "tricky", None))
        _same_graph(expected, full_graph(other, resolve_scope(other, "tricky", None)))
        stored = {e.id: e.text for e in read_review(other, "tricky").evidence}
        assert stored[pkg.evidence[0].id] == text
    finally:
        other.drop()
        other.close()


def test_neo4j_admin_csvs_have_typed_headers(reco_store, tmp_path):
    out = tmp_path / "admin"
    export(reco_store, "neo4j-admin", out, ExportRequest())
    header = (out / "nodes-ProgrammeTheory.csv").read_text().splitlines()[0]
    assert header.startswith("id:ID,") and "number:long" in header and header.endswith(",:LABEL")
    links = (out / "relationships-LEADS_TO.csv").read_text().splitlines()[0]
    assert links.startswith(":START_ID,:END_ID,:TYPE,") and "theories:string[]" in links
    assert "annualCostGbp:double" in (out / "nodes-CaseSite.csv").read_text().splitlines()[0]
    script = (out / "import.sh").read_text()
    assert "--array-delimiter=|" in script and "--nodes=nodes-Evidence.csv" in script
    rows = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in out.glob("relationships-*.csv"))
    assert rows > 2230  # every relationship (and header lines); multi-line quotes add lines


def test_export_command_says_what_it_wrote_and_refuses_plainly(cli_env, tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return ptgraph(cli_env, *args, cwd=tmp_path)

    assert run("load", "example").returncode == 0
    done = run("export", "graphml", str(tmp_path / "g.graphml"))
    assert done.returncode == 0 and "28 nodes and 39 edges" in done.stdout
    wrong = run("export", "pdf", str(tmp_path / "g.pdf"))
    assert (
        wrong.returncode == 1 and "no export format 'pdf'" in wrong.stderr and "Traceback" not in wrong.stderr
    )
    assert not (tmp_path / "g.pdf").exists()
    missing = run("export", "table", str(tmp_path / "nowhere" / "t.xlsx"))
    assert missing.returncode == 1 and "no such folder" in missing.stderr
    assert os.listdir(tmp_path) == ["g.graphml"]
