"""The production WSGI server behind ``ptgraph serve``: waitress, on a socket already listening.

Waitress runs the app in a pool of ``threads`` worker threads fed by one event loop, queues
what the pool cannot take yet, and needs no compiler or C extension. It starts on the socket
``serve`` has already bound, so the address is printed only once it can really be reached.
"""

from __future__ import annotations

import logging
import signal
import socket
import sys
from collections.abc import Callable

from cli.edge import STOP_SIGNALS, Stopped

__all__ = ["run_waitress", "DEFAULT_THREADS", "log_requests"]

DEFAULT_THREADS = 8  # FalkorDB answers two queries at once; the rest of a callback is Python
MAX_BODY = 16 * 1024 * 1024  # a console query with its parameters is a few kB


def log_requests() -> None:
    """Write the guard's access log (one redacted line per request) to stderr."""
    from dashboard.guard.logs import ACCESS_LOG

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    ACCESS_LOG.addHandler(handler)
    ACCESS_LOG.setLevel(logging.INFO)
    ACCESS_LOG.propagate = False


def run_waitress(app: Callable, listening: socket.socket, threads: int = DEFAULT_THREADS) -> None:
    """Serve the WSGI ``app`` on ``listening`` until a signal stops it; then stop every worker."""
    from waitress.server import create_server

    server = create_server(app, sockets=[listening], threads=threads, ident="ptgraph",
                           connection_limit=400, max_request_body_size=MAX_BODY, channel_timeout=60)
    received: list[int] = []

    def stop(signum: int, frame: object) -> None:
        # Waitress's event loop lets only KeyboardInterrupt (SystemExit, its ExitNow) out of a
        # channel's handler: any other exception raised there, ptgraph's Stopped included, was
        # logged as "uncaptured python exception, closing channel" and the server served on.
        received.append(signum)
        raise KeyboardInterrupt

    previous = {signum: signal.signal(signum, stop) for signum in STOP_SIGNALS}
    try:
        server.run()  # returns on KeyboardInterrupt/SystemExit; other exceptions propagate
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        server.task_dispatcher.shutdown(timeout=5)
        server.close()
    if received:
        raise Stopped(received[0])  # the command unwinds as for any stop signal
