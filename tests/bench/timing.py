"""Pages requested one after the other over HTTP, each request timed."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

from tests.bench.client import get, timed_get
from tests.bench.pages import BenchPage

PAGE_BUDGET = 90  # seconds per page: a page slower than that is measured fewer times


# The machine's pace: a loop of the interpreter's own, the same on every run.
PACE_ADDITIONS = 10_000_000


def machine_pace() -> float:
    """Seconds this machine takes, now, to add up :data:`PACE_ADDITIONS` numbers in a
    Python loop (the best of three): the bench's figures are only compared at the same
    pace. The same machine took 1.0 to 1.7 s from one hour to the next."""
    best = float("inf")
    for _ in range(3):
        started, total = time.perf_counter(), 0
        for number in range(PACE_ADDITIONS):
            total += number
        best = min(best, time.perf_counter() - started)
    return best


def pace_line(moment: str) -> str:
    return (
        f"allure de la machine {moment} : {machine_pace():.2f} s pour "
        f"{PACE_ADDITIONS // 1_000_000} millions d'additions en Python (la meilleure de 3)"
    )


def percentile(durations: list[float], rank: int) -> float:
    if len(durations) < 2:
        return max(durations)
    return statistics.quantiles(durations, n=100, method="inclusive")[rank - 1]


@dataclass
class Timing:
    """What was measured of one page: its SQL queries at both sizes, then its HTTP times,
    rendered and, for an anonymous page, kept by the page cache."""

    page: BenchPage
    queries_small: int | str = "—"
    queries_full: int | str = "—"
    status: str = ""  # "200", "HTTP 404", "timeout"…
    durations_ms: list[float] = field(default_factory=list)
    kept_ms: list[float] = field(default_factory=list)

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.durations_ms)

    @property
    def p95_ms(self) -> float:
        return percentile(self.durations_ms, 95)


def rendering_headers() -> dict[str, str]:
    """Headers with which an anonymous page is rendered rather than served by the page cache
    (``core.page_cache``), which leaves out requests with a session cookie: a visitor whose
    session is gone. The key is too short to be looked up: the request makes no query more."""
    from django.conf import settings

    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}=perdue"}


def time_page(
    base_url: str,
    timing: Timing,
    *,
    requests: int,
    warmup: int,
    headers: dict[str, str] | None = None,
    kept: bool = False,
) -> None:
    """Requests the page ``warmup`` times, then ``requests`` timed times, one after the other;
    stops early on an error or once the page has used up its time budget. ``kept``: the
    durations are those of the page served by the page cache (``Timing.kept_ms``)."""
    durations = timing.kept_ms if kept else timing.durations_ms
    url = base_url + timing.page.path
    started = time.monotonic()
    for number in range(warmup + requests):
        if time.monotonic() - started > PAGE_BUDGET:
            break
        try:
            status, elapsed_ms = timed_get(url, headers=headers)
        except OSError as error:  # timeout, connection reset by a killed worker…
            timing.status = f"{type(error).__name__}"
            return
        timing.status = str(status) if status == 200 else f"HTTP {status}"
        if status != 200:
            return
        if number >= warmup:
            durations.append(elapsed_ms)


def time_after_change(base_url: str, page: BenchPage, *, times: int) -> list[float]:
    """The page's first request after each of ``times`` edits of a sheet (its summary, saved
    as the admin saves it): what the first visitor after an edit waits, while the worker
    brings its facet index up to date."""
    from tests.bench.writer import edit_summary, published_sheets

    sheets = published_sheets()
    durations = []
    for number in range(times):
        edit_summary(sheets[number * len(sheets) // times])
        status, elapsed_ms = timed_get(base_url + page.path)
        if status != 200:
            break
        durations.append(elapsed_ms)
    return durations


def time_new_searches(base_url: str, page: BenchPage, *, times: int) -> list[float]:
    """The search page for searches never made before (the same words, and one more that
    excludes nothing: ``-jamaisN``), which the facet index has not ranked yet."""
    durations = []
    for number in range(times):
        started = time.perf_counter()
        if get(f"{base_url}{page.path}+-jamais{number}") != 200:
            break
        durations.append((time.perf_counter() - started) * 1000)
    return durations
