"""Shared fixtures: one real embedded FalkorDB server and one real Neo4j server per test session,
a fresh graph per test.

``store``/``example_store``/``reco_store``/``cli_env`` are the embedded store (most unit tests).
The ``any_*`` fixtures run a test once per store kind: ``[embedded]`` and ``[neo4j]``.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from graph.stores import embedded
from graph.stores.falkor_store import FalkorStore
from graph.stores.neo4j_store import Neo4jStore
from graph.stores.store import Store
from tests import neo4j_server

# Fuzz tests (tests/test_fuzz_*.py) set their own max_examples (tests.fuzzing.examples), together
# ~60 s on 2 cores. No deadline: a shared machine is noisy. In CI (CI=true) the examples are
# derived from each test's name (derandomize), so a run is repeatable; elsewhere they are random,
# and a failure found is kept in .hypothesis/ and tried first next time.
settings.register_profile("ptgraph", deadline=None, derandomize=bool(os.environ.get("CI")),
                          suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.load_profile("ptgraph")

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
    # this checkout's code, whatever the folder the command runs in (a shared or stale install
    # of ptgraph elsewhere on the path must not answer instead)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return env


STORE_KINDS = ["embedded", "neo4j"]


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Neo4j 5.26 server with auth on, for the whole session (``scripts/neo4j``)."""
    missing = neo4j_server.missing_tools()
    if missing:
        reason = f"Neo4j tests need {missing} (Java 17+ and Maven) to run a real Neo4j server"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run them")
        pytest.skip(reason)
    with neo4j_server.running(tmp_path_factory.mktemp("neo4j")) as uri:
        yield uri


@pytest.fixture
def neo4j_store(neo4j_uri: str) -> Iterator[Neo4jStore]:
    """The session's Neo4j, wiped: Community has one user database, so a fresh graph is an empty one."""
    s = Neo4jStore(neo4j_uri, neo4j_server.USER, neo4j_server.PASSWORD)
    s.query("MATCH (n) DETACH DELETE n", write=True, timeout_ms=None)
    yield s
    s.close()


@pytest.fixture(params=STORE_KINDS)
def any_store(request: pytest.FixtureRequest) -> Store:
    """A fresh, empty graph on each store kind in turn."""
    return request.getfixturevalue("store" if request.param == "embedded" else "neo4j_store")


@pytest.fixture
def any_example_store(any_store: Store) -> Store:
    from graph.load import load_package
    from loaders.package import read_package

    load_package(any_store, read_package("example"))
    return any_store


@pytest.fixture
def any_reco_store(any_store: Store) -> Store:
    from graph.load import load_package
    from loaders.package import read_package

    load_package(any_store, read_package("reco"))
    return any_store


@pytest.fixture(params=STORE_KINDS)
def any_cli_env(request: pytest.FixtureRequest) -> dict[str, str]:
    """``cli_env`` for each store kind; on Neo4j it holds NEO4J_URI (tests pass it as ``--uri``)."""
    env = dict(request.getfixturevalue("cli_env"))
    if request.param == "neo4j":
        request.getfixturevalue("neo4j_store")  # wipes the database
        env.update(NEO4J_URI=request.getfixturevalue("neo4j_uri"), NEO4J_PASSWORD=neo4j_server.PASSWORD)
    return env


@pytest.fixture
def outside_write(any_store: Store) -> Callable[..., None]:
    """Write to ``any_store``'s database with Cypher through another client, as a person in the
    Neo4j Browser or redis-cli would: ptgraph hears of it only through the database."""
    if isinstance(any_store, Neo4jStore):
        import neo4j

        def write(text: str, params: dict[str, Any] | None = None) -> None:
            auth = (neo4j_server.USER, neo4j_server.PASSWORD)
            with neo4j.GraphDatabase.driver(any_store.uri, auth=auth) as driver:
                driver.execute_query(text, params or {})
        return write
    from falkordb import FalkorDB

    assert isinstance(any_store, FalkorStore)
    host, port = any_store.address.rsplit(":", 1)
    server = embedded.running_server()
    assert server is not None
    graph = FalkorDB(host=host, port=int(port), password=server.password).select_graph(any_store.graph_name)
    return lambda text, params=None: graph.query(text, params or None) and None


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
