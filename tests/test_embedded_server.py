"""The embedded server's life: one per folder, never orphaned, private, fast to stop, honest when stuck."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from graph.errors import StoreUnavailable
from graph.stores import embedded, supervisor
from graph.stores.falkor_store import FalkorStore
from tests.processes import cli, servers_on, wait_until


def test_home_is_private_and_the_server_needs_its_password(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    with FalkorStore("private", home=home) as store:
        store.query("CREATE (:Note {id: 'n'})", write=True)
        info = embedded.running_server(home)
        assert info is not None and len(info.password) >= 32
        with pytest.raises(redis.AuthenticationError):
            redis.Redis(port=info.port, socket_timeout=2).ping()
        assert info.password.encode() not in Path(f"/proc/{info.pid}/cmdline").read_bytes()
    assert home.stat().st_mode & 0o777 == 0o700
    for path in home.rglob("*"):
        allowed = 0o700 if path.is_dir() else 0o600
        assert path.stat().st_mode & 0o777 & ~allowed == 0, f"{path} is readable by others"


def test_a_stopped_server_is_never_replaced_by_a_second_one(tmp_path: Path) -> None:
    home = tmp_path / "home"
    info = embedded.acquire(home)
    try:
        os.kill(info.pid, signal.SIGSTOP)
        try:
            done = cli(home, "stats", timeout=60)
            assert done.returncode == 1
            assert f"(pid {info.pid}) is stopped" in done.stderr and "kill -CONT" in done.stderr
            assert "Traceback" not in done.stderr
            assert servers_on(home) == [info.pid]
        finally:
            os.kill(info.pid, signal.SIGCONT)
        assert cli(home, "stats").returncode == 0
        assert servers_on(home) == [info.pid]
    finally:
        embedded.release(home)
    wait_until(lambda: not servers_on(home))


def test_the_folder_lock_stops_a_second_start_even_without_server_json(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home"
    info = embedded.acquire(home)
    try:
        (home / "server.json").unlink()  # as if the state file were lost
        monkeypatch.setattr(embedded, "UNRESPONSIVE_S", 1.0)
        with pytest.raises(StoreUnavailable, match="folder.lock"):
            embedded.reconnect(home)
        assert servers_on(home) == [info.pid]
    finally:
        embedded.release(home)
    wait_until(lambda: not servers_on(home))


def test_owners_killed_by_sigkill_leave_no_server(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code = ("import sys, time; from graph.stores import embedded; "
            "embedded.acquire(); print('up', flush=True); time.sleep(600)")
    owners = [subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "PTGRAPH_HOME": str(home)},
                               stdout=subprocess.PIPE, text=True) for _ in range(2)]
    for owner in owners:
        assert owner.stdout and owner.stdout.readline().strip() == "up"
    server = embedded.running_server(home)
    assert server is not None and servers_on(home) == [server.pid]
    owners[0].kill()
    owners[0].wait()
    time.sleep(3 * supervisor.POLL_S)
    assert servers_on(home) == [server.pid], "one owner is still alive"
    owners[1].kill()
    owners[1].wait()
    wait_until(lambda: not servers_on(home), timeout=30)
    wait_until(lambda: not supervisor.alive(server.supervisor), timeout=10)


def test_a_command_arriving_as_the_keeper_stops_an_idle_server_keeps_its_connection(tmp_path: Path) -> None:
    """The keeper stops a server whose owners all died; the next command must never get that dying server.

    Each trial kills the only owner, then takes a lease at a delay spread over the keeper's poll
    period and uses the connection for 0.4 s (redis-server acts on SIGTERM up to 0.1 s late).
    Before the keeper held ``server.lock`` until the server was gone, one delay of the twelve lost
    its connection in every run.
    """
    home, trials = tmp_path / "home", 12
    code = ("import time; from graph.stores import embedded; "
            "embedded.acquire(); print('up', flush=True); time.sleep(600)")
    lost = []
    for trial in range(trials):
        owner = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "PTGRAPH_HOME": str(home)},
                                 stdout=subprocess.PIPE, text=True)
        assert owner.stdout and owner.stdout.readline().strip() == "up"
        owner.kill()
        owner.wait()
        time.sleep(trial * supervisor.POLL_S / trials)
        conn = embedded.connection(embedded.acquire(home))
        try:
            deadline = time.monotonic() + 0.4
            while time.monotonic() < deadline:
                conn.ping()
                time.sleep(0.01)
        except redis.ConnectionError as e:
            lost.append(f"trial {trial}: {e}")
        finally:
            conn.close()
            embedded.release(home)
    assert not lost, lost
    wait_until(lambda: not servers_on(home), timeout=30)


def test_killing_the_keeper_stops_its_server(tmp_path: Path) -> None:
    home = tmp_path / "home"
    info = embedded.acquire(home)
    try:
        os.kill(info.supervisor, signal.SIGKILL)
        wait_until(lambda: not servers_on(home), timeout=30)
    finally:
        embedded.release(home)


def test_a_lease_of_a_reused_pid_counts_as_dead(tmp_path: Path) -> None:
    (tmp_path / "leases").mkdir()
    (tmp_path / "leases" / str(os.getpid())).write_text("1")  # this PID, another start time
    assert supervisor.live_leases(tmp_path) == []
    assert not (tmp_path / "leases" / str(os.getpid())).exists()


def test_a_server_killed_by_sigkill_is_reported_once_and_loses_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert cli(home, "load", "example").returncode == 0
    info = embedded.acquire(home)
    try:
        os.kill(info.pid, signal.SIGKILL)
        wait_until(lambda: (home / "incident.json").exists())
    finally:
        embedded.release(home)
    first, second = cli(home, "stats"), cli(home, "stats")
    assert "killed by signal 9" in first.stderr and "Reviews: example" in first.stdout
    assert "killed" not in second.stderr


def test_stopping_the_server_takes_well_under_a_second(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with FalkorStore("quick", home=home) as store:
        store.query("CREATE (:Note {id: 'n'})", write=True)
        started = time.perf_counter()
    stopped = time.perf_counter() - started
    assert not servers_on(home)
    assert stopped < 2.0, f"stopping took {stopped:.1f} s (FalkorDB's SHUTDOWN path took ~4 s)"


def test_a_folder_of_an_older_ptgraph_is_converted_to_the_snapshot(tmp_path: Path) -> None:
    home = tmp_path / "home"
    data = home / "data"
    with FalkorStore("old", home=home) as store:
        store.query("CREATE (:Note {id: 'kept'})", write=True)
        info = embedded.running_server(home)
        assert info is not None
        conn = embedded.connection(info, timeout_s=30)
        conn.config_set("appendonly", "yes")  # what older versions ran with
        wait_until(lambda: (data / "appendonlydir").is_dir() and not conn.info("persistence")[
            "aof_rewrite_in_progress"], timeout=30)
        conn.close()
    (data / "graph.rdb").unlink()
    with FalkorStore("old", home=home) as store:
        assert store.query("MATCH (n:Note) RETURN n.id AS id").rows == [{"id": "kept"}]
    assert (data / "graph.rdb").exists() and not (data / "appendonlydir").exists()


def _mount_tmpfs(folder: Path, options: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], check=True)


needs_root = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"),
                                reason="mounting a small or read-only tmpfs needs root")


@needs_root
@pytest.mark.parametrize("options", ["size=256k", "ro,size=1m"], ids=["full disk", "read-only folder"])
def test_a_full_or_read_only_data_folder_is_one_clear_error(tmp_path: Path, options: str) -> None:
    home = tmp_path / "home"
    _mount_tmpfs(home / "data", options)
    try:
        done = cli(home, "load", "reco")
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        said = done.stderr
        assert ("could not be saved" in said and ("disk is full" in said or "read-only" in said)
                or "is not writable" in said), said
        assert len(done.stderr.strip().splitlines()) == 1
        assert not servers_on(home)
    finally:
        subprocess.run(["umount", str(home / "data")], check=True)


@needs_root
def test_a_read_only_home_is_one_clear_error(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _mount_tmpfs(home, "ro,size=1m")
    try:
        done = cli(home, "stats")
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert "is not writable" in done.stderr
    finally:
        subprocess.run(["umount", str(home)], check=True)
