"""Shared fixtures: one real embedded FalkorDB server per test session, a fresh graph per test."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.stores import embedded
from graph.stores.falkor_store import FalkorStore

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT.parent / "shared" / "seeds" / "reco-hta-report-2024.txt"
ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(scope="session")
def ptgraph_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """PTGRAPH_HOME for the whole session, with the embedded server held open."""
    home = tmp_path_factory.mktemp("ptgraph-home")
    previous = os.environ.get("PTGRAPH_HOME")
    os.environ["PTGRAPH_HOME"] = str(home)
    embedded.acquire(home)
    yield home
    embedded.release(home)
    if previous is None:
        os.environ.pop("PTGRAPH_HOME", None)
    else:
        os.environ["PTGRAPH_HOME"] = previous


@pytest.fixture
def graph_name() -> str:
    return f"test_{uuid.uuid4().hex[:10]}"


@pytest.fixture
def store(ptgraph_home: Path, graph_name: str) -> Iterator[FalkorStore]:
    """A FalkorStore on a fresh graph of the session's embedded server."""
    s = FalkorStore(graph_name)
    yield s
    s.drop()
    s.close()


@pytest.fixture
def example_store(store: FalkorStore) -> FalkorStore:
    """A fresh graph holding the small example package (PT2 + PT5)."""
    from graph.load import load_package
    from loaders.package import read_package

    load_package(store, read_package("example"))
    return store


@pytest.fixture
def reco_store(store: FalkorStore) -> FalkorStore:
    """A fresh graph holding the full RECO review."""
    from graph.load import load_package
    from loaders.package import read_package

    load_package(store, read_package("reco"))
    return store


@pytest.fixture
def cli_env(ptgraph_home: Path, graph_name: str) -> dict[str, str]:
    """Environment for running ``ptgraph`` in a subprocess on the test's graph."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(PTGRAPH_HOME=str(ptgraph_home), PTGRAPH_GRAPH=graph_name)
    return env


@pytest.fixture
def broken_package(tmp_path: Path) -> Path:
    """The example package with several distinct mistakes in it."""
    target = tmp_path / "broken"
    shutil.copytree(ROOT / "loaders" / "builtin" / "example", target)
    cmocs = target / "cmocs.yaml"
    cmocs.write_text(cmocs.read_text().replace("theory: pt5\n", "theory: pt55\n", 1))
    evidence = target / "evidence.yaml"
    evidence.write_text(evidence.read_text().replace("site: site-b", "site: site-z")
                        .replace("supports: [pt5-no-leadership]", "supports: [pt5-nowhere]"))
    concepts = target / "concepts.csv"
    concepts.write_text(concepts.read_text().replace("staff-ownership,response", "staff-ownership,feeling"))
    with (target / "theories.yaml").open("a") as f:
        f.write("- id: pt2\n  name: A second PT 2\n")
    return target


def pytest_setup_options():
    """dash[testing] drives Debian's headless Chromium."""
    from tests.browser import chromium_options

    return chromium_options()
