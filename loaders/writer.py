"""Write a review package to a folder in the package format, plain and diffable.

Files are written to a temporary folder beside the target, read back and validated, and
only then moved into place: a package that would not load is never left behind.
Curation files (``merges.csv``, ``concept_links.csv``, README) already in the target are kept.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from graph.package import ReviewPackage
from loaders.files.sources import LIST_SEPARATOR

__all__ = ["write_package", "dump_yaml", "write_csv", "GENERATED", "KEPT"]

# collection -> file the writer produces (YAML for nested items, CSV for flat ones)
GENERATED = {"theories": "theories.yaml", "concepts": "concepts.csv", "cmocs": "cmocs.yaml",
             "evidence": "evidence.yaml", "references": "references.csv", "sites": "sites.yaml",
             "components": "components.yaml", "service_models": "service_models.yaml",
             "formal_theories": "formal_theories.yaml", "notes": "notes.yaml", "merges": "merges.csv",
             "concept_links": "concept_links.csv"}
KEPT = ("merges.csv", "concept_links.csv", "README.md")


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Multi-line text as a block (``|``) so quotes read as they were written."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump_yaml(data: Any, header: str = "") -> str:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return "".join(f"# {line}\n" for line in header.splitlines()) + text


def _record(item: BaseModel) -> dict[str, Any]:
    data = item.model_dump(mode="json", exclude_defaults=True)
    return {k: data[k] for k in item.model_fields if k in data}  # the model's own field order


def write_csv(path: Path, items: list[BaseModel]) -> None:
    records = [_record(i) for i in items]
    columns = list(dict.fromkeys(k for r in records for k in r))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for r in records:
            writer.writerow({k: LIST_SEPARATOR.join(v) if isinstance(v, list) else v for k, v in r.items()})


def _write_files(package: ReviewPackage, folder: Path, header: str) -> None:
    review = _record(package.review)
    if package.review.abbreviations:  # a mapping, as a person writes it (the model dumps the stores' strings)
        review["abbreviations"] = dict(package.review.abbreviations)
    (folder / "review.yaml").write_text(dump_yaml(review, header), encoding="utf-8")
    for name, file in GENERATED.items():
        items = getattr(package, name)
        if not items:
            continue
        if file.endswith(".csv"):
            write_csv(folder / file, items)
        else:
            (folder / file).write_text(dump_yaml([_record(i) for i in items]), encoding="utf-8")


def _combine(kept: Path, new: Path) -> None:
    """The kept curation rows, then the new rows about items the kept ones do not mention."""
    with kept.open(encoding="utf-8-sig", newline="") as handle:
        old = list(csv.DictReader(handle))
    with new.open(encoding="utf-8", newline="") as handle:
        fresh = list(csv.DictReader(handle))
    known = {row.get("concept") for row in old}
    rows = old + [row for row in fresh if row.get("concept") not in known]
    columns = list(dict.fromkeys(k for row in rows for k in row))
    with new.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def write_package(package: ReviewPackage, out: Path, header: str = "",
                  keep: tuple[str, ...] = KEPT) -> ReviewPackage:
    """Write ``package`` to ``out`` (created, or its generated files replaced); return it as read back.

    ``keep`` names curation files of an existing ``out`` that survive (the package's own
    merges are added to a kept ``merges.csv``, never dropped).
    """
    from loaders.package import read_package

    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        _write_files(package, staging, header)
        for name in keep:
            if (out / name).is_file() and not (staging / name).is_file():
                shutil.copy2(out / name, staging / name)
            elif (out / name).is_file() and name.endswith(".csv"):
                _combine(out / name, staging / name)
        written = read_package(staging)  # raises PackageInvalid: nothing is moved into place
        out.mkdir(exist_ok=True)
        for old in list(GENERATED.values()) + ["review.yaml"]:
            if (out / old).is_file() and not (staging / old).is_file() and old not in keep:
                (out / old).unlink()
        for path in staging.iterdir():
            shutil.move(str(path), str(out / path.name))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return replace(written, path=out)
