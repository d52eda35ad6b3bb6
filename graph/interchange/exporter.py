"""``ptgraph export FORMAT``: one function per format, each reading the store and writing a file.

:data:`FORMATS` names every format with what it is for; :func:`export` writes one and says
what it wrote, in words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph.interchange import cypher_script, graphml, kumu, mermaid, neo4j_admin
from graph.interchange.cytoscape import write_cytoscape
from graph.interchange.formats import FORMATS as DESCRIPTIONS
from graph.interchange.graphs import Scope, concept_graph, full_graph, resolve_scope
from graph.interchange.source import ExportError, one_review, read_review, review_ids
from graph.naming import theory_index, theory_short
from graph.stores.store import Runner

__all__ = ["ExportRequest", "FORMATS", "export"]


@dataclass(frozen=True)
class ExportRequest:
    """What to export: ``graph`` is ``full`` (every node) or ``causal`` (concepts and links)."""

    review: str | None = None
    theory: str | None = None
    graph: str | None = None
    source: str | None = None  # a pathway's FROM and TO (Mermaid)
    target: str | None = None
    rank: int = 1
    max_hops: int = 4


Writer = Callable[[Runner, ExportRequest, Path], str]


def _graph(store: Runner, request: ExportRequest, default: str):
    scope = resolve_scope(store, request.review, request.theory)
    causal = (request.graph or default) == "causal"
    G = concept_graph(store, scope) if causal else full_graph(store, scope)
    return G, scope, causal


def _counted(G, what: str, out: Path) -> str:
    return f"Wrote {out}: {G.number_of_nodes()} nodes and {G.number_of_edges()} edges ({what})"


def _what(scope: Scope, causal: bool) -> str:
    part = "the causal network" if causal else "every node and relationship"
    # a PT in words ('PT 5', not 'reco:pt5')
    where = theory_short(scope.theory) if scope.theory else scope.review or "every review"
    return f"{part} of {where}"


def _graphml(store: Runner, request: ExportRequest, out: Path) -> str:
    G, scope, causal = _graph(store, request, "full")
    graphml.write_graphml(G, out)
    return _counted(G, _what(scope, causal), out)


def _gexf(store: Runner, request: ExportRequest, out: Path) -> str:
    G, scope, causal = _graph(store, request, "full")
    graphml.write_gexf(G, out)
    return _counted(G, _what(scope, causal), out)


def _cytoscape(store: Runner, request: ExportRequest, out: Path) -> str:
    G, scope, causal = _graph(store, request, "causal")
    write_cytoscape(G, out, name=scope.theory or scope.review or "ptgraph", causal=causal)
    return _counted(G, _what(scope, causal), out)


def _kumu(store: Runner, request: ExportRequest, out: Path) -> str:
    if out.suffix.lower() != ".xlsx":
        raise ExportError(f"{out}: a Kumu workbook is an Excel file; name it .xlsx")
    G, scope, causal = _graph(store, request, "causal")
    kumu.write_kumu(G, out, theory_index(store.run("list_theories", {"review": scope.review})))
    return (
        _counted(G, _what(scope, causal), out)
        .replace("nodes and", "elements and")
        .replace("edges", "connections")
    )


def _mermaid(store: Runner, request: ExportRequest, out: Path) -> str:
    if request.graph == "full":
        raise ExportError(
            "a Mermaid flowchart draws the causal network of one PT or one pathway, not --graph full"
        )
    if request.source or request.target:
        chart = _pathway_chart(store, request)
    elif request.theory:
        G, scope, _ = _graph(store, request, "causal")
        named = theory_index(store.run("list_theories", {"review": scope.review})).get(str(scope.theory))
        title = named["label"] if named else str(scope.theory)
        chart = mermaid.theory_flowchart(G, f"{scope.review}: {title}")
    else:
        raise ExportError("a Mermaid flowchart needs --theory PT, or --from and --to for a pathway")
    out.write_text(
        mermaid.fenced(chart) if out.suffix.lower() in (".md", ".markdown") else chart, encoding="utf-8"
    )
    return f"Wrote {out}: a Mermaid flowchart of {chart.count(':::')} concepts"


def _pathway_chart(store: Runner, request: ExportRequest) -> str:
    from graph.analytics.network import causal_graph
    from graph.analytics.pathways import find_pathways

    if not (request.source and request.target):
        raise ExportError("a pathway needs both --from and --to")
    scope = resolve_scope(store, request.review, None)
    G = concept_graph(store, scope)
    chains = find_pathways(
        causal_graph(store, scope.review),
        request.source,
        request.target,
        max_hops=request.max_hops,
        limit=request.rank,
    )
    if len(chains) < request.rank:
        raise ExportError(
            f"{len(chains)} chain(s) from {request.source!r} to {request.target!r} within "
            f"{request.max_hops} hops, so there is no chain number {request.rank}"
        )
    chain = chains[request.rank - 1]
    # the title says how the chain is backed: a chain pieced from several sources is a hypothesis
    title = f"{G.nodes[chain.nodes[0]]['label']} → {G.nodes[chain.nodes[-1]]['label']} ({chain.support})"
    theories = theory_index(store.run("list_theories", {"review": scope.review}))
    return mermaid.pathway_flowchart(G, chain, title, theories)


def _packages(store: Runner, request: ExportRequest):
    if request.theory:
        raise ExportError("--theory does not apply here: this format carries whole reviews")
    reviews = [one_review(store, request.review)] if request.review else review_ids(store)
    if not reviews:
        raise ExportError("the store holds no review to export")
    return [read_review(store, r) for r in reviews]


def _stored_hashes(store: Runner, reviews: list[str]) -> dict[str, str]:
    """Each review's content hash as the store keeps it (reviews loaded before hashes have none)."""
    rows = {r: store.run("get_review_hash", {"id": r}) for r in reviews}
    return {r: found[0]["hash"] for r, found in rows.items() if found and found[0]["hash"]}


