"""``ptgraph serve``: the explorer in the browser.

The explorer runs behind waitress (a production WSGI server), guarded by
:mod:`dashboard.guard`: who may open it is decided before the store starts (see
:mod:`cli.serve_access`). The port is taken before the address is printed, so "ptgraph
explorer on http://…" is only ever said once the explorer can really be reached there; a port
already in use is a plain message naming ``--port``, with nothing started.
"""

from __future__ import annotations

import errno
import os
import socket
import sys

import click

from cli.edge import cli_store, friendly
from cli.wsgi_server import DEFAULT_THREADS, log_requests, run_waitress

__all__ = ["serve", "port_problem"]


def port_problem(host: str, port: int, error: OSError) -> str:
    """What to tell the user when the explorer cannot listen on ``host:port``.

    >>> message = port_problem("127.0.0.1", 8050, OSError(errno.EADDRINUSE, "Address already in use"))
    >>> message.startswith("Port 8050 on 127.0.0.1 is already in use"), "--port 8051" in message
    (True, True)
    """
    if error.errno == errno.EADDRINUSE:
        return (f"Port {port} on {host} is already in use (another ptgraph serve, or another program). "
                f"Choose another with --port, e.g. ptgraph serve --port {port + 1}.")
    if error.errno == errno.EACCES:
        return f"Not allowed to listen on port {port} of {host}. Choose a port above 1023 with --port."
    return f"Cannot listen on {host}:{port} ({error.strerror or error}). Check --host and --port."


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs PTGRAPH_PASSWORD or --token.")
@click.option("--port", default=8050, show_default=True)
@click.option("--allow-host", "allow_host", multiple=True, metavar="NAME",
              help="Another host name browsers may use to reach the explorer (repeatable).")
@click.option("--token", is_flag=True,
              help="Require a generated secret: print a facilitator link and an audience link once.")
@click.option("--deck", default="reco", show_default=True, help="The workshop deck the audience link shows.")
@click.option("--threads", default=DEFAULT_THREADS, show_default=True, type=click.IntRange(1, 64),
              help="Requests handled at once.")
@click.option("--access-log", is_flag=True, help="Print one line per request on stderr (secrets redacted).")
@click.option("--no-load", is_flag=True, help="Do not load the RECO review into an empty store.")
@click.pass_context
@friendly
def serve(ctx: click.Context, host: str, port: int, allow_host: tuple[str, ...], token: bool, deck: str,
          threads: int, access_log: bool, no_load: bool) -> None:
    """Run the explorer in the browser (loads RECO first when the store is empty)."""
    from cli.serve_access import ServeRefused, plan_access, public_address
    from dashboard.app import create_app
    from dashboard.data import ensure_seeded
    from dashboard.guard.hosts import is_wildcard

    try:
        plan = plan_access(host, allow_host, token, deck, os.environ.get("PTGRAPH_PASSWORD"))
    except ServeRefused as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)
    with cli_store(ctx) as store:
        click.echo(f"Store ready: {store.describe()}")
        if not no_load and ensure_seeded(store):
            click.echo("Loaded the RECO review (the store was empty)")
        app = create_app(store, plan.access)
        try:
            listening = _listen(host, port)
        except OSError as e:
            click.echo(f"Error: {port_problem(host, port, e)}", err=True)
            sys.exit(2)
        base = f"http://{public_address(host)}:{port}/"
        everywhere = f" (listening on every interface, {host})" if is_wildcard(host) else ""
        click.echo(f"ptgraph explorer on {base}{everywhere}")
        for line in plan.lines(base):
            click.echo(line)
        if access_log:
            log_requests()
        try:
            run_waitress(app.server, listening, threads)
        finally:
            listening.close()


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening (OSError when the port cannot be had)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a just-stopped explorer's port
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock
