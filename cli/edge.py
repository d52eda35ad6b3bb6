"""What every command shares: its store, and the edge where ptgraph's errors become messages."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

import click

from graph.errors import PackageInvalid, PtgraphError, grouped_problems
from graph.stores.store import Store

__all__ = ["friendly", "cli_store", "parse_params"]


def friendly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn ptgraph's own errors into a message and a non-zero exit, no traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PackageInvalid as e:
            count = len(e.problems)
            click.echo(f"{count} problem{'s' if count != 1 else ''} found:", err=True)
            for line in grouped_problems(e.problems):
                click.echo(f"  {line}", err=True)
            sys.exit(1)
        except PtgraphError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(1)

    return wrapper


@contextmanager
def cli_store(ctx: click.Context) -> Iterator[Store]:
    """The store the group's options (or NEO4J_* / PTGRAPH_* variables) name.

    ``--uri`` already holds NEO4J_URI (click reads it), so without one the store is the
    embedded one, opened without importing the Neo4j driver or the analytics (``graph.api``
    costs a cold command about a second of imports it does not use).
    """
    options = ctx.find_root().obj
    if options["uri"]:
        from graph.api import open_store

        opened: Store = open_store(options["uri"], user=options["user"], database=options["database"])
    else:
        from graph.stores.falkor_store import FalkorStore

        opened = FalkorStore()
    with opened as store:
        yield store


def parse_params(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``-p key=value`` pairs as query parameters; a value is JSON when it parses, else text.

    >>> parse_params(("id=reco:pt1", "n=3", "tags=[1, 2]"))
    {'id': 'reco:pt1', 'n': 3, 'tags': [1, 2]}
    """
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not key=value", param_hint="--param")
        try:
            params[key] = json.loads(raw)
        except ValueError:
            params[key] = raw
    return params
