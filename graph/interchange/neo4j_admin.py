"""Neo4j's bulk import CSVs (``neo4j-admin database import full``) and the Browser's GRASS style.

One ``nodes-<Label>.csv`` per label (``id:ID``, typed property columns, ``:LABEL``) and one
``relationships-<TYPE>.csv`` per relationship type (``:START_ID``, ``:END_ID``, ``:TYPE``,
typed property columns): the rows ``ptgraph load`` writes, LEADS_TO links included.
Property columns are typed (``:long``, ``:double``, ``:boolean``, ``:string[]``) so the
imported graph has the loaded graph's values; list items are joined with an array delimiter
that no item contains. ``import.sh`` holds the exact command.
"""

from __future__ import annotations

import csv
import shlex
from collections import defaultdict
from pathlib import Path
from typing import Any

from graph.load import content_hash
from graph.package import ReviewPackage
from graph.palette import KIND_STYLE, LABEL_STYLE, NEGATIVE, OTHER_LABEL_COLOUR, POSITIVE, text_colour
from graph.rows import package_rows
from graph.schema import Label, Rel

__all__ = ["write_import_csvs", "column_type", "grass", "ARRAY_DELIMITERS"]

ARRAY_DELIMITERS = ("|", "¦", "§", "\u241e")
_TYPES = ((bool, "boolean"), (int, "long"), (float, "double"), (str, "string"))


def column_type(values: list[Any]) -> str:
    """The neo4j-admin type of a property column from its values.

    >>> column_type([1, 2]), column_type([1, 2.5]), column_type([["a"], []]), column_type([True])
    ('long', 'double', 'string[]', 'boolean')
    """
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, list) for v in present):
        return "string[]"
    if (
        present
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present)
        and any(isinstance(v, float) for v in present)
    ):
        return "double"
    for kind, name in _TYPES:
        if present and all(type(v) is kind for v in present):
            return name
    return "string"


def _cell(value: Any, delimiter: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return delimiter.join(str(v) for v in value)
    return str(value)


def _tables(packages: list[ReviewPackage], digests: dict[str, str]
            ) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    nodes: dict[str, list[dict]] = defaultdict(list)
    rels: dict[str, list[dict]] = defaultdict(list)
    for package in packages:
        rows = package_rows(package)
        # the content hash a load keeps, so ptgraph load sees the imported review as the same one
        digest = digests.get(rows.review["id"]) or content_hash(rows)
        props = {**rows.review["props"], "contentHash": digest}
        nodes[Label.REVIEW].append({"id": rows.review["id"], "props": props})
        for label, items in rows.nodes.items():
            nodes[label] += items
        for (_, rel, _), items in rows.rels.items():
            rels[rel] += items
        for items in rows.links.values():
            rels[Rel.LEADS_TO] += [{**r, "props": {"polarity": r["polarity"], **r["props"]}} for r in items]
    return nodes, rels


def _delimiter(nodes: dict[str, list[dict]], rels: dict[str, list[dict]]) -> str:
    items = {
        str(v)
        for table in (*nodes.values(), *rels.values())
        for row in table
        for value in row["props"].values()
        if isinstance(value, list)
        for v in value
    }
    for candidate in ARRAY_DELIMITERS:
        if not any(candidate in item for item in items):
            return candidate
    raise ValueError("every array delimiter ptgraph knows occurs in some list value")


def _write(
    path: Path,
    fixed: list[str],
    rows: list[list[str]],
    props: list[dict[str, Any]],
    delimiter: str,
    label: str | None = None,
) -> None:
    keys = sorted({k for p in props for k in p})
    header = fixed + [f"{k}:{column_type([p.get(k) for p in props])}" for k in keys]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header + ([":LABEL"] if label else []))
        for row, p in zip(rows, props, strict=True):
            writer.writerow(row + [_cell(p.get(k), delimiter) for k in keys] + ([label] if label else []))


