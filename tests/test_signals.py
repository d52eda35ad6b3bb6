"""SIGINT, SIGTERM and SIGHUP end serve and any command cleanly: its server stops, a load is undone."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from bench.corpus import write_review
from graph.stores import embedded, supervisor
from tests.browser import free_port
from tests.processes import cli, load_in_progress, servers_on, start_cli, wait_until

SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]


def _stopped_cleanly(proc, signum: int, home: Path, keeper: int) -> str:
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signum, err
    assert f"Stopped by {signal.Signals(signum).name}" in err and "Traceback" not in err
    assert not servers_on(home), "the command's server outlived it"
    assert not supervisor.alive(keeper)
    return err


def _started_serve(home: Path, port: int) -> tuple[subprocess.Popen[str], embedded.ServerInfo]:
    """``ptgraph serve`` on ``port``, once it says where it listens, and its embedded server."""
    proc = start_cli(home, "serve", "--no-load", "--port", str(port))
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("ptgraph explorer on"):
            break
    info = embedded.running_server(home)
    if info is None:
        proc.kill()
        raise AssertionError("serve started no embedded server")
    return proc, info


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_serve_stops_its_server_on(signum: int, tmp_path: Path) -> None:
    home = tmp_path / "home"
    proc, info = _started_serve(home, free_port())
    try:
        assert servers_on(home) == [info.pid]
        proc.send_signal(signum)
        _stopped_cleanly(proc, signum, home, info.supervisor)
    finally:
        proc.kill()


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_serve_busy_with_requests_stops_on(signum: int, tmp_path: Path) -> None:
    """A room using the explorer must not keep it from stopping. Waitress lets only
    KeyboardInterrupt out of a connection's handler; ptgraph's own stop exception raised there
    was logged and the server served on: under this traffic it ignored SIGINT every time."""
    home, port = tmp_path / "home", free_port()
    proc, info = _started_serve(home, port)
    done = threading.Event()

    def ask_again_and_again() -> None:
        while not done.is_set():
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_dash-layout", timeout=5).read()
            except OSError:
                time.sleep(0.01)

    try:
        users = [threading.Thread(target=ask_again_and_again, daemon=True) for _ in range(12)]
        for user in users:
            user.start()
        time.sleep(1.5)
        proc.send_signal(signum)
        _stopped_cleanly(proc, signum, home, info.supervisor)
    finally:
        done.set()
        proc.kill()


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_load_in_progress_is_undone_on(signum: int, tmp_path: Path) -> None:
    home = tmp_path / "home"
    package = write_review(tmp_path, "big", cmocs=400, seed=signum)
    assert cli(home, "load", "example").returncode == 0
    proc = start_cli(home, "load", str(package))
    try:
        wait_until(lambda: load_in_progress(home), timeout=90, every=0.01)
        info = embedded.running_server(home)
        assert info is not None
        proc.send_signal(signum)
        _stopped_cleanly(proc, signum, home, info.supervisor)
    finally:
        proc.kill()
    after = cli(home, "stats")
    assert after.returncode == 0 and "Reviews: example\n" in after.stdout
    assert "interrupted" not in after.stderr, "the command undid its own load before it exited"
