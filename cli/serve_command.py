"""``ptgraph serve``: the explorer in the browser.

The port is taken before the address is printed, so "ptgraph explorer on http://…" is only
ever said once the explorer can really be reached there; a port already in use is a plain
message naming ``--port``, with nothing started.
"""

from __future__ import annotations

import errno
import socket
import sys

import click

from cli.edge import cli_store, friendly

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
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8050, show_default=True)
@click.option("--no-load", is_flag=True, help="Do not load the RECO review into an empty store.")
@click.pass_context
@friendly
def serve(ctx: click.Context, host: str, port: int, no_load: bool) -> None:
    """Run the explorer in the browser (loads RECO first when the store is empty)."""
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from dashboard.data import ensure_seeded

    with cli_store(ctx) as store:
        click.echo(f"Store ready: {store.describe()}")
        if not no_load and ensure_seeded(store):
            click.echo("Loaded the RECO review (the store was empty)")
        app = create_app(store)
        try:
            listening = _listen(host, port)
        except OSError as e:
            click.echo(f"Error: {port_problem(host, port, e)}", err=True)
            sys.exit(2)
        server = make_server(host, port, app.server, threaded=True, fd=listening.fileno())
        click.echo(f"ptgraph explorer on http://{host}:{port}/")
        try:
            server.serve_forever()
        finally:
            server.server_close()
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
