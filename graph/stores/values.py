"""Turn driver values (nodes, relationships, paths) into plain Python for output."""

from __future__ import annotations

from typing import Any

__all__ = ["plain", "link_ends"]


def plain(value: Any) -> Any:
    """Nodes, relationships and paths from either driver as JSON-ready dicts.

    Nodes carry ``_nodeId``, the database's own id (FalkorDB: an integer; Neo4j: the element
    id). A relationship's ``_source``/``_target`` is its end node's ``id`` property when the
    driver hands over the node, else that database id: :func:`link_ends` resolves those.

    >>> plain([1, {"a": (2, 3)}])
    [1, {'a': [2, 3]}]
    """
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    kind = type(value).__name__
    if kind == "Node":
        return _node(value)
    if kind in ("Edge", "Relationship") or hasattr(value, "start_node") and hasattr(value, "type"):
        return _relationship(value)
    if kind == "Path":
        return _path(value)
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def link_ends(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with relationship ends given as database ids replaced by the ``id`` of their node.

    FalkorDB names a relationship's ends only by its internal node ids; when those nodes
    are anywhere in the result (another column, another row, a path), their ``id``
    property is used instead, so ends match the nodes' own ids. Ends whose node is not in
    the result keep the database id.

    >>> a = {"_kind": "node", "_nodeId": 7, "id": "r:a"}
    >>> r = {"_kind": "relationship", "_type": "LEADS_TO", "_source": 7, "_target": 9}
    >>> linked = link_ends([{"a": a, "r": r}])[0]["r"]
    >>> linked["_source"], linked["_target"]
    ('r:a', 9)
    """
    known: dict[Any, Any] = {}
    for row in rows:
        _collect_nodes(row, known)
    return [_relink(row, known) for row in rows]


def _collect_nodes(value: Any, known: dict[Any, Any]) -> None:
    if isinstance(value, list):
        for item in value:
            _collect_nodes(item, known)
    elif isinstance(value, dict):
        if value.get("_kind") == "node" and value.get("_nodeId") is not None and value.get("id") is not None:
            known[value["_nodeId"]] = value["id"]
        for item in value.values():
            _collect_nodes(item, known)


def _relink(value: Any, known: dict[Any, Any]) -> Any:
    if isinstance(value, list):
        return [_relink(item, known) for item in value]
    if not isinstance(value, dict):
        return value
    out = {k: _relink(v, known) for k, v in value.items()}
    if out.get("_kind") == "relationship":
        for end in ("_source", "_target"):
            if _hashable(out.get(end)) and out[end] in known:
                out[end] = known[out[end]]
    return out


def _hashable(value: Any) -> bool:
    return isinstance(value, str | int)


def _database_id(item: Any) -> Any:
    """A node's or relationship's id inside the database (Neo4j element id, FalkorDB integer id)."""
    element = getattr(item, "element_id", None)
    return element if element is not None else getattr(item, "id", None)


def _node(node: Any) -> dict[str, Any]:
    labels = list(getattr(node, "labels", []) or [])
    props = dict(getattr(node, "properties", None) or dict(node.items()))
    return {"_kind": "node", "_labels": labels, "_nodeId": _database_id(node),
            **{k: plain(v) for k, v in props.items()}}


def _relationship(rel: Any) -> dict[str, Any]:
    if hasattr(rel, "relation"):  # falkordb Edge
        rtype, props = rel.relation, dict(rel.properties)
        source, target = _end_id(rel.src_node), _end_id(rel.dest_node)
    else:  # neo4j Relationship
        rtype, props = rel.type, dict(rel.items())
        source, target = _end_id(rel.start_node), _end_id(rel.end_node)
    return {"_kind": "relationship", "_type": rtype, "_source": source, "_target": target,
            "_relId": _database_id(rel), **{k: plain(v) for k, v in props.items()}}


def _end_id(end: Any) -> Any:
    """The end node's ``id`` property when the driver gives the node, else its database id."""
    if end is None:
        return None
    if isinstance(end, int):  # FalkorDB gives only the internal id
        return end
    props = getattr(end, "properties", None)
    if props is None and hasattr(end, "get"):  # neo4j Node (properties only if it was returned)
        return end.get("id") or _database_id(end)
    return (props or {}).get("id", _database_id(end))


def _path(path: Any) -> dict[str, Any]:
    nodes = path.nodes() if callable(getattr(path, "nodes", None)) else list(path.nodes)
    rels = path.edges() if callable(getattr(path, "edges", None)) else list(path.relationships)
    linked = link_ends([{"nodes": [_node(n) for n in nodes],
                         "relationships": [_relationship(r) for r in rels]}])[0]
    return {"_kind": "path", **linked}