def _cypher(store: Runner, request: ExportRequest, out: Path) -> str:
    packages = _packages(store, request)
    text = cypher_script.script(packages, _stored_hashes(store, [p.review.id for p in packages]))
    out.write_text(text, encoding="utf-8")
    count = len(cypher_script.split_script(text))
    return f"Wrote {out}: {count} statements recreating {', '.join(p.review.id for p in packages)}"


def _neo4j_admin(store: Runner, request: ExportRequest, out: Path) -> str:
    packages = _packages(store, request)
    arguments = neo4j_admin.write_import_csvs(
        packages, out, digests=_stored_hashes(store, [p.review.id for p in packages]))
    files = sum(a.startswith(("--nodes", "--relationships")) for a in arguments)
    return f"Wrote {out}: {files} CSV files and import.sh (neo4j-admin {' '.join(arguments[:3])} ...)"


def _grass(store: Runner, request: ExportRequest, out: Path) -> str:
    out.write_text(neo4j_admin.grass(), encoding="utf-8")
    return f"Wrote {out}: the explorer's colours for Neo4j Browser (drag the file onto :style)"


def _table(store: Runner, request: ExportRequest, out: Path) -> str:
    from graph.interchange.table import write_table

    if request.theory:
        raise ExportError("--theory does not apply to the table: it carries the whole review")
    package = read_review(store, one_review(store, request.review))
    return write_table(package, out)


@dataclass(frozen=True)
class Format:
    write: Writer
    description: str


_WRITERS: dict[str, Writer] = {
    "graphml": _graphml,
    "gexf": _gexf,
    "cytoscape": _cytoscape,
    "kumu": _kumu,
    "mermaid": _mermaid,
    "cypher": _cypher,
    "neo4j-admin": _neo4j_admin,
    "grass": _grass,
    "table": _table,
}
FORMATS: dict[str, Format] = {name: Format(_WRITERS[name], text) for name, text in DESCRIPTIONS.items()}


def export(store: Runner, fmt: str, out: Path, request: ExportRequest) -> str:
    """Write ``fmt`` to ``out``; return what was written, in words."""
    if fmt not in FORMATS:
        raise ExportError(f"no export format {fmt!r} (formats: {', '.join(FORMATS)})")
    if request.graph not in (None, "full", "causal"):
        raise ExportError(f"--graph is 'full' or 'causal', not {request.graph!r}")
    if out.parent and not out.parent.exists():
        raise ExportError(f"{out.parent}: no such folder")
    return FORMATS[fmt].write(store, request, out)
