"""What every command shares: its store, and the edge where ptgraph's errors become messages."""

from __future__ import annotations

import json
import logging
import math
import re
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

import click

from graph.errors import PackageInvalid, PtgraphError, grouped_problems
from graph.stores.store import Store

__all__ = ["friendly", "cli_store", "parse_params", "Stopped", "STOP_SIGNALS"]

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(BaseException):
    """SIGINT, SIGTERM or SIGHUP arrived: unwind, so every store (and server) is released.

    Not a KeyboardInterrupt, which some servers (Flask's) catch and swallow.
    """

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _raise_stopped(signum: int, frame: object) -> None:
    raise Stopped(signum)


def friendly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn ptgraph's own errors and stop signals into a message and a non-zero exit, no traceback.

    SIGINT, SIGTERM and SIGHUP unwind the command, so the embedded server it started is
    stopped (and a load in progress is undone) before the process exits.
    """

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for signum in STOP_SIGNALS:
            signal.signal(signum, _raise_stopped)
        try:
            return command(*args, **kwargs)
        except (KeyboardInterrupt, Stopped) as e:  # KeyboardInterrupt: a signal before the handlers
            number = e.signum if isinstance(e, Stopped) else int(signal.SIGINT)
            click.echo(f"Stopped by {signal.Signals(number).name}; nothing half-done was kept.", err=True)
            sys.exit(128 + number)
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
    costs a cold command about a second of imports it does not use). What the store says
    while it opens (a server restarted after a crash, a discarded interrupted load) goes to
    stderr, one sentence each.
    """
    _report_waits()
    options = ctx.find_root().obj
    if options["uri"]:
        from graph.api import open_store

        opened: Store = open_store(options["uri"], user=options["user"], database=options["database"])
    else:
        from graph.stores.falkor_store import FalkorStore

        opened = FalkorStore()
    with opened as store:
        for notice in getattr(store, "notices", []):
            click.echo(notice, err=True)
        yield store


_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _report_waits() -> None:
    """Let the store say on stderr what it waits for (a loading server, another load)."""
    logger = logging.getLogger("ptgraph.store")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def parse_params(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``-p key=value`` pairs as query parameters; a value is JSON when it parses, else text.

    A name is what a query writes after ``$``; a value must be one both stores can take.

    >>> parse_params(("id=reco:pt1", "n=3", "tags=[1, 2]", "x=NaN"))
    {'id': 'reco:pt1', 'n': 3, 'tags': [1, 2], 'x': 'NaN'}
    >>> parse_params(("a`b=1",))
    Traceback (most recent call last):
    click.exceptions.BadParameter: 'a`b=1': a parameter name may use only letters, digits and '_', \
and may not start with a digit (the query writes it as $name)
    """
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not key=value", param_hint="--param")
        if not _PARAM_NAME.fullmatch(key):
            raise click.BadParameter(f"{pair!r}: a parameter name may use only letters, digits and '_', "
                                     "and may not start with a digit (the query writes it as $name)",
                                     param_hint="--param")
        try:
            value = json.loads(raw, parse_constant=_not_json)
        except ValueError:
            value = raw
        problem = _unusable(value)
        if problem:
            raise click.BadParameter(f"{pair!r}: {problem}", param_hint="--param")
        params[key] = value
    return params


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")  # NaN and Infinity: read as text instead


def _unusable(value: Any) -> str | None:
    """Why a parameter value cannot be sent to a store, or None."""
    from graph.models import INT64, unstorable

    if isinstance(value, float) and not math.isfinite(value):
        return "the number is too large (it would be infinite)"
    if isinstance(value, int) and not isinstance(value, bool) and not INT64[0] <= value <= INT64[1]:
        return "the number is too large to store (more than 64 bits)"
    if isinstance(value, dict):
        if any(not str(k) or "`" in str(k) for k in value):
            return "a key of a JSON object may not be empty or hold a backtick (`)"
        return next(filter(None, map(_unusable, value.values())), None)
    if isinstance(value, list):
        return next(filter(None, map(_unusable, value)), None)
    return unstorable(value, "the value")
