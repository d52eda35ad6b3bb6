"""A thematic codebook as the concept layer: each theme one concept, covering the statements listed.

YAML (a list of ``theme``, optional ``kind`` and ``definition``, and ``statements``) or CSV
(``theme,statement`` rows, optional ``kind``/``definition`` columns). A statement matches a
table cell when their words are the same, whatever the spacing and case; each match becomes
a merge of that cell's concept into the theme's (merges.csv), so every wording stays on its CMOC.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import Problem
from graph.extraction import slug, text_key
from graph.models import Concept, ConceptMerge
from graph.package import ReviewPackage
from graph.schema import Role

__all__ = ["Theme", "read_codebook", "apply_codebook"]


@dataclass
class Theme:
    name: str
    line: int
    kind: str = ""
    definition: str = ""
    statements: list[str] = field(default_factory=list)


def read_codebook(path: Path, problems: list[Problem]) -> list[Theme]:
    """The themes of a YAML or CSV codebook; a theme without statements is a problem."""
    themes: dict[str, Theme] = {}
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                name = (row.get("theme") or "").strip()
                if not name:
                    problems.append(Problem(path.name, reader.line_num, "row without a theme"))
                    continue
                theme = themes.setdefault(name, Theme(name, reader.line_num))
                theme.kind = theme.kind or (row.get("kind") or "").strip().lower()
                theme.definition = theme.definition or (row.get("definition") or "").strip()
                if (row.get("statement") or "").strip():
                    theme.statements.append(row["statement"].strip())
    else:
        from loaders.files.sources import read_yaml_items

        for record in read_yaml_items(path, path.parent, problems):
            data = record.data
            name = str(data.get("theme") or "").strip()
            if not name:
                problems.append(Problem(path.name, record.line, "entry without a theme"))
                continue
            themes[name] = Theme(
                name,
                record.line,
                str(data.get("kind") or "").lower(),
                str(data.get("definition") or ""),
                [str(s) for s in data.get("statements") or []],
            )
    for theme in themes.values():
        if theme.kind and theme.kind not in [r.value for r in Role]:
            problems.append(
                Problem(
                    path.name,
                    theme.line,
                    f"theme {theme.name!r}: kind {theme.kind!r} is not one of "
                    f"{', '.join(r.value for r in Role)}",
                )
            )
        if not theme.statements:
            problems.append(Problem(path.name, theme.line, f"theme {theme.name!r} lists no statements"))
    return list(themes.values())


def apply_codebook(package: ReviewPackage, themes: list[Theme], notes: list[str]) -> ReviewPackage:
    """The package with one concept per theme and a merge for every statement found in it."""
    by_text = {text_key(c.name): c for c in package.concepts}
    wordings = {
        text_key(e.wording): e.concept for c in package.cmocs for role in Role for e in c.elements(role)
    }
    concepts = list(package.concepts)
    merges = list(package.merges)
    taken = {c.id for c in concepts}
    for theme in themes:
        matched = [
            wordings.get(text_key(s)) or getattr(by_text.get(text_key(s)), "id", None)
            for s in theme.statements
        ]
        for statement, found in zip(theme.statements, matched, strict=True):
            if found is None:
                notes.append(f"codebook theme {theme.name!r}: no row states {statement!r}")
        found_ids = [m for m in matched if m]
        if not found_ids:
            continue
        existing = by_text.get(text_key(theme.name))
        if existing is not None:
            target = existing.id
        else:
            target = slug(theme.name)
            target = f"theme-{target}" if target in taken else target
            kind = theme.kind or next(c.kind for c in concepts if c.id == found_ids[0])
            concepts.append(
                Concept(
                    id=target,
                    kind=Role(kind),
                    name=theme.name,
                    definition=theme.definition,
                    consolidation="theme of the codebook",
                )
            )
            taken.add(target)
        merges += [
            ConceptMerge(concept=m, into=target, note=f"codebook theme: {theme.name}")
            for m in dict.fromkeys(found_ids)
            if m != target
        ]
    from dataclasses import replace

    return replace(package, concepts=concepts, merges=merges)
