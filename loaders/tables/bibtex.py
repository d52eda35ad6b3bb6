"""Read the entries of a BibTeX file: key, type and fields, with a plain citation for each.

A small reader for the BibTeX that reference managers export: ``@type{key, field = {...}}``
with braces or quotes, nested braces, ``#`` concatenation and ``@string`` abbreviations.
``@comment`` and ``@preamble`` are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graph.errors import Problem

__all__ = ["BibEntry", "read_bibtex", "parse_bibtex"]


@dataclass(frozen=True)
class BibEntry:
    key: str
    type: str
    fields: dict[str, str]
    line: int

    def citation(self) -> str:
        """``Authors (year). Title. Journal volume:pages.`` from the fields it has.

        >>> BibEntry("k", "article", {"author": "Okafor, Ada and Mensah, Kofi", "year": "2019",
        ...          "title": "{Trust} in workers", "journal": "J Synth", "pages": "1--9"}, 1).citation()
        'Okafor A, Mensah K (2019). Trust in workers. J Synth: 1–9.'
        """
        f = {k: _plain(v) for k, v in self.fields.items()}
        authors = ", ".join(_short_name(a) for a in re.split(r"\s+and\s+", f.get("author", "")) if a)
        head = " ".join(
            x for x in (authors or f.get("organization", ""), f"({f['year']})" if f.get("year") else "") if x
        )
        venue = f.get("journal") or f.get("booktitle") or f.get("publisher") or f.get("institution", "")
        venue += f" {f['volume']}" if f.get("volume") else ""
        venue += f": {f['pages'].replace('--', '–')}" if f.get("pages") else ""
        parts = [p.rstrip(".") for p in (head, f.get("title", ""), venue.strip()) if p]
        return ". ".join(parts) + "." if parts else self.key


def _plain(value: str) -> str:
    return re.sub(r"\s+", " ", value.replace("{", "").replace("}", "")).strip()


def _short_name(author: str) -> str:
    author = _plain(author)
    if "," in author:
        last, first = (x.strip() for x in author.split(",", 1))
    else:
        *firsts, last = author.split() or [""]
        first = " ".join(firsts)
    initials = "".join(w[0] for w in first.replace("-", " ").split() if w)
    return f"{last} {initials}".strip()


def _value(text: str, at: int, strings: dict[str, str]) -> tuple[str, int]:
    """One field value starting at ``at`` (after '='), with '#' joins; returns it and the end."""
    parts = []
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at < len(text) and text[at] == "{":
            depth, start = 1, at + 1
            at += 1
            while at < len(text) and depth:
                depth += {"{": 1, "}": -1}.get(text[at], 0)
                at += 1
            parts.append(text[start : at - 1])
        elif at < len(text) and text[at] == '"':
            depth, start = 0, at + 1
            at += 1
            while at < len(text) and not (text[at] == '"' and depth == 0):
                depth += {"{": 1, "}": -1}.get(text[at], 0)
                at += 1
            parts.append(text[start:at])
            at += 1
        else:
            word = re.match(r"[^\s,#}]+", text[at:])
            token = word.group(0) if word else ""
            parts.append(strings.get(token.lower(), token))
            at += len(token)
        while at < len(text) and text[at].isspace():
            at += 1
        if at < len(text) and text[at] == "#":
            at += 1
            continue
        return "".join(parts), at


def parse_bibtex(text: str, file: str, problems: list[Problem]) -> list[BibEntry]:
    """Every entry of a BibTeX text; a malformed entry is a problem with its line."""
    entries: list[BibEntry] = []
    strings: dict[str, str] = {}
    for match in re.finditer(r"@(\w+)\s*\{", text):
        kind, at = match.group(1).lower(), match.end()
        line = text.count("\n", 0, match.start()) + 1
        if kind in ("comment", "preamble"):
            continue
        fields: dict[str, str] = {}
        key = ""
        if kind != "string":
            key_match = re.match(r"\s*([^,\s}]+)\s*,", text[at:])
            if not key_match:
                problems.append(Problem(file, line, f"@{kind} entry without a citation key"))
                continue
            key, at = key_match.group(1), at + key_match.end()
        while True:
            name = re.match(r"\s*([\w:.-]+)\s*=", text[at:])
            if not name:
                break
            value, at = _value(text, at + name.end(), strings)
            fields[name.group(1).lower()] = value
            comma = re.match(r"\s*,", text[at:])
            if not comma:
                break
            at += comma.end()
        if kind == "string":
            strings.update(fields)
        elif not re.match(r"\s*\}", text[at:]):
            problems.append(Problem(file, line, f"entry '{key}' is not closed with '}}' after its fields"))
        else:
            entries.append(BibEntry(key, kind, fields, line))
    return entries


def read_bibtex(path: Path, problems: list[Problem]) -> list[BibEntry]:
    """The entries of a .bib file (UTF-8, or Windows-1252 as a fallback)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    nul = text.find("\x00")
    if nul >= 0:  # no store can keep it; told once, and the entries are still read for their keys
        problems.append(Problem(path.name, text.count("\n", 0, nul) + 1,
                                "holds a NUL character (\\0), which the stores cannot keep: remove it"))
        text = text.replace("\x00", "")
    return parse_bibtex(text, path.name, problems)
