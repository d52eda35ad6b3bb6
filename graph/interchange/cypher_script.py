"""A Cypher script that recreates reviews in any Neo4j (or FalkorDB): the load itself, as text.

The script runs exactly the statements ``ptgraph load --replace`` runs
(:func:`graph.load.write_steps`: the review's old nodes deleted, then ``create_review``,
``create_nodes``, ``create_relationships``, ``create_causal_links`` from the catalog), each
batch of rows written in as an escaped Cypher literal where the load passes ``$rows``. It
needs no parameters and no driver: ``cypher-shell -f reco.cypher``, Neo4j Browser (with
multi-statement editing on) or any client that splits on ``;``. It first removes the
review's old content (other reviews are kept), so running it twice leaves the same graph.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

import cypher
from graph.load import content_hash, write_steps
from graph.package import ReviewPackage
from graph.rows import package_rows

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


def statements(package: ReviewPackage, digest: str | None = None) -> Iterator[str]:
    """The load's statements for one review, values written in.

    ``digest`` is the content hash to keep on the Review node: the one the store holds, when the
    package was read back from a store, so the recreated review is the same to ``ptgraph load``.
    """
    rows = package_rows(package)
    for name, params, names in write_steps(rows, digest or content_hash(rows)):
        text = cypher.statement(name, **names)
        for batch in _batches(params["rows"]) if "rows" in params else [None]:
            yield _inline(text, params if batch is None else {**params, "rows": batch})


def script(packages: list[ReviewPackage], digests: dict[str, str] | None = None) -> str:
    """The whole script: a header saying how to run it, then every review's statements."""
    names = ", ".join(p.review.id for p in packages)
    header = [
        f"// ptgraph: recreates review(s) {names} (nodes, relationships, derived LEADS_TO links).",
        "// Run with: cypher-shell -u neo4j -p PASSWORD -f THIS_FILE (or paste into Neo4j Browser with",
        "// multi-statement editing on). It first deletes this review's old nodes (other reviews are",
        "// kept), so running it twice leaves the same graph.",
        "// For a large review, create the id constraints first, as ptgraph load does, e.g.",
        "//   CREATE CONSTRAINT IF NOT EXISTS FOR (n:Context) REQUIRE n.id IS UNIQUE",
        "",
    ]
    return "\n".join(header) + "".join(
        s for p in packages for s in statements(p, (digests or {}).get(p.review.id)))


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
