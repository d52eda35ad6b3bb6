"""Which column of a sheet is which field of the extraction table (graph.extraction).

The user's ``--map field=HEADER`` pairs (or a mapping file) come first; the other fields
are guessed from common headers; every column left over becomes a CMOC attribute, unless
ignored. What was chosen is shown to the user before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from graph.errors import Problem
from graph.extraction import FIELDS, attribute_id, guess_mapping, normalise_header
from graph.validation import CMOC_FIELDS, did_you_mean
from loaders.tables.sheets import Sheet

__all__ = ["SheetMapping", "map_sheet", "parse_map_option", "read_map_file"]


@dataclass
class SheetMapping:
    """``fields``: field → header; ``attributes``: attribute id → header; ``guessed``: guessed fields."""

    fields: dict[str, str]
    attributes: dict[str, str] = field(default_factory=dict)
    guessed: set[str] = field(default_factory=set)

    def describe(self) -> list[str]:
        lines = [
            f"  {f:<14} ← {self.fields[f]!r}{' (guessed)' if f in self.guessed else ''}"
            for f in FIELDS
            if f in self.fields
        ]
        lines += [f"  attribute {a!r:<14} ← {h!r}" for a, h in self.attributes.items()]
        return lines


def parse_map_option(values: tuple[str, ...]) -> dict[str, str]:
    """``--map context=Context,mechanism="Mechanism (M)"`` (repeatable) as ``{field: header}``.

    >>> parse_map_option(("context=Context,outcome=Outcome (O)", "quote=Supporting quote"))
    {'context': 'Context', 'outcome': 'Outcome (O)', 'quote': 'Supporting quote'}
    """
    pairs: dict[str, str] = {}
    for value in values:
        for part in _split(value):
            key, sep, header = part.partition("=")
            if not sep:
                raise ValueError(f"{part!r} is not field=HEADER")
            pairs[key.strip().lower()] = header.strip().strip('"')
    return pairs


def _split(value: str) -> list[str]:
    parts, current, quoted = [], "", False
    for c in value:
        if c == '"':
            quoted = not quoted
        if c == "," and not quoted:
            parts.append(current)
            current = ""
        else:
            current += c
    return [p for p in [*parts, current] if p.strip()]


def read_map_file(path: Path, problems: list[Problem]) -> dict[str, str]:
    """A mapping file: YAML (or ``field,header`` CSV lines) of field: HEADER."""
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        problems.append(Problem(path.name, None, f"not valid YAML: {e}"))
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(path.name, None, "expected lines of field: HEADER (e.g. context: Context)"))
        return {}
    return {str(k).lower(): str(v) for k, v in data.items() if v is not None}


def map_sheet(
    sheet: Sheet, given: dict[str, str], ignore: tuple[str, ...], problems: list[Problem]
) -> SheetMapping:
    """The sheet's mapping; unknown fields, absent headers and missing essentials are problems."""
    headers = [h for h in sheet.header if h]
    chosen: dict[str, str] = {}
    for key, header in given.items():
        if key not in FIELDS:
            problems.append(
                Problem(
                    sheet.where,
                    None,
                    f"--map names no field '{key}'{did_you_mean(key, FIELDS)}; fields: {', '.join(FIELDS)}",
                )
            )
        elif header not in headers:
            problems.append(
                Problem(
                    sheet.where,
                    None,
                    f"--map {key}={header!r}: no such column"
                    f"{did_you_mean(header, headers)} (columns: {', '.join(headers)})",
                )
            )
        else:
            chosen[key] = header
    taken = set(chosen.values()) | set(ignore)
    guesses = guess_mapping([h for h in headers if h not in taken])
    mapping = SheetMapping(
        {**{k: v for k, v in guesses.items() if k not in chosen}, **chosen},
        # a header that is the field's own name (as ptgraph export table writes it) is not a guess
        guessed={k for k, h in guesses.items() if k not in chosen and normalise_header(h) != _own(k)},
    )
    _check_essentials(sheet, mapping, problems)
    used = set(mapping.fields.values()) | set(ignore)
    for header in headers:
        if header not in used:
            key = attribute_id(header)
            mapping.attributes[f"{key}_column" if key in CMOC_FIELDS else key] = header
    return mapping


def _own(field: str) -> str:
    return normalise_header(field.replace("_", " "))


def _check_essentials(sheet: Sheet, mapping: SheetMapping, problems: list[Problem]) -> None:
    fields = mapping.fields
    for name in ("context", "outcome"):
        if name not in fields:
            problems.append(
                Problem(
                    sheet.where,
                    None,
                    f"no column for the {name}: name it with "
                    f"--map {name}=HEADER (columns: {', '.join(h for h in sheet.header if h)})",
                )
            )
    if "mechanism" not in fields and not ("resource" in fields or "response" in fields):
        problems.append(
            Problem(
                sheet.where,
                None,
                "no column for the mechanism: name it with --map "
                "mechanism=HEADER (or resource=... and response=... when it is split)",
            )
        )
    # a table may have all three mechanism columns: each row fills either the undivided one or the split
    # ones (loaders.tables.cells tells a row that fills both)
