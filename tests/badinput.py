"""Helpers of the bad-input tests: run ``ptgraph`` in-process and check that it refused plainly.

A refusal is a non-zero exit, a message naming the file and line (or row), no traceback,
and nothing written: no folder for an import, no node in the store for a load.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from cli.main import main
from graph.stores.store import Store
from loaders.package import BUILTIN_DIR

__all__ = ["ptgraph", "assert_refused", "copy_example", "store_is_empty", "edit"]


def ptgraph(*args: str | Path, graph: str | None = None) -> Result:
    """``ptgraph ARGS`` in this process (on the test's graph of the session's embedded store)."""
    env = {"PTGRAPH_GRAPH": graph} if graph else {}
    return CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=True)


def assert_refused(result: Result, *expected: str) -> str:
    """The command failed with a message, not an exception; every ``expected`` text is in it."""
    output = result.output
    assert result.exit_code not in (0, None), output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{type(result.exception).__name__}: {result.exception}\n{output}"
    assert "Traceback" not in output, output
    for text in expected:
        assert text in output, output
    return output


def copy_example(target: Path) -> Path:
    """A copy of the built-in example package to spoil."""
    shutil.copytree(BUILTIN_DIR / "example", target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path`` by ``new`` (which must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def store_is_empty(store: Store) -> bool:
    """No node and no relationship at all on the store's graph."""
    return store.run("count_nodes")[0] == {"nodes": 0, "relationships": 0}
