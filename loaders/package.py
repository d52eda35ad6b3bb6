"""Read a review package folder into a validated :class:`ReviewPackage`.

The folder format is documented in docs/package-format.md. Every problem found is
collected and raised together as :class:`PackageInvalid`, each with file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from graph.errors import PackageInvalid, PackageNotFound, Problem, field_problem
from graph.models import (
    CMOC,
    CaseSite,
    Concept,
    Evidence,
    FormalTheory,
    Note,
    Reference,
    Review,
    SelfieDomain,
    ServiceModel,
    Theory,
)
from graph.package import ReviewPackage
from graph.validation import check_references
from loaders.sources import (
    Located,
    collection_files,
    read_csv_rows,
    read_yaml_items,
    read_yaml_mapping,
)

__all__ = ["read_package", "resolve_package", "BUILTIN_DIR", "builtin_packages"]

BUILTIN_DIR = Path(__file__).parent / "builtin"

# collection -> (file stem, suffix, model)
LAYOUT: dict[str, tuple[str, str, type[BaseModel]]] = {
    "theories": ("theories", ".yaml", Theory),
    "concepts": ("concepts", ".csv", Concept),
    "cmocs": ("cmocs", ".yaml", CMOC),
    "evidence": ("evidence", ".yaml", Evidence),
    "sites": ("sites", ".yaml", CaseSite),
    "service_models": ("service_models", ".yaml", ServiceModel),
    "selfie_domains": ("selfie", ".yaml", SelfieDomain),
    "formal_theories": ("formal_theories", ".yaml", FormalTheory),
    "references": ("references", ".csv", Reference),
    "notes": ("notes", ".yaml", Note),
}


def builtin_packages() -> list[str]:
    """Names of the review packages shipped with ptgraph."""
    return sorted(p.name for p in BUILTIN_DIR.iterdir() if (p / "review.yaml").is_file())


def resolve_package(name_or_path: str | Path) -> Path:
    """A folder path, or the folder of a built-in package such as ``reco``."""
    path = Path(name_or_path)
    if (path / "review.yaml").is_file():
        return path
    builtin = BUILTIN_DIR / str(name_or_path)
    if (builtin / "review.yaml").is_file():
        return builtin
    if path.exists():
        raise PackageNotFound(f"{path}: not a review package (no review.yaml in it)")
    known = ", ".join(builtin_packages())
    raise PackageNotFound(f"{name_or_path}: no such folder or built-in package (built-in: {known})")


def read_package(name_or_path: str | Path) -> ReviewPackage:
    """Read and validate a package; raise PackageInvalid listing every problem.

    >>> pkg = read_package("example")
    >>> pkg.review.id, len(pkg.theories) >= 2
    ('example', True)
    """
    root = resolve_package(name_or_path)
    problems: list[Problem] = []
    review = _read_review(root, problems)
    collected: dict[str, list[Any]] = {}
    locations: dict[str, tuple[str, int]] = {}
    for name, (stem, suffix, model) in LAYOUT.items():
        collected[name] = []
        for path in collection_files(root, stem, suffix):
            reader = read_csv_rows if suffix == ".csv" else read_yaml_items
            for record in reader(path, root, problems):
                item = _parse(model, record, problems)
                if item is not None:
                    collected[name].append(item)
                    _remember(item.id, record, locations, problems)
    if review is None:
        raise PackageInvalid(problems)
    package = ReviewPackage(review=review, path=root, locations=locations, **collected)
    problems += check_references(package)
    if problems:
        raise PackageInvalid(problems)
    return package


def _read_review(root: Path, problems: list[Problem]) -> Review | None:
    record = read_yaml_mapping(root / "review.yaml", root, problems)
    return _parse(Review, record, problems) if record else None


def _parse(model: type[BaseModel], record: Located, problems: list[Problem]) -> Any:
    data = dict(record.data)
    if model is Concept and "kind" in data:
        data["kind"] = str(data["kind"]).lower()
    try:
        return model.model_validate(data)
    except ValidationError as e:
        label = data.get("id", "entry")
        for err in e.errors():
            field = ".".join(str(p) for p in err["loc"])
            where = f"{label}: field '{field}'" if field else str(label)
            problems.append(Problem(record.file, record.line, f"{where}: {field_problem(err)}"))
        return None


def _remember(
    item_id: str, record: Located, locations: dict[str, tuple[str, int]], problems: list[Problem]
) -> None:
    if item_id in locations:
        first = "{}:{}".format(*locations[item_id])
        problems.append(Problem(record.file, record.line, f"duplicate id '{item_id}' (first at {first})"))
        return
    locations[item_id] = (record.file, record.line)
