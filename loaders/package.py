"""Read a review package folder into a validated :class:`ReviewPackage`.

The folder format is documented in docs/package-format.md. Every problem found is
collected and raised together as :class:`PackageInvalid`, each with file and line; a
file the format does not know is a warning, not silently skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from graph.concepts.merging import apply_merges
from graph.errors import PackageInvalid, PackageNotFound, Problem, field_problem
from graph.models import (
    CMOC,
    TEXT_SCREENED,
    CaseSite,
    Concept,
    ConceptLink,
    ConceptMerge,
    Evidence,
    FormalTheory,
    FrameworkComponent,
    Note,
    Reference,
    Review,
    ServiceModel,
    Theory,
)
from graph.package import ReviewPackage
from graph.validation import check_references, did_you_mean
from loaders.files.sources import Located, collection_files, read_items, read_yaml_mapping

__all__ = ["read_package", "resolve_package", "BUILTIN_DIR", "builtin_packages", "LAYOUT", "known_files"]

BUILTIN_DIR = Path(__file__).parent / "builtin"

# collection -> (file stems, model); each stem may be .yaml or .csv (CMOCs: YAML only,
# their elements are nested), as one file and/or a folder of files.
LAYOUT: dict[str, tuple[tuple[str, ...], type[BaseModel]]] = {
    "theories": (("theories",), Theory),
    "concepts": (("concepts",), Concept),
    "cmocs": (("cmocs",), CMOC),
    "evidence": (("evidence",), Evidence),
    "sites": (("sites",), CaseSite),
    "service_models": (("service_models",), ServiceModel),
    "components": (("components", "selfie"), FrameworkComponent),
    "formal_theories": (("formal_theories",), FormalTheory),
    "references": (("references",), Reference),
    "notes": (("notes",), Note),
    "merges": (("merges",), ConceptMerge),
    "concept_links": (("concept_links",), ConceptLink),
}
UNKEYED = ("merges", "concept_links")
# Fields a placeholder fills when an item failed its own checks, so its references can still be followed.
_PLACEHOLDERS = {"name": "-", "text": "-", "citation": "-", "theory": "", "service_model": "",
                 "about": [""], "kind": {Concept: "context", Evidence: "document", Note: "curation"}}


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


def known_files(root: Path) -> dict[Path, str]:
    """Every file of the package the format knows, with the collection it belongs to."""
    found: dict[Path, str] = {}
    for name, (stems, _) in LAYOUT.items():
        for stem in stems:
            for path in collection_files(root, stem, name != "cmocs"):
                found[path] = name
    return found


def read_package(name_or_path: str | Path) -> ReviewPackage:
    """Read and validate a package; raise PackageInvalid listing every problem.

    >>> pkg = read_package("example")
    >>> pkg.review.id, len(pkg.theories) >= 2
    ('example', True)
    """
    root = resolve_package(name_or_path)
    problems: list[Problem] = []
    review = _read_review(root, problems)
    collected: dict[str, list[Any]] = {name: [] for name in LAYOUT}
    locations: dict[str, tuple[str, int]] = {}
    partial: set[str] = set()
    files = known_files(root)
    for path, name in files.items():
        model = LAYOUT[name][1]
        for record in read_items(path, root, model, problems):
            item, complete = _parse(model, record, problems)
            if item is None:
                continue
            collected[name].append(item)
            if name not in UNKEYED:
                _remember(item.id, record, locations, problems)
                if not complete:
                    partial.add(item.id)
    if review is None:
        raise PackageInvalid(problems)
    package = ReviewPackage(review=review, path=root, locations=locations, **collected,
                            warnings=_unknown_files(root, set(files)))
    problems += check_references(package, frozenset(partial))
    if problems:  # an unread file often explains the problems, so it is told with them
        warned = [Problem(w.file, w.line, f"warning: {w.message}") for w in package.warnings]
        raise PackageInvalid(problems + warned)
    package, merge_problems = apply_merges(package)
    if merge_problems:
        raise PackageInvalid(merge_problems)
    return package


def _unknown_files(root: Path, known: set[Path]) -> list[Problem]:
    """A warning for every file the format does not read (e.g. ``cmocs.yml`` or ``cmoc.yaml``)."""
    folders = {p.parent for p in known} | {root}
    names = [f"{stem}{suffix}" for stems, _ in LAYOUT.values() for stem in stems
             for suffix in (".yaml", ".csv")]
    warnings = []
    for folder in sorted(folders):
        for path in sorted(folder.iterdir()):
            if path.is_file() and path not in known and path.name != "review.yaml" \
                    and not path.name.startswith(".") and path.suffix.lower() not in (".md", ".txt"):
                hint = did_you_mean(path.name, names).removeprefix(" ") or "(see docs/package-format.md)"
                warnings.append(Problem(str(path.relative_to(root)), None,
                                        f"not a file of the package format, so it was not read {hint}"))
    return warnings


def _read_review(root: Path, problems: list[Problem]) -> Review | None:
    record = read_yaml_mapping(root / "review.yaml", root, problems)
    return _parse(Review, record, problems)[0] if record else None


def _parse(model: type[BaseModel], record: Located, problems: list[Problem]) -> tuple[Any, bool]:
    """The item, and whether it passed its own checks; a failed item comes back with placeholders."""
    data = dict(record.data)
    if model is Concept and "kind" in data:
        data["kind"] = str(data["kind"]).lower()
    try:
        return model.model_validate(data, context={TEXT_SCREENED: True} if record.screened else None), True
    except ValidationError as e:
        label = str(data.get("id") or data.get("concept") or "entry")
        bad = set()
        for err in e.errors():
            field = ".".join(str(p) for p in err["loc"])
            bad.add(str(err["loc"][0]) if err["loc"] else "")
            where = f"{label}: field '{field}'" if field else label
            problems.append(Problem(record.file, record.line, f"{where}: {field_problem(err)}",
                                    subject=label))
        return _placeholder(model, data, bad), False


def _placeholder(model: type[BaseModel], data: dict[str, Any], bad: set[str]) -> Any:
    """The item with its bad fields replaced, for reference checks only; None if its id is bad."""
    if "id" in bad and "id" in model.model_fields:
        return None
    kept = {k: v for k, v in data.items() if k not in bad and k in model.model_fields}
    for name, field in model.model_fields.items():
        if field.is_required() and name not in kept and name in _PLACEHOLDERS:
            value = _PLACEHOLDERS[name]
            kept[name] = value.get(model) if isinstance(value, dict) else value
    try:
        return model.model_validate(kept, context={"lenient": True})
    except ValidationError:
        return None


def _remember(
    item_id: str, record: Located, locations: dict[str, tuple[str, int]], problems: list[Problem]
) -> None:
    if item_id in locations:
        first = "{}:{}".format(*locations[item_id])
        problems.append(Problem(record.file, record.line, f"duplicate id '{item_id}' (first at {first})",
                                subject=item_id))
        return
    locations[item_id] = (record.file, record.line)
