"""gunicorn as production runs it, on a free port of 127.0.0.1, and the bench's other helper
processes: each in its own process group, stopped as a whole on every exit."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.bench.client import LOOPBACK, get

WORKERS = 2
SERVER_START_TIMEOUT = 30  # seconds
READINESS_PATH = "/static/css/site.css"  # served by WhiteNoise: up, whatever the database
# Production's settings (config/gunicorn.py: the app preloaded, the public lists' indexes
# built in the master before the workers start), two workers, quiet.
GUNICORN = [
    sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.py", "config.wsgi:application",
    "--workers", str(WORKERS), "--log-level", "warning",
]  # fmt: skip


@dataclass(frozen=True)
class Server:
    base_url: str
    process: subprocess.Popen
    ready_after_ms: float  # from the start of gunicorn to its first answer

    def worker_pids(self) -> list[int]:
        """The pids of the workers, the children of gunicorn's master."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # gone meanwhile
                continue
            # "pid (comm) state ppid …": comm may hold spaces, the last ")" ends it.
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.process.pid:
                pids.append(int(entry.name))
        return sorted(pids)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def start_helper(command: list[str], *, environment: dict[str, str], cwd: Path, **options):
    """A helper process in its own process group, for :func:`stop` to end it whole."""
    return subprocess.Popen(
        command, cwd=cwd, env=os.environ | environment, start_new_session=True, **options
    )


def stop(process: subprocess.Popen, *, first_signal: int = signal.SIGTERM) -> None:
    """Stops the process and its group: ``first_signal``, then SIGKILL after 10 s."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, first_signal)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


@contextlib.contextmanager
def gunicorn(environment: dict[str, str], cwd: Path) -> Iterator[Server]:
    """gunicorn serving the app on a free port; yields it once it answers, always stops it."""
    port = free_port()
    started = time.perf_counter()
    process = start_helper(
        [*GUNICORN, "--bind", f"{LOOPBACK}:{port}"], environment=environment, cwd=cwd
    )
    base_url = f"http://{LOOPBACK}:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn s'est arrêté au démarrage (code {process.returncode})")
            try:
                get(base_url + READINESS_PATH)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(
                        f"gunicorn ne répond pas après {SERVER_START_TIMEOUT} s"
                    ) from None
                time.sleep(0.05)
        yield Server(base_url, process, (time.perf_counter() - started) * 1000)
    finally:
        stop(process)


@dataclass(frozen=True)
class Memory:
    pid: int
    rss_mb: float
    pss_mb: float | None  # None when smaps_rollup cannot be read


def memory_of(pid: int) -> Memory:
    """A process's resident memory (VmRSS) and proportional share (Pss: pages shared with
    the other workers counted in part), in MB."""
    rss_kb = _kilobytes(Path(f"/proc/{pid}/status"), "VmRSS:")
    try:
        pss_kb = _kilobytes(Path(f"/proc/{pid}/smaps_rollup"), "Pss:")
    except OSError:
        pss_kb = None
    return Memory(pid, rss_kb / 1024, None if pss_kb is None else pss_kb / 1024)


def _kilobytes(path: Path, label: str) -> int:
    for line in path.read_text().splitlines():
        if line.startswith(label):
            return int(line.split()[1])
    raise OSError(f"{label} absent de {path}")
