"""The synthetic corpus generator writes packages that validate, with chains across theories."""

from __future__ import annotations

from pathlib import Path

from bench.corpus import write_review
from graph.causal import derive_links
from loaders.package import read_package


def test_generated_review_validates_and_reuses_concepts_across_theories(tmp_path: Path) -> None:
    package = read_package(write_review(tmp_path, "synth", cmocs=300, seed=3))
    assert len(package.cmocs) == 300
    assert any(c.polarity == "negative" for c in package.cmocs)
    assert any(t.refines for t in package.theories)
    links = derive_links(package.cmocs, {c.id: c for c in package.concepts})
    assert sum(len(link.theories) > 1 for link in links) > 10


def test_the_same_seed_writes_the_same_package(tmp_path: Path) -> None:
    first = write_review(tmp_path / "a", "synth", cmocs=50, seed=7)
    second = write_review(tmp_path / "b", "synth", cmocs=50, seed=7)
    for path in sorted(first.rglob("*.*")):
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes(), path