def write_import_csvs(packages: list[ReviewPackage], folder: Path, database: str = "neo4j",
                      digests: dict[str, str] | None = None) -> list[str]:
    """Write the CSVs and ``import.sh`` to ``folder``; return the import command's arguments.

    ``digests``: each review's content hash as its store keeps it (computed when absent).
    """
    folder.mkdir(parents=True, exist_ok=True)
    nodes, rels = _tables(packages, digests or {})
    delimiter = _delimiter(nodes, rels)
    # the database name comes first: picocli would read it as one more file of the last --relationships
    arguments = ["database", "import", "full", database, f"--array-delimiter={delimiter}",
                 "--multiline-fields=true"]
    for label, table in sorted(nodes.items()):
        name = f"nodes-{label}.csv"
        _write(
            folder / name,
            ["id:ID"],
            [[r["id"]] for r in table],
            [r["props"] for r in table],
            delimiter,
            label,
        )
        arguments.append(f"--nodes={name}")
    for rel, table in sorted(rels.items()):
        name = f"relationships-{rel}.csv"
        _write(
            folder / name,
            [":START_ID", ":END_ID", ":TYPE"],
            [[r["source"], r["target"], rel] for r in table],
            [r["props"] for r in table],
            delimiter,
        )
        arguments.append(f"--relationships={name}")
    command = " ".join(shlex.quote(a) for a in ["neo4j-admin", *arguments])
    (folder / "import.sh").write_text(
        "#!/bin/sh\n# Import into a new (or stopped) Neo4j database; run from this folder. Add\n"
        "# --overwrite-destination to replace an existing database. Then create ptgraph's id\n"
        "# constraints (ptgraph load does so on its first load), e.g.\n"
        "#   CREATE CONSTRAINT IF NOT EXISTS FOR (n:Context) REQUIRE n.id IS UNIQUE\n"
        f'cd "$(dirname "$0")"\n{command}\n',
        encoding="utf-8",
    )
    return arguments


def grass() -> str:
    """A Neo4j Browser style (``:style`` → drop the file) with the explorer's colours per label.

    A Mechanism is coloured as the explorer's undivided mechanism; resources and responses are
    told apart by their ``kind``, shown in their caption.
    """
    looks = {
        Label.CONTEXT: KIND_STYLE["context"]["colour"],
        Label.MECHANISM: KIND_STYLE["mechanism"]["colour"],
        Label.OUTCOME: KIND_STYLE["outcome"]["colour"],
        **{Label(k): v["colour"] for k, v in LABEL_STYLE.items()},
    }
    blocks = [
        _block(
            "node",
            {
                "diameter": "50px",
                "color": OTHER_LABEL_COLOUR,
                "border-color": "#333333",
                "border-width": "2px",
                "text-color-internal": text_colour(OTHER_LABEL_COLOUR),
                "font-size": "10px",
                "caption": "'{name}'",
            },
        ),
        _block(
            "relationship",
            {
                "color": POSITIVE,
                "shaft-width": "2px",
                "font-size": "8px",
                "padding": "3px",
                "text-color-external": "#000000",
                "text-color-internal": "#FFFFFF",
                "caption": "'<type>'",
            },
        ),
    ]
    for label in Label:
        colour = str(looks.get(label, OTHER_LABEL_COLOUR))
        caption = "'{name} ({kind})'" if label == Label.MECHANISM else "'{name}'"
        blocks.append(
            _block(
                f"node.{label}",
                {
                    "color": colour,
                    "border-color": "#333333",
                    "text-color-internal": text_colour(colour),
                    "caption": caption,
                },
            )
        )
    blocks.append(
        _block(
            f"relationship.{Rel.LEADS_TO}",
            {"color": POSITIVE, "shaft-width": "3px", "caption": "'{polarity}'"},
        )
    )
    blocks.append(_block(f"relationship.{Rel.CHALLENGES}", {"color": NEGATIVE, "caption": "'<type>'"}))
    return "\n".join(blocks)


def _block(selector: str, rules: dict[str, str]) -> str:
    return selector + " {\n" + "".join(f"  {k}: {v};\n" for k, v in rules.items()) + "}\n"
