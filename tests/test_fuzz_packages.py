"""Fuzzing the package reader: mutated copies of the example and RECO packages (YAML text, CSV
cells, bytes and encodings, value types) give a package that can be stored, or ptgraph's own
error naming file and line; ``ptgraph load`` of one writes all of it or nothing."""

from __future__ import annotations

import random
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
import yaml
from hypothesis import event, given, note
from hypothesis import strategies as st

from graph.errors import PackageInvalid
from graph.stores.falkor_store import FalkorStore
from loaders.package import BUILTIN_DIR, read_package
from tests.badinput import ptgraph, store_is_empty
from tests.fuzzing import (
    assert_storable,
    examples,
    mutate_bytes,
    mutate_csv,
    mutate_yaml,
    replace_somewhere,
    yaml_values,
)


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".csv"))


@st.composite
def spoil(draw: st.DrawFn, root: Path) -> str:
    """Spoil one or two files of the package in ``root``; say what was done (for the failure report)."""
    done = []
    for path in draw(st.lists(st.sampled_from(_files(root)), min_size=1, max_size=2, unique=True)):
        data = path.read_bytes()
        how = draw(st.sampled_from(["text", "text", "types", "bytes"]))
        if how == "bytes":
            path.write_bytes(draw(mutate_bytes(data)))
        elif how == "types" and path.suffix == ".yaml":
            parsed = yaml.safe_load(data.decode("utf-8"))
            rng = random.Random(draw(st.integers(0, 2**32)))
            parsed = replace_somewhere(parsed, draw(yaml_values), rng)
            path.write_text(yaml.safe_dump(parsed, allow_unicode=True, sort_keys=False), encoding="utf-8",
                            errors="surrogatepass")
        else:
            mutate = mutate_yaml if path.suffix == ".yaml" else mutate_csv
            path.write_text(draw(mutate(data.decode("utf-8"))), encoding="utf-8", errors="surrogatepass")
        done.append(f"{path.relative_to(root)} ({how})")
    return ", ".join(done)


def read_or_refuse(root: Path) -> bool:
    """True when the package was read; a refusal must list problems, each naming its file."""
    try:
        package = read_package(root)
    except PackageInvalid as e:
        assert e.problems and all(p.file and p.message for p in e.problems), e.problems
        event("refused")
        return False
    assert_storable(package)
    event("read")
    return True


def _fuzz_read(seed: str, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / seed
        shutil.copytree(BUILTIN_DIR / seed, root)
        note(data.draw(spoil(root)))
        read_or_refuse(root)


@examples(300)
@given(st.data())
def test_spoiled_example_packages_are_read_or_refused_plainly(data: st.DataObject) -> None:
    _fuzz_read("example", data)


@examples(30)
@given(st.data())
def test_spoiled_reco_packages_are_read_or_refused_plainly(data: st.DataObject) -> None:
    _fuzz_read("reco", data)


@pytest.mark.usefixtures("ptgraph_home")
@examples(40)
@given(st.data())
def test_load_of_a_spoiled_package_writes_all_or_nothing(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "example"
        shutil.copytree(BUILTIN_DIR / "example", root)
        note(data.draw(spoil(root)))
        store = FalkorStore(f"fuzz_{uuid.uuid4().hex[:10]}")
        try:
            done = ptgraph("load", root, graph=store.graph_name)
            assert done.exception is None or isinstance(done.exception, SystemExit), done.output
            assert "Traceback" not in done.output
            event(f"exit {done.exit_code}")
            if done.exit_code == 0:
                assert store.run("list_reviews"), done.output
            else:
                assert "problem" in done.output and store_is_empty(store), done.output
        finally:
            store.drop()
            store.close()

