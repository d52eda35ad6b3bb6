"""The fast YAML reader gives exactly what PyYAML's pure-Python safe loader gave, lines included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.corpus import write_review
from graph.errors import Problem
from loaders.files import yaml_lines
from loaders.files.sources import read_yaml_items, read_yaml_mapping
from loaders.files.yaml_lines import C_LOADER, load_with_lines
from loaders.package import BUILTIN_DIR


class _ReferenceLoader(yaml.SafeLoader):
    """The loader ptgraph used before: pure Python, ``__line__`` on every mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def reference_items(path: Path) -> list[tuple[dict, int]]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ReferenceLoader)  # noqa: S506
    if isinstance(data, dict):
        return [(_strip(data), data["__line__"])]
    return [(_strip(item), item["__line__"]) for item in data]


def fast_items(path: Path, root: Path) -> list[tuple[dict, int]]:
    problems: list[Problem] = []
    if path.name == "review.yaml":
        found = read_yaml_mapping(path, root, problems)
        items = [found] if found else []
    else:
        items = list(read_yaml_items(path, root, problems))
    assert problems == []
    return [(item.data, item.line) for item in items]


def yaml_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.yaml"))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_review(tmp_path_factory.mktemp("corpus"), "synth", cmocs=300, seed=3)


@pytest.mark.parametrize("package", ["reco", "example"])
def test_builtin_packages_read_identically(package: str) -> None:
    root = BUILTIN_DIR / package
    files = yaml_files(root)
    assert files
    for path in files:
        assert fast_items(path, root) == reference_items(path), path


def test_generated_package_reads_identically(synthetic: Path) -> None:
    for path in yaml_files(synthetic):
        assert fast_items(path, synthetic) == reference_items(path), path


def test_packages_never_need_the_slow_loader(monkeypatch: pytest.MonkeyPatch, synthetic: Path) -> None:
    """The event reader handles every file a package has; PyYAML's composer is only a fallback."""
    def slow(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("fell back to PyYAML's loader")

    monkeypatch.setattr(yaml_lines._LineLoader, "get_single_data", slow)
    for root in (BUILTIN_DIR / "reco", synthetic):
        for path in yaml_files(root):
            assert fast_items(path, root)
    assert "CSafeLoader" not in dir(yaml) or C_LOADER


UNUSUAL = """\
- id: a
  when: 2024-05-01
  yes: on
  ratio: 0.5
  none: ~
  base: &shared {k: 1, nested: [1, 2]}
- id: b
  <<: *shared
  again: *shared
  1: one
  tagged: !!str 12
- plain text entry
"""


@pytest.mark.parametrize("text", [UNUSUAL, UNUSUAL.replace("  <<: *shared\n", ""), "", "just text", "---\n",
                                  "'<<': quoted\nyes: no\n~: null key\n",
                                  "- [1, 2]\n- {a: {b: {c: d}}}\n"])
def test_unusual_yaml_gives_what_safe_load_gives(text: str) -> None:
    expected = yaml.load(text, Loader=_ReferenceLoader)  # noqa: S506
    got = load_with_lines(text)
    if isinstance(expected, list):
        assert [_strip(v) for v in got] == [_strip(v) for v in expected]
        assert [v.get("__line__") for v in got if isinstance(v, dict)] == \
            [v["__line__"] for v in expected if isinstance(v, dict)]
    else:
        assert got == (expected if not isinstance(expected, dict) else {**_strip(expected), "__line__": 1})


@pytest.mark.parametrize("text", ["- id: a\n  name: [unclosed\n- id: b\n", "a: b: c\n", "x: @foo\n",
                                  "- &x {a: 1}\n- *y\n", "key: 'open\n", "--- a\n--- b\n"])
def test_bad_yaml_is_reported_as_before(tmp_path: Path, text: str) -> None:
    path = tmp_path / "theories.yaml"
    path.write_text(text)
    problems: list[Problem] = []
    assert list(read_yaml_items(path, tmp_path, problems)) == []
    try:
        yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        expected = Problem("theories.yaml", mark.line + 1 if mark else None, f"not valid YAML: {e.problem}")
    assert problems == [expected]
