"""The measures beside the pages' timings: a worker's first request, the workers' memory,
the coordinators' change list, a static file against a page, and an edit seen through two
servers on the same database. Each returns what it measured; ``report.py`` prints it."""

from __future__ import annotations

import random
import secrets
import string
from dataclasses import dataclass
from pathlib import Path

from tests.bench.client import Response, concurrently, fetch, log_in, timed_get
from tests.bench.load import LoadResult, run_load, warm_up
from tests.bench.pages import SEARCH_WORD, BenchPage
from tests.bench.server import WORKERS, Memory, Server, gunicorn, memory_of
from tests.bench.timing import Timing, time_page
from tests.bench.writer import published_sheets

COORDINATOR = "banc-coordination"
TARGET_FIRST_REQUEST_MS = 300
TARGET_WORKER_RSS_MB = 200
TARGET_ADMIN_P95_MS = 300
TARGET_PAGE_TO_STATIC = 0.5  # a cached anonymous page at half a static file's rate at least
STATIC_PATH = "/static/css/site.css"
CACHED_PAGES = ("/", "/actions/")


# --- A worker's first request ------------------------------------------------------------


@dataclass(frozen=True)
class StartUp:
    ready_ms: float  # from gunicorn's start to its first answer (a static file)
    first_ms: float  # the first request to the list, on the worker that answered
    pair_ms: list[float]  # the next two, sent together: one per worker, the other still cold
    statuses: list[int]


def first_requests(environment: dict[str, str], cwd: Path, path: str = "/actions/") -> StartUp:
    """gunicorn started afresh: how long until it answers, and its first requests to
    ``path``, when a worker builds its facet index."""
    with gunicorn(environment, cwd) as server:
        url = server.base_url + path
        status, first_ms = timed_get(url)
        pair = concurrently(timed_get, [url] * WORKERS)
    return StartUp(
        server.ready_after_ms, first_ms, [ms for _, ms in pair], [status, *(s for s, _ in pair)]
    )


def worker_memory(server: Server) -> list[Memory]:
    return [memory_of(pid) for pid in server.worker_pids()]


# --- The coordinators' change list -------------------------------------------------------


def ensure_coordinator() -> tuple[str, str]:
    """A superuser in the (scratch) database, with a new random password: its name and
    password."""
    from django.contrib.auth import get_user_model

    password = secrets.token_urlsafe(16)
    user, _ = get_user_model().objects.get_or_create(username=COORDINATOR)
    user.is_staff = user.is_superuser = user.is_active = True
    user.set_password(password)
    user.save()
    return COORDINATOR, password


def admin_timings(
    server: Server, *, username: str, password: str, requests: int, warmup: int
) -> list[Timing]:
    """The sheets' change list, unfiltered and searched, for a coordinator logged in through
    the login form, each requested one request after the other."""
    session = log_in(server.base_url, username=username, password=password)
    timings = [
        Timing(BenchPage("admin, liste", "/admin/fiches/action/", TARGET_ADMIN_P95_MS)),
        Timing(
            BenchPage(
                "admin, recherche", f"/admin/fiches/action/?q={SEARCH_WORD}", TARGET_ADMIN_P95_MS
            )
        ),
    ]
    for timing in timings:
        time_page(
            server.base_url, timing, requests=requests, warmup=warmup, headers=session.headers
        )
    return timings


# --- A static file against cached pages --------------------------------------------------


@dataclass(frozen=True)
class Conditional:
    path: str
    etag: str | None  # of a first answer
    status: int  # of the next request, with If-None-Match


def static_versus_pages(
    server: Server, *, concurrency: int, seconds: float, workdir: Path
) -> dict[str, LoadResult]:
    warm_up(server.base_url, CACHED_PAGES)
    return {
        path: run_load(
            server.base_url + path, concurrency=concurrency, seconds=seconds, workdir=workdir
        )
        for path in (STATIC_PATH, *CACHED_PAGES)
    }


def conditional_requests(server: Server) -> list[Conditional]:
    """Whether the pages answer 304 Not Modified to a request with the ETag of a first
    answer (with ``*``, any ETag, when that answer had none: a page with one answers 304)."""
    answers = []
    for path in CACHED_PAGES:
        etag = fetch(server.base_url + path).headers.get("ETag")
        again = fetch(server.base_url + path, headers={"If-None-Match": etag or "*"})
        answers.append(Conditional(path, etag, again.status))
    return answers


# --- Two servers, one database -----------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    server: str
    path: str
    ok: bool
    detail: str


def edit_seen_by_two_servers(environment: dict[str, str], cwd: Path) -> list[Seen]:
    """A sheet retitled by a direct ORM save here, with a new word (and its derived data
    refreshed, as after any write: ``fiches.derived``): the next requests to it and to the
    list searched for that word, through each of two servers that had both pages in
    memory, must show it."""
    from django.db import transaction

    from fiches.derived import refresh_derived
    from fiches.models import Action

    pks = published_sheets()
    sheet = Action.objects.get(pk=pks[len(pks) // 2])
    word = "banc" + "".join(random.choices(string.ascii_lowercase, k=10))
    sheet_path, list_path = sheet.get_absolute_url(), f"/actions/?q={word}"
    with gunicorn(environment, cwd) as first, gunicorn(environment, cwd) as second:
        servers = {"instance 1": first, "instance 2": second}

        def both_workers(url: str) -> list[Response]:
            # Two requests at once: each sync worker takes one.
            return concurrently(fetch, [url] * WORKERS)

        for server in servers.values():
            for path in (sheet_path, list_path):
                both_workers(server.base_url + path)  # in memory before the edit
        with transaction.atomic():
            sheet.title = f"{sheet.title} {word}"
            sheet.save()
            # What every writer does after a save (a bare one leaves the search as it was).
            refresh_derived(actions=[sheet])
        seen = []
        for name, server in servers.items():
            for path, shows in ((sheet_path, word), (list_path, sheet_path)):
                answers = both_workers(server.base_url + path)
                ok = all(answer.status == 200 and shows in answer.text for answer in answers)
                statuses = ", ".join(str(answer.status) for answer in answers)
                seen.append(Seen(name, path, ok, f"HTTP {statuses}"))
    return seen
