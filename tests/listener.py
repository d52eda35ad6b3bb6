"""A loopback HTTP server that records every request: proof that a query reached (or never reached) out."""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["Listener", "listening"]

CSV = b"a,b\n1,2\n"


@dataclass
class Listener:
    url: str  # http://127.0.0.1:PORT
    hits: list[str] = field(default_factory=list)  # the paths requested, in order


@contextlib.contextmanager
def listening() -> Iterator[Listener]:
    """Serve a small CSV on a free loopback port until the block ends, recording each request."""
    listener = Listener("")

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            listener.hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(CSV)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    listener.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield listener
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
