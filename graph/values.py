"""Turn driver values (nodes, relationships, paths) into plain Python for output."""

from __future__ import annotations

from typing import Any

__all__ = ["plain"]


def plain(value: Any) -> Any:
    """Nodes, relationships and paths from either driver as JSON-ready dicts.

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


def _node(node: Any) -> dict[str, Any]:
    labels = list(getattr(node, "labels", []) or [])
    props = dict(getattr(node, "properties", None) or dict(node.items()))
    return {"_kind": "node", "_labels": labels, **{k: plain(v) for k, v in props.items()}}


def _relationship(rel: Any) -> dict[str, Any]:
    if hasattr(rel, "relation"):  # falkordb Edge
        rtype, props = rel.relation, dict(rel.properties)
        source, target = _end_id(rel.src_node), _end_id(rel.dest_node)
    else:  # neo4j Relationship
        rtype, props = rel.type, dict(rel.items())
        source, target = _end_id(rel.start_node), _end_id(rel.end_node)
    return {"_kind": "relationship", "_type": rtype, "_source": source, "_target": target,
            **{k: plain(v) for k, v in props.items()}}


def _end_id(end: Any) -> Any:
    if end is None:
        return None
    if isinstance(end, int):
        return end
    props = getattr(end, "properties", None)
    if props is None and hasattr(end, "get"):
        return end.get("id")
    return (props or {}).get("id", getattr(end, "id", None))


def _path(path: Any) -> dict[str, Any]:
    nodes = path.nodes() if callable(getattr(path, "nodes", None)) else list(path.nodes)
    rels = path.edges() if callable(getattr(path, "edges", None)) else list(path.relationships)
    plain_nodes = [_node(n) for n in nodes]
    by_internal = {getattr(n, "id", None): p.get("id") for n, p in zip(nodes, plain_nodes, strict=True)}
    plain_rels = [_relationship(r) for r in rels]
    for r in plain_rels:
        r["_source"] = by_internal.get(r["_source"], r["_source"])
        r["_target"] = by_internal.get(r["_target"], r["_target"])
    return {"_kind": "path", "nodes": plain_nodes, "relationships": plain_rels}
