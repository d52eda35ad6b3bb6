"""Reading YAML and CSV files while remembering where each item came from."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_origin

import yaml
from pydantic import BaseModel

from graph.errors import Problem
from loaders.yaml_lines import LINE_KEY, load_with_lines, yaml_error

__all__ = ["Located", "read_yaml_items", "read_csv_rows", "read_yaml_mapping", "collection_files",
           "read_items", "LIST_SEPARATOR"]

YAML_SUFFIXES = (".yaml",)
LIST_SEPARATOR = ";"  # a list in a CSV cell: "pt1; pt2"


@dataclass(frozen=True)
class Located:
    """A raw record with the file and line it was read from."""

    data: dict[str, Any]
    file: str
    line: int


def _load_yaml(path: Path, rel: str, problems: list[Problem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
        return load_with_lines(text)
    except yaml.YAMLError as e:
        error = yaml_error(text) or e  # PyYAML's own parser words the problem more precisely
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problems.append(Problem(rel, line, f"not valid YAML: {getattr(error, 'problem', error)}"))
    except UnicodeDecodeError:
        problems.append(Problem(rel, None, "not UTF-8 text"))
    return None


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
        yield Located(data, record.file, record.line)


def read_yaml_mapping(path: Path, root: Path, problems: list[Problem]) -> Located | None:
    rel = str(path.relative_to(root))
    data = _load_yaml(path, rel, problems)
    if data is None:
        return None
    if not isinstance(data, dict):
        problems.append(Problem(rel, 1, "expected a mapping of fields (key: value)"))
        return None
    return Located(data, rel, data.pop(LINE_KEY, 1))


def read_yaml_items(path: Path, root: Path, problems: list[Problem]) -> Iterator[Located]:
    """Each entry of a YAML list of mappings."""
    rel = str(path.relative_to(root))
    data = _load_yaml(path, rel, problems)
    if data is None:
        return
    if not isinstance(data, list):
        problems.append(Problem(rel, 1, "expected a list of entries (each starting with '- ')"))
        return
    for item in data:
        if not isinstance(item, dict):
            problems.append(Problem(rel, None, f"entry {item!r} is not a mapping of fields"))
            continue
        yield Located({k: v for k, v in item.items() if k != LINE_KEY}, rel, item.get(LINE_KEY, 0))


def read_csv_rows(path: Path, root: Path, problems: list[Problem]) -> Iterator[Located]:
    """Each data row of a CSV file with a header; empty cells are dropped."""
    rel = str(path.relative_to(root))
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                if None in row:
                    problems.append(Problem(rel, reader.line_num, "more cells than header columns"))
                    continue
                cells = {k.strip(): (v or "").strip() for k, v in row.items()}
                if any(cells.values()):
                    yield Located({k: v for k, v in cells.items() if v}, rel, reader.line_num)
    except (UnicodeDecodeError, csv.Error) as e:
        problems.append(Problem(rel, None, f"cannot read CSV: {e}"))
