"""Reading YAML and CSV files while remembering where each item came from."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from graph.errors import Problem
from loaders.yaml_lines import LINE_KEY, load_with_lines, yaml_error

__all__ = ["Located", "read_yaml_items", "read_csv_rows", "read_yaml_mapping", "collection_files"]


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


def collection_files(root: Path, stem: str, suffix: str) -> list[Path]:
    """``stem.suffix`` and/or every ``stem/*.suffix``, in name order."""
    files = [root / f"{stem}{suffix}"] if (root / f"{stem}{suffix}").is_file() else []
    if (root / stem).is_dir():
        files += sorted((root / stem).glob(f"*{suffix}"))
    return files


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
        with path.open(encoding="utf-8", newline="") as handle:
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
