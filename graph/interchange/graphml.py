"""GraphML and GEXF: the graph for Gephi, yEd, Cytoscape desktop and networkx, every attribute kept.

networkx cannot write list-valued attributes to either format (GraphML has no list type;
GEXF reads a list as dynamic data), so each list is written as a JSON array in a string
attribute and the file says which attributes those are: a graph attribute
``listAttributes`` in GraphML, the ``<meta><description>`` in GEXF. :func:`read_graphml`
and :func:`read_gexf` give the graph back with its lists; plain ``networkx.read_graphml``
reads every attribute too, the lists as their JSON text.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
from defusedxml import ElementTree as SafeET

from graph.interchange.graphs import node_kind
from graph.palette import KIND_STYLE, LABEL_STYLE, NEGATIVE, OTHER_LABEL_COLOUR, POSITIVE

__all__ = ["write_graphml", "read_graphml", "write_gexf", "read_gexf", "LIST_ATTRIBUTES"]

LIST_ATTRIBUTES = "listAttributes"
_GEXF_NS = "http://www.gexf.net/1.2draft"
_LIST_NOTE = "ptgraph list attributes (JSON arrays): "
_RELATIONSHIP = "relationship"


def _encoded(G: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, dict[str, list[str]]]:
    """A copy of ``G`` whose list values are JSON text, and which attributes those are."""
    lists: dict[str, set[str]] = {"node": set(), "edge": set()}

    def encode(data: dict[str, Any], scope: str) -> dict[str, Any]:
        out = {}
        for key, value in data.items():
            if value is None:
                continue
            if isinstance(value, list | tuple):
                lists[scope].add(key)
                value = json.dumps(list(value), ensure_ascii=False)
            out[key] = value
        return out

    H = nx.MultiDiGraph()
    H.add_nodes_from((n, encode(d, "node")) for n, d in G.nodes(data=True))
    H.add_edges_from((a, b, k, encode(d, "edge")) for a, b, k, d in G.edges(keys=True, data=True))
    return H, {scope: sorted(keys) for scope, keys in lists.items()}


def _decoded(G: nx.MultiDiGraph, lists: dict[str, list[str]]) -> nx.MultiDiGraph:
    for scope, items in (("node", G.nodes(data=True)), ("edge", G.edges(data=True))):
        for _, *rest in items:
            data = rest[-1]
            for key in lists.get(scope, []):
                if isinstance(data.get(key), str):
                    data[key] = json.loads(data[key])
    return G


def write_graphml(G: nx.MultiDiGraph, path: Path) -> None:
    """``G`` as GraphML, list attributes as JSON arrays declared in ``listAttributes``."""
    H, lists = _encoded(G)
    H.graph[LIST_ATTRIBUTES] = json.dumps(lists)
    nx.write_graphml(H, path, encoding="utf-8")


def read_graphml(path: Path) -> nx.MultiDiGraph:
    """A GraphML file written by :func:`write_graphml`, list attributes decoded.

    >>> import tempfile, pathlib
    >>> G = nx.MultiDiGraph(); G.add_node("r:a", label="A", aliases=["x", "y"])
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"; write_graphml(G, out)
    >>> read_graphml(out).nodes["r:a"]["aliases"]
    ['x', 'y']
    """
    G = nx.read_graphml(path, force_multigraph=True)
    lists = json.loads(G.graph.pop(LIST_ATTRIBUTES, "{}"))
    return _decoded(G, lists)


def _rgb(colour: str) -> dict[str, float]:
    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return {"r": r, "g": g, "b": b, "a": 1.0}


def _colour(data: dict[str, Any]) -> str:
    kind = node_kind(data)
    if kind in KIND_STYLE:
        return str(KIND_STYLE[kind]["colour"])
    return str(LABEL_STYLE.get(str(data.get("type")), {}).get("colour", OTHER_LABEL_COLOUR))


def write_gexf(G: nx.MultiDiGraph, path: Path) -> None:
    """``G`` as GEXF 1.2 with the explorer's colours (``viz``); lists as declared JSON arrays."""
    H, lists = _encoded(G)
    for _, data in H.nodes(data=True):
        data["viz"] = {"color": _rgb(_colour(data)), "size": 10.0}
    for _, _, data in H.edges(data=True):
        colour = NEGATIVE if data.get("polarity") == "negative" else POSITIVE
        data["viz"] = {"color": _rgb(colour)}
        # GEXF's own edge ``type`` is directed/undirected: the relationship type is the label
        data["label"] = data[_RELATIONSHIP] = data.pop("type")
    text = "\n".join(nx.generate_gexf(H, encoding="utf-8", version="1.2draft"))
    ET.register_namespace("", _GEXF_NS)
    ET.register_namespace("viz", "http://www.gexf.net/1.2draft/viz")
    ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    root = ET.fromstring(text)  # noqa: S314 - the text networkx just wrote, not a user's file
    meta = root.find(f"{{{_GEXF_NS}}}meta")
    if meta is None:
        meta = ET.Element(f"{{{_GEXF_NS}}}meta")
        root.insert(0, meta)
    ET.SubElement(meta, f"{{{_GEXF_NS}}}description").text = _LIST_NOTE + json.dumps(lists)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def read_gexf(path: Path) -> nx.MultiDiGraph:
    """A GEXF file written by :func:`write_gexf`: list attributes decoded, edges' ``type`` back."""
    root = SafeET.parse(path).getroot()
    note = root.findtext(f"{{{_GEXF_NS}}}meta/{{{_GEXF_NS}}}description") or ""
    lists = json.loads(note.removeprefix(_LIST_NOTE)) if note.startswith(_LIST_NOTE) else {}
    G = nx.MultiDiGraph(nx.read_gexf(path, node_type=str, relabel=False))
    for _, _, data in G.edges(data=True):
        data.pop("id", None)
        data.pop("label", None)
        data["type"] = data.pop(_RELATIONSHIP)
    for _, data in G.nodes(data=True):
        data.pop("viz", None)
    return _decoded(G, lists)
