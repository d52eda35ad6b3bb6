"""Reading YAML and CSV files while remembering where each item came from."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_origin

import yaml
from pydantic import BaseModel

from graph.errors import Problem
from loaders.files.yaml_lines import LINE_KEY, YamlRefused, load_with_lines, yaml_error
from loaders.tables.sheets import csv_problem

__all__ = ["Located", "read_yaml_items", "read_csv_rows", "read_yaml_mapping", "collection_files",
           "read_items", "read_text", "LIST_SEPARATOR"]

YAML_SUFFIXES = (".yaml",)
LIST_SEPARATOR = ";"  # a list in a CSV cell: "pt1; pt2"


@dataclass(frozen=True)
class Located:
    """A raw record with the file and line it was read from.

    ``screened``: its file holds no character or escape that could give text no store can
    keep (a NUL, a lone surrogate), so its model need not look for them again.
    """

    data: dict[str, Any]
    file: str
    line: int
    screened: bool = False


# A YAML escape that can give a NUL or a lone surrogate; in a CSV file, only a raw NUL can.
_RISKY_ESCAPE = re.compile(r"\\(?:0|x00|u0000|U00000000|u[dD][89abAB]|U0000[dD][89abAB])")


def _screened(text: str, yaml_text: bool) -> bool:
    return "\x00" not in text and not (yaml_text and _RISKY_ESCAPE.search(text))


def _load_yaml(path: Path, rel: str, problems: list[Problem]) -> tuple[Any, bool]:
    """The file's values (None when it cannot be read), and whether its text is screened."""
    text = read_text(path, rel, problems)
    refusals: list[YamlRefused] = []
    try:
        data = load_with_lines(text, refusals)
    except yaml.YAMLError as e:
        error = e if isinstance(e, YamlRefused) else yaml_error(text) or e  # PyYAML's parser words it better
        problems.append(_yaml_problem(rel, text, error))
        return None, False
    problems += [_yaml_problem(rel, text, r) for r in refusals]
    return data, _screened(text, yaml_text=True)


def _yaml_problem(rel: str, text: str, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark else None
    if isinstance(error, YamlRefused):
        return Problem(rel, line, str(error.problem))
    if isinstance(error, yaml.reader.ReaderError):  # a character YAML does not allow, e.g. NUL
        code = error.character
        return Problem(rel, text.count("\n", 0, error.position) + 1,
                       f"holds the character U+{code:04X} ({_char_name(code)}), which a YAML file may not "
                       "contain: remove it")
    return Problem(rel, line, f"not valid YAML: {getattr(error, 'problem', error)}")


def _char_name(code: int) -> str:
    """What the character is, in words.

    >>> _char_name(0), _char_name(0x1b)
    ('NUL', 'a control character')
    """
    return "NUL" if code == 0 else "a control character" if code < 0x20 or 0x7f <= code < 0xa0 \
        else "a character YAML does not allow"


def read_text(path: Path, rel: str, problems: list[Problem]) -> str:
    """The file as text (UTF-8, a byte-order mark dropped). Text in another encoding is a problem
    naming it and the line of the first byte that is not UTF-8; it is still decoded, so that
    the rest of the package is checked against it without a cascade of unknown ids."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(rel, None, "is UTF-16 text: save it as UTF-8 (in Excel: 'CSV UTF-8')"))
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        byte = f"byte 0x{data[e.start]:02X}"
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            problems.append(Problem(rel, line, f"is not UTF-8 text ({byte} on this line): save it as UTF-8"))
            return data.decode("utf-8", errors="replace")
        problems.append(Problem(rel, line, f"is not UTF-8 text ({byte} on this line): it looks saved as "
                                "Windows-1252, as Excel on Windows saves 'CSV'; save it as 'CSV UTF-8'"))
        return text


def collection_files(root: Path, stem: str, csv_too: bool = True) -> list[Path]:
    """``stem.yaml``/``stem.csv`` and/or every such file in ``stem/``, in name order."""
    suffixes = (*YAML_SUFFIXES, ".csv") if csv_too else YAML_SUFFIXES
    files = [root / f"{stem}{s}" for s in suffixes if (root / f"{stem}{s}").is_file()]
    if (root / stem).is_dir():
        files += sorted(p for p in (root / stem).iterdir() if p.is_file() and p.suffix.lower() in suffixes)
    return files


def read_items(path: Path, root: Path, model: type[BaseModel], problems: list[Problem]) -> Iterator[Located]:
    """The records of one collection file, YAML or CSV; a CSV cell of a list field is split on ';'."""
    if path.suffix.lower() != ".csv":
        yield from read_yaml_items(path, root, problems)
        return
    lists = {name for name, f in model.model_fields.items() if get_origin(f.annotation) is list}
    for record in read_csv_rows(path, root, problems):
        data = {k: [v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()] if k in lists else value
                for k, value in record.data.items()}
        yield Located(data, record.file, record.line, record.screened)


def read_yaml_mapping(path: Path, root: Path, problems: list[Problem]) -> Located | None:
    rel = str(path.relative_to(root))
    told = len(problems)
    data, screened = _load_yaml(path, rel, problems)
    if data is None and len(problems) > told:
        return None
    if not isinstance(data, dict):
        what = "is empty" if data is None else "is not a mapping"
        problems.append(Problem(rel, 1, f"{what}: expected a mapping of fields (key: value)"))
        return None
    return Located(data, rel, data.pop(LINE_KEY, 1), screened)


def read_yaml_items(path: Path, root: Path, problems: list[Problem]) -> Iterator[Located]:
    """Each entry of a YAML list of mappings."""
    rel = str(path.relative_to(root))
    data, screened = _load_yaml(path, rel, problems)
    if data is None:
        return
    if not isinstance(data, list):
        problems.append(Problem(rel, 1, "expected a list of entries (each starting with '- ')"))
        return
    for item in data:
        if not isinstance(item, dict):
            problems.append(Problem(rel, None, f"entry {item!r} is not a mapping of fields"))
            continue
        yield Located({k: v for k, v in item.items() if k != LINE_KEY}, rel, item.get(LINE_KEY, 0), screened)


def read_csv_rows(path: Path, root: Path, problems: list[Problem]) -> Iterator[Located]:
    """Each data row of a CSV file with a header; empty cells are dropped."""
    rel = str(path.relative_to(root))
    text = read_text(path, rel, problems)
    screened = _screened(text, yaml_text=False)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:  # the reader goes on with the next line
            problems.append(Problem(rel, reader.reader.line_num, csv_problem(e)))
            continue
        if None in row:
            problems.append(Problem(rel, reader.line_num, "more cells than header columns"))
            continue
        cells = {k.strip(): (v or "").strip() for k, v in row.items()}
        if any(cells.values()):
            yield Located({k: v for k, v in cells.items() if v}, rel, reader.line_num, screened)
