"""A Cypher script that recreates reviews in any Neo4j (or FalkorDB): the load itself, as text.

The script runs exactly the statements ``ptgraph load`` runs (``merge_review``,
``merge_nodes``, ``merge_relationships``, ``merge_causal_links`` from the catalog), each
batch of rows written in as an escaped Cypher literal where the load passes ``$rows``. It
needs no parameters and no driver: ``cypher-shell -f reco.cypher``, Neo4j Browser (with
multi-statement editing on) or any client that splits on ``;``. Statements ``MERGE`` on the
stable ids, so running it twice changes nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

import cypher
from graph.package import ReviewPackage
from graph.rows import package_rows
from graph.schema import Label, Rel

__all__ = ["literal", "script", "statements", "split_script", "BATCH"]

BATCH = 100
_PARAMETER = re.compile(r"\$(\w+)")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def literal(value: Any) -> str:
    """``value`` as a Cypher literal: strings single-quoted and escaped, maps with plain keys.

    >>> literal({"name": "it's\\n", "n": 3, "ok": True, "tags": ["a"], "x": None})
    "{name: 'it\\\\'s\\\\n', n: 3, ok: true, tags: ['a'], x: null}"
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no Cypher literal")
        return repr(value)
    if isinstance(value, str):
        return "'" + "".join(_ESCAPES.get(c, c) for c in value) + "'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = [k if _IDENTIFIER.match(k) else f"`{k.replace('`', '``')}`" for k in value]
        return "{" + ", ".join(f"{k}: {literal(v)}" for k, v in zip(keys, value.values(), strict=True)) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def _inline(text: str, params: dict[str, Any]) -> str:
    """A catalog statement with each ``$name`` replaced by its literal; rows one per line."""

    def value(match: re.Match[str]) -> str:
        given = params[match.group(1)]
        if isinstance(given, list) and given:
            return "[\n  " + ",\n  ".join(literal(v) for v in given) + "\n]"
        return literal(given)

    body = "\n".join(line for line in text.splitlines() if not line.startswith("//"))
    return _PARAMETER.sub(value, body).rstrip() + ";\n"


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def statements(package: ReviewPackage) -> Iterator[str]:
    """The load's statements for one review, values written in."""
    rows = package_rows(package)
    yield _inline(cypher.statement("merge_review"), rows.review)
    for label, node_rows in rows.nodes.items():
        for batch in _batches(node_rows):
            yield _inline(cypher.statement("merge_nodes", Label=Label(label)), {"rows": batch})
    for (source, rel, target), rel_rows in rows.rels.items():
        text = cypher.statement("merge_relationships", From=source, REL=Rel(rel), To=target)
        for batch in _batches(rel_rows):
            yield _inline(text, {"rows": batch})
    for (source, target), link_rows in rows.links.items():
        text = cypher.statement("merge_causal_links", From=source, To=target)
        for batch in _batches(link_rows):
            yield _inline(text, {"rows": batch})


def script(packages: list[ReviewPackage]) -> str:
    """The whole script: a header saying how to run it, then every review's statements."""
    names = ", ".join(p.review.id for p in packages)
    header = [
        f"// ptgraph: recreates review(s) {names} (nodes, relationships, derived LEADS_TO links).",
        "// Run with: cypher-shell -u neo4j -p PASSWORD -f THIS_FILE (or paste into Neo4j Browser with",
        "// multi-statement editing on). Every statement MERGEs on stable ids: running it twice changes",
        "// nothing.",
        "// For a large review, create the id constraints first, as ptgraph load does, e.g.",
        "//   CREATE CONSTRAINT IF NOT EXISTS FOR (n:Context) REQUIRE n.id IS UNIQUE",
        "",
    ]
    return "\n".join(header) + "".join(s for p in packages for s in statements(p))


def split_script(text: str) -> list[str]:
    """The statements of a script (comment lines dropped), as a client that splits on ``;`` sees them.

    >>> split_script("// a comment\\nRETURN 1;\\nRETURN 'a;b';\\n")
    ['RETURN 1', "RETURN 'a;b'"]
    """
    found, current = [], []
    for line in text.splitlines():
        if line.startswith("//") or not line.strip():
            continue
        current.append(line)
        if line.endswith(";"):  # literals never hold a raw line break, so a line's last ';' ends it
            found.append("\n".join(current)[:-1])
            current = []
    return found
