"""Concurrent readers on one URL: wrk when it is installed, else a bounded pool of Python
threads; the same figures either way (:class:`LoadResult`).

A load runs for a given time, or until :meth:`stop` is called earlier (wrk stops cleanly on
SIGINT and prints its summary).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.bench.client import concurrently, fetch
from tests.bench.server import WORKERS, start_helper, stop
from tests.bench.timing import percentile

LOAD_TIMEOUT = 5  # seconds: a request not answered by then is a timeout (an error)
SLOW_MS = 1000  # the bound: no request over 1 s
WARMUP_ROUNDS = 3

# wrk's summary has no p95 and lumps 3xx with 2xx: this script counts the non-2xx answers per
# thread and prints one line for the bench, latencies in microseconds.
WRK_SCRIPT = """\
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non2xx") end
  local e = summary.errors
  io.write(string.format("BENCH-WRK %d %d %d %d %d %d %d %d %d\\n",
    summary.duration, summary.requests, bad, e.timeout, e.connect + e.read + e.write,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


@dataclass(frozen=True)
class LoadResult:
    tool: str
    seconds: float
    requests: int  # answered, whatever the status
    non_2xx: int
    timeouts: int
    socket_errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.non_2xx + self.timeouts + self.socket_errors


def load_tool() -> str:
    return "wrk" if shutil.which("wrk") else "python"


def start_load(url: str, *, concurrency: int, seconds: float, workdir: Path):
    """Readers on ``url``, ``concurrency`` requests at a time, for ``seconds`` at most."""
    if load_tool() == "wrk":
        return WrkLoad(url, concurrency=concurrency, seconds=seconds, workdir=workdir)
    return ThreadLoad(url, concurrency=concurrency, seconds=seconds)


def warm_up(base_url: str, paths) -> None:
    """Each worker builds what it keeps for each page (its facet index, a search's ranking),
    unmeasured: rounds of one request per worker at once (a sync worker takes one at a time),
    each round waiting for the last."""
    for path in paths:
        for _ in range(WARMUP_ROUNDS):
            concurrently(fetch, [base_url + path] * WORKERS)


def run_load(url: str, *, concurrency: int, seconds: float, workdir: Path) -> LoadResult:
    load = start_load(url, concurrency=concurrency, seconds=seconds, workdir=workdir)
    try:
        return load.result()
    finally:
        load.stop()


class WrkLoad:
    def __init__(self, url: str, *, concurrency: int, seconds: float, workdir: Path) -> None:
        script = workdir / "bench.lua"
        script.write_text(WRK_SCRIPT)
        self.seconds = seconds
        self.process = start_helper(
            ["wrk", "--threads", str(min(2, concurrency)), "--connections", str(concurrency),
             "--duration", f"{max(1, round(seconds))}s", "--timeout", f"{LOAD_TIMEOUT}s",
             "--script", str(script), url],
            environment={}, cwd=workdir, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip

    def stop(self) -> None:
        stop(self.process, first_signal=signal.SIGINT)

    def result(self) -> LoadResult:
        output, _ = self.process.communicate(timeout=self.seconds + 30)
        line = next((line for line in output.splitlines() if line.startswith("BENCH-WRK")), "")
        if not line:
            raise SystemExit(f"wrk n'a rien mesuré :\n{output}")
        duration, requests, non_2xx, timeouts, socket_errors, *micro = map(int, line.split()[1:])
        p50, p95, p99, longest = (value / 1000 for value in micro)
        return LoadResult(
            "wrk", duration / 1e6, requests, non_2xx, timeouts, socket_errors, p50, p95, p99,
            longest,
        )  # fmt: skip


class ThreadLoad:
    """``concurrency`` threads, each sending a request as soon as the last one answered."""

    def __init__(self, url: str, *, concurrency: int, seconds: float) -> None:
        self.url = url
        self.seconds = seconds
        self.halt = threading.Event()
        self.lock = threading.Lock()
        self.durations: list[float] = []
        self.non_2xx = self.timeouts = self.socket_errors = 0
        self.started = time.perf_counter()
        self.threads = [
            threading.Thread(target=self._read, daemon=True) for _ in range(concurrency)
        ]
        for thread in self.threads:
            thread.start()

    def _read(self) -> None:
        end = self.started + self.seconds
        while not self.halt.is_set() and time.perf_counter() < end:
            request_started = time.perf_counter()
            try:
                status = fetch(self.url, timeout=LOAD_TIMEOUT).status
            except OSError as error:
                # urllib wraps a timeout while connecting, not one while reading.
                timed_out = isinstance(error, TimeoutError) or isinstance(
                    getattr(error, "reason", None), TimeoutError
                )
                with self.lock:
                    if timed_out:
                        self.timeouts += 1
                    else:
                        self.socket_errors += 1
                continue
            elapsed_ms = (time.perf_counter() - request_started) * 1000
            with self.lock:
                self.durations.append(elapsed_ms)
                self.non_2xx += not 200 <= status < 300

    def stop(self) -> None:
        self.halt.set()
        for thread in self.threads:
            thread.join(timeout=LOAD_TIMEOUT + 1)

    def result(self) -> LoadResult:
        for thread in self.threads:
            thread.join(timeout=self.seconds + LOAD_TIMEOUT + 1)
        seconds = time.perf_counter() - self.started
        durations = self.durations or [0.0]
        return LoadResult(
            "python", seconds, len(self.durations), self.non_2xx, self.timeouts,
            self.socket_errors, percentile(durations, 50), percentile(durations, 95),
            percentile(durations, 99), max(durations),
        )  # fmt: skip
