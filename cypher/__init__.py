"""Every Cypher statement ptgraph runs, one purpose per ``.cypher`` file.

Statements are loaded by name through a small cached catalog. Values are always
``$parameters``. A few statements are templates over a label or relationship type
(``__Label__``, ``__From__``, ``__To__``, ``__REL__``); those placeholders may only be
filled with members of :class:`graph.schema.Label` and :class:`graph.schema.Rel`, never
with user input. Statements under ``neo4j/`` use Neo4j-only syntax (constraints).
Statements under ``saved/`` are ready-made queries for people (the explorer's console);
they declare their parameters and defaults in ``// @param name: <JSON>`` comment lines.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["statement", "names", "description", "parameters", "CYPHER_DIR", "PLACEHOLDERS"]

CYPHER_DIR = Path(__file__).parent
PLACEHOLDERS = ("__Label__", "__From__", "__To__", "__REL__")
_DESCRIPTION = re.compile(r"^//\s?(.*)$")
_PARAMETER = re.compile(r"^@param\s+(\w+)\s*:\s*(.*)$")


@cache
def _text(name: str) -> str:
    path = CYPHER_DIR / f"{name}.cypher"
    if not path.is_file():
        raise KeyError(f"no Cypher statement named {name!r} in {CYPHER_DIR}")
    return path.read_text(encoding="utf-8")


def statement(name: str, **slots: str) -> str:
    """The statement ``name`` with its schema placeholders filled.

    >>> from graph.schema import Label
    >>> statement("delete_review_nodes", Label=Label.CONTEXT).splitlines()[1]
    'MATCH (n:Context {reviewId: $review})'
    """
    from graph.schema import Label, Rel

    text = _text(name)
    allowed = {str(v) for v in Label} | {str(v) for v in Rel}
    for slot, value in slots.items():
        if str(value) not in allowed:
            raise ValueError(f"{value!r} is not a schema label or relationship type")
        text = text.replace(f"__{slot}__", str(value))
    left = [p for p in PLACEHOLDERS if p in text]
    if left:
        raise ValueError(f"statement {name!r} still has placeholders {left}")
    return text


def _comments(name: str) -> list[str]:
    lines = []
    for line in _text(name).splitlines():
        match = _DESCRIPTION.match(line)
        if not match:
            break
        lines.append(match.group(1))
    return lines


def description(name: str) -> str:
    """The leading ``//`` comment lines of a statement: what it is for."""
    return " ".join(line for line in _comments(name) if not line.startswith("@")).strip()


def parameters(name: str) -> dict[str, Any]:
    """The parameters a statement declares in ``// @param name: <JSON default>`` lines.

    >>> parameters("saved/find_causal_chains")
    {'from': 'leadership', 'to': 'engagement', 'polarities': ['positive']}
    >>> parameters("list_reviews")
    {}
    """
    declared: dict[str, Any] = {}
    for line in _comments(name):
        if not line.startswith("@"):
            continue
        match = _PARAMETER.match(line)
        if not match:
            raise ValueError(f"{name}.cypher: cannot read {line!r}; write '@param name: <JSON default>'")
        try:
            declared[match.group(1)] = json.loads(match.group(2))
        except json.JSONDecodeError as e:
            raise ValueError(f"{name}.cypher: the default of @param {match.group(1)} is not JSON: {e}") from e
    return declared


def names(folder: str = "") -> list[str]:
    """Names of the statements in ``cypher/`` (or a subfolder such as ``neo4j``)."""
    base = CYPHER_DIR / folder if folder else CYPHER_DIR
    prefix = f"{folder}/" if folder else ""
    return sorted(prefix + p.stem for p in base.glob("*.cypher"))
