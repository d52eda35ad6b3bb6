"""Reading and validating review packages (pure, no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import PackageInvalid, PackageNotFound
from loaders.package import builtin_packages, read_package


def test_example_package_is_valid() -> None:
    pkg = read_package("example")
    assert {t.id for t in pkg.theories} == {"pt2", "pt5"}
    assert pkg.locations["pt5-synthesis"][0] == "cmocs.yaml"


def test_builtin_packages_are_listed() -> None:
    assert {"example", "reco"} <= set(builtin_packages())


def test_every_problem_is_reported_with_its_location(broken_package: Path) -> None:
    with pytest.raises(PackageInvalid) as caught:
        read_package(broken_package)
    text = str(caught.value)
    assert "cmocs.yaml:20: pt5-synthesis: unknown theory (PT reference) 'pt55'" in text
    assert "unknown case site 'site-z'" in text
    assert "unknown CMOC 'pt5-nowhere'" in text
    assert "concepts.csv:6: staff-ownership: field 'kind'" in text
    assert "theories.yaml:30: duplicate id 'pt2' (first at theories.yaml:1)" in text
    assert all(p.line for p in caught.value.problems)


def test_cmoc_missing_an_element_is_reported(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    target.mkdir()
    (target / "review.yaml").write_text("id: r\nname: R\n")
    (target / "theories.yaml").write_text("- {id: t, name: T}\n")
    (target / "concepts.csv").write_text("id,kind,name\nc,context,C\nm,response,M\n")
    (target / "cmocs.yaml").write_text(
        "- id: x\n  name: X\n  theory: t\n  context: [{concept: c}]\n  response: [{concept: m}]\n")
    with pytest.raises(PackageInvalid) as caught:
        read_package(target)
    messages = [p.message for p in caught.value.problems]
    assert messages == [
        "CMOC x: missing its outcome (add one, or list 'outcome' under missing: with a missing_reason)",
        "CMOC x: missing its resource (add one, or list 'resource' under missing: with a missing_reason)",
    ]


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    target.mkdir()
    (target / "review.yaml").write_text("id: r\nname: R\n")
    (target / "theories.yaml").write_text("- id: t\n  name: [unclosed\n")
    with pytest.raises(PackageInvalid) as caught:
        read_package(target)
    assert caught.value.problems[0].file == "theories.yaml"
    assert caught.value.problems[0].line == 3


def test_unknown_field_is_a_typo(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    target.mkdir()
    (target / "review.yaml").write_text("id: r\nname: R\nlicence: CC BY\n")
    with pytest.raises(PackageInvalid, match="field 'licence': is not a known field"):
        read_package(target)


def test_quote_needs_attribution(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    target.mkdir()
    (target / "review.yaml").write_text("id: r\nname: R\n")
    (target / "evidence.yaml").write_text("- {id: q, kind: quote, text: hi, supports: [x]}\n")
    with pytest.raises(PackageInvalid, match="a quote needs the participant's role"):
        read_package(target)


def test_missing_package_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PackageNotFound, match="no such folder or built-in package"):
        read_package(tmp_path / "nothing-here")


def test_a_glossary_written_back_as_term_strings_reads_as_the_same_mapping() -> None:
    from graph.models import Review

    written = Review(id="r", name="R", abbreviations={"PT": "programme theory", "CMO": "a: b"})
    stored = written.model_dump(mode="json")["abbreviations"]
    assert stored == ["PT: programme theory", "CMO: a: b"]
    assert Review(id="r", name="R", abbreviations=stored).abbreviations == written.abbreviations
