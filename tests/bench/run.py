"""``make bench``: import a large synthetic catalogue, then time the public pages over HTTP.

    python -m tests.bench.run [--actions 100000] [--centres 2000] [--requests 50] …

1. A database of its own: for SQLite a file in a temporary folder, for PostgreSQL a database
   ``--database`` (``bench_catalogue``) created (and dropped at the end) on the server of
   ``DATABASE_URL``; two benches at once need two names.
2. The seed sheets of ``fixtures/``, then ``--actions`` synthetic sheets (``synthetic.py``)
   imported through the real importer, file by file, with the rate in sheets per second.
3. The SQL queries of each page, counted in-process with the test client, once with the
   first 100 synthetic sheets imported and once with all of them: the counts must not grow
   (``--slow-queries N`` prints each page's slowest queries too). On PostgreSQL a
   ``VACUUM (ANALYZE)`` first, as autovacuum would after such an import.
4. gunicorn, production settings (throwaway key, DEBUG off, WhiteNoise), two workers on a
   free port of 127.0.0.1; each page requested sequentially, after a warm-up, ``--requests``
   times; p50 and p95 printed against the targets. Then, a few times each, a search never
   made before (the facet index remembers the rows and order of a search) and the list's
   first request after a change to the catalogue, when a worker rebuilds its facet index.

gunicorn is stopped on every exit (error, Ctrl-C, SIGTERM, ``--deadline`` reached), and the
bench's database and files are removed (``--keep`` keeps them).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.bench.synthetic import FIXTURES_DIR, write_catalogue

BENCH_DATABASE = "bench_catalogue"
# The name goes into DROP DATABASE unquoted: a plain identifier only.
DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]*")
SEARCH_WORD = "parents"
FILTER_KEYWORDS = ("intergénérationnel", "Santé")
DETAIL_ACTION = "Création d'un poulailler"  # a seed sheet: the same page at every size
TARGET_P95_MS = 300
TARGET_DETAIL_P95_MS = 50
SERVER_START_TIMEOUT = 30  # seconds
READINESS_PATH = "/static/css/site.css"  # served by WhiteNoise: up, whatever the database
REQUEST_TIMEOUT = 30  # seconds, per request
PAGE_BUDGET = 90  # seconds per page: a page slower than that is measured fewer times
SMALL_SIZE = 100  # synthetic sheets imported before the first query count
COLD_REQUESTS = 4  # first requests after a change to the catalogue, timed apart
GUNICORN = [
    sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", "2",
    "--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning",
]  # fmt: skip


class DeadlineReached(Exception):
    pass


@dataclass(frozen=True)
class BenchPage:
    name: str
    path: str
    target_ms: int


@dataclass
class Timing:
    """What was measured of one page: its SQL queries at both sizes, then its HTTP times."""

    page: BenchPage
    queries_small: int | str = "—"
    queries_full: int | str = "—"
    status: str = ""  # "200", "HTTP 404", "timeout"…
    durations_ms: list[float] = field(default_factory=list)

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.durations_ms)

    @property
    def p95_ms(self) -> float:
        if len(self.durations_ms) < 2:
            return max(self.durations_ms)
        return statistics.quantiles(self.durations_ms, n=100, method="inclusive")[94]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.run",
        description="Importe un catalogue synthétique puis mesure les pages publiques.",
    )
    parser.add_argument("--actions", type=int, default=100_000, help="fiches synthétiques")
    parser.add_argument("--centres", type=int, default=2_000, help="centres synthétiques")
    parser.add_argument("--requests", type=int, default=50, help="requêtes mesurées par page")
    parser.add_argument("--warmup", type=int, default=5, help="requêtes d'échauffement par page")
    parser.add_argument("--per-file", type=int, default=1_000, help="fiches par fichier importé")
    parser.add_argument("--seed", type=int, default=2024, help="graine du générateur")
    parser.add_argument(
        "--deadline", type=int, default=3_600, help="durée maximale du banc, en secondes"
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile l'import (cProfile) et affiche le haut"
    )
    parser.add_argument(
        "--slow-queries",
        type=int,
        default=0,
        metavar="N",
        help="affiche les N requêtes SQL les plus lentes de chaque page, à la taille finale",
    )
    parser.add_argument(
        "--skip-http", action="store_true", help="import et requêtes SQL seulement, sans gunicorn"
    )
    parser.add_argument(
        "--keep", action="store_true", help="garde la base et les fichiers (chemin affiché)"
    )
    parser.add_argument(
        "--database",
        default=BENCH_DATABASE,
        help="nom de la base PostgreSQL du banc, recréée puis supprimée (deux bancs à la "
        "fois : deux noms)",
    )
    args = parser.parse_args(argv)
    if args.actions < SMALL_SIZE or args.centres < 1 or args.requests < 2:
        parser.error(f"--actions ≥ {SMALL_SIZE}, --centres ≥ 1 et --requests ≥ 2")
    if not DATABASE_NAME.fullmatch(args.database):
        parser.error("--database : lettres minuscules, chiffres et _ seulement")
    return args


# --- Database -----------------------------------------------------------------------------


@contextlib.contextmanager
def bench_database(server_url: str, workdir: Path, *, name: str, keep: bool) -> Iterator[str]:
    """The URL of an empty database ``name`` for the bench (a file in ``workdir`` on SQLite),
    removed afterwards unless ``keep``."""
    parts = urlsplit(server_url)
    if parts.scheme.startswith("sqlite"):
        yield f"sqlite:///{workdir / 'bench.sqlite3'}"
        return
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"DATABASE_URL non géré par le banc : {parts.scheme}")
    import psycopg

    # Created and dropped from the server's maintenance database.
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            with psycopg.connect(admin_url, autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def production_environment(database_url: str, workdir: Path) -> dict[str, str]:
    """The environment of a production deployment, on the bench's database and folders."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),  # throwaway, for this run only
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        # Plain HTTP on the loopback: no redirect to https.
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }


# --- Import -------------------------------------------------------------------------------


def import_files(paths: list[Path], *, label: str) -> float:
    """Imports the files one by one, printing progress and the SQL queries per sheet;
    returns the sheets per second."""
    from django.db import connection

    from fiches.importing import import_paths

    queries = QueryCounter()
    total_sheets, started = 0, time.perf_counter()
    with connection.execute_wrapper(queries):
        for number, path in enumerate(paths, start=1):
            file_started, file_queries = time.perf_counter(), queries.count
            (report,) = import_paths(paths=[path])
            if not report.ok:
                raise SystemExit(f"import refusé : {report.error}")
            total_sheets += report.sheets_read
            elapsed = time.perf_counter() - file_started
            print(
                f"  {label} {number}/{len(paths)} : {report.sheets_read} fiches en "
                f"{elapsed:.1f} s ({report.sheets_read / elapsed:.0f} fiches/s, "
                f"{(queries.count - file_queries) / report.sheets_read:.2f} requêtes SQL par "
                f"fiche), créées {report.created}",
                flush=True,
            )
    elapsed = time.perf_counter() - started
    rate = total_sheets / elapsed if elapsed else 0.0
    print(
        f"  {label} : {total_sheets} fiches en {elapsed:.1f} s, {rate:.0f} fiches/s, "
        f"{queries.count / total_sheets:.2f} requêtes SQL par fiche",
        flush=True,
    )
    return rate


class QueryCounter:
    """Counts the SQL statements run (a connection's ``execute_wrapper``), without the cost
    of recording them."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def profiled(function, *args, **kwargs):
    profile = cProfile.Profile()
    result = profile.runcall(function, *args, **kwargs)
    stats = pstats.Stats(profile, stream=sys.stdout).strip_dirs()
    print("\n  profil de l'import, par temps cumulé :")
    stats.sort_stats("cumulative").print_stats(30)
    print("  profil de l'import, par temps propre :")
    stats.sort_stats("tottime").print_stats(20)
    return result


def vacuum_analyze(table: str) -> None:
    """On PostgreSQL, what autovacuum does after a large import (and the bench must not
    depend on whether it is on): clears the dead row versions, gathers the statistics."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE relname = %s", [table]
        )
        live, dead = cursor.fetchone() or (0, 0)
        started = time.perf_counter()
        cursor.execute("VACUUM (ANALYZE)")
        print(
            f"VACUUM (ANALYZE) : {time.perf_counter() - started:.1f} s ; {table} avait {dead} "
            f"versions mortes de lignes pour {live} vivantes",
            flush=True,
        )


# --- Pages --------------------------------------------------------------------------------


def bench_pages() -> list[BenchPage]:
    """The timed pages; their URLs exist at every size (the detail page is a seed sheet)."""
    from fiches.models import Action, Keyword
    from parsing.naming import match_key

    slugs = [Keyword.objects.get(match_key=match_key(name)).slug for name in FILTER_KEYWORDS]
    filters = "&".join(f"keyword={slug}" for slug in slugs)
    # The seed's own sheet, imported first (synthetic centres reuse real titles too).
    detail = Action.objects.filter(title=DETAIL_ACTION).earliest("pk").get_absolute_url()
    return [
        BenchPage("accueil", "/", TARGET_P95_MS),
        BenchPage("liste", "/actions/", TARGET_P95_MS),
        BenchPage("recherche", f"/actions/?q={SEARCH_WORD}", TARGET_P95_MS),
        BenchPage("recherche + 2 filtres", f"/actions/?q={SEARCH_WORD}&{filters}", TARGET_P95_MS),
        BenchPage("fiche", detail, TARGET_DETAIL_P95_MS),
        BenchPage("partenaires", "/partenaires/", TARGET_P95_MS),
    ]


def query_counts(pages: list[BenchPage], *, slowest: int = 0) -> dict[str, int | str]:
    """The SQL queries each page makes, or its HTTP status when it does not answer 200;
    prints the ``slowest`` queries of each page too."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts: dict[str, int | str] = {}
    for page in pages:
        client.get(page.path)  # warm caches (content types, templates) first
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
        if response.status_code != 200:
            counts[page.name] = f"HTTP {response.status_code}"
            continue
        counts[page.name] = len(queries.captured_queries)
        if slowest:
            by_time = sorted(queries.captured_queries, key=lambda query: -float(query["time"]))
            total_ms = sum(float(query["time"]) for query in by_time) * 1000
            print(f"  {page.name} : {len(by_time)} requêtes SQL, {total_ms:.0f} ms en tout")
            for query in by_time[:slowest]:
                print(f"    {float(query['time']) * 1000:7.1f} ms  {shorten_sql(query['sql'])}")
    return counts


def shorten_sql(sql: str, width: int = 400) -> str:
    """The query without its column list, which says little and takes the whole line."""
    sql = " ".join(sql.split())
    head, separator, rest = sql.partition(" FROM ")
    if separator and head.startswith("SELECT") and len(head) > 60:
        sql = f"SELECT … FROM {rest}"
    return sql if len(sql) <= width else sql[: width - 1] + "…"


# --- Server and timings -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The server is on the loopback: never through a proxy the environment may name.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get(url: str) -> int:
    """GETs ``url`` and reads the whole body; returns the HTTP status."""
    try:
        with _opener.open(url, timeout=REQUEST_TIMEOUT) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code


@contextlib.contextmanager
def gunicorn(environment: dict[str, str], cwd: Path) -> Iterator[str]:
    """gunicorn serving the app on a free port; yields its base URL, always stops it."""
    port = free_port()
    process = subprocess.Popen(
        [*GUNICORN, "--bind", f"127.0.0.1:{port}"],
        cwd=cwd,
        env=os.environ | environment,
        start_new_session=True,  # its own process group, stopped as a whole below
    )
    base_url = f"http://127.0.0.1:{port}"
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
                time.sleep(0.2)
        yield base_url
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def time_page(base_url: str, timing: Timing, *, requests: int, warmup: int) -> None:
    """Requests the page ``warmup`` times, then ``requests`` timed times, one after the other;
    stops early on an error or once the page has used up its time budget."""
    url = base_url + timing.page.path
    started = time.monotonic()
    for number in range(warmup + requests):
        if time.monotonic() - started > PAGE_BUDGET:
            break
        request_started = time.perf_counter()
        try:
            status = get(url)
        except OSError as error:  # timeout, connection reset by a killed worker…
            timing.status = f"{type(error).__name__}"
            return
        elapsed_ms = (time.perf_counter() - request_started) * 1000
        timing.status = str(status) if status == 200 else f"HTTP {status}"
        if status != 200:
            return
        if number >= warmup:
            timing.durations_ms.append(elapsed_ms)


def time_after_change(base_url: str, page: BenchPage, *, times: int) -> list[float]:
    """The page's first request after each of ``times`` changes to the catalogue, which
    make the serving worker rebuild its facet index: what the first visitor after an edit
    or an import waits. The change is the one every write makes (a new catalogue version)."""
    from django.db import connection

    from core.versioning import version_table

    durations = []
    for _ in range(times):
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {version_table()} SET token = token + 1")
        started = time.perf_counter()
        if get(base_url + page.path) != 200:
            break
        durations.append((time.perf_counter() - started) * 1000)
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


# --- Report -------------------------------------------------------------------------------


def print_report(timings: list[Timing], *, sizes: tuple[int, int], http: bool) -> None:
    small, full = (f"SQL {size} fiches" for size in sizes)
    header = f"{'page':<22}{'URL':<52}{small:>17}{full:>19}"
    if http:
        header += f"{'n':>4}{'p50 ms':>9}{'p95 ms':>9}  cible p95"
    print("\n" + header)
    print("-" * len(header))
    for timing in timings:
        line = (
            f"{timing.page.name:<22}{timing.page.path[:51]:<52}"
            f"{timing.queries_small!s:>17}{timing.queries_full!s:>19}"
        )
        if http and timing.durations_ms and timing.status == "200":
            verdict = "ok" if timing.p95_ms < timing.page.target_ms else "MANQUÉE"
            line += (
                f"{len(timing.durations_ms):>4}{timing.p50_ms:>9.1f}{timing.p95_ms:>9.1f}"
                f"  < {timing.page.target_ms} ms {verdict}"
            )
        elif http:
            line += f"  {timing.status or 'non mesurée'}"
        print(line)
    steady = all(timing.queries_small == timing.queries_full for timing in timings)
    print(
        f"\nrequêtes SQL par page : {'les mêmes' if steady else 'DIFFÉRENTES'} à {sizes[0]} "
        f"et à {sizes[1]} fiches"
    )


# --- Main ---------------------------------------------------------------------------------


def run(args: argparse.Namespace, workdir: Path) -> None:
    server_url = os.environ.get("DATABASE_URL", "sqlite://")
    with bench_database(server_url, workdir, name=args.database, keep=args.keep) as database_url:
        environment = production_environment(database_url, workdir)
        os.environ.update(environment)
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        from fiches.models import Action

        print(
            f"base : {connection.vendor} {database_url.rsplit('@', 1)[-1]} · "
            f"{args.actions} fiches, {args.centres} centres · dossier {workdir}",
            flush=True,
        )
        call_command("migrate", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)

        started = time.perf_counter()
        files = write_catalogue(
            workdir / "sheets",
            actions=args.actions,
            centres=args.centres,
            seed=args.seed,
            first_file=SMALL_SIZE,
            per_file=args.per_file,
        )
        size_mb = sum(path.stat().st_size for path in files) / 1e6
        print(
            f"catalogue : {len(files)} fichiers, {size_mb:.0f} Mo, écrits en "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )

        print("import :", flush=True)
        import_files(sorted(FIXTURES_DIR.iterdir()), label="graines")
        first_rate = import_files(files[:1], label="premier fichier")
        print(
            f"  soit, à ce rythme, ~{args.actions / first_rate / 60:.0f} min pour "
            f"{args.actions} fiches (le rythme baisse souvent avec la taille)",
            flush=True,
        )
        pages = bench_pages()
        small_size = Action.objects.count()
        small_counts = query_counts(pages)
        if args.profile:
            rate = profiled(import_files, files[1:], label="fichier")
        else:
            rate = import_files(files[1:], label="fichier")
        print(f"taux d'import : {rate:.0f} fiches/s", flush=True)
        vacuum_analyze(Action._meta.db_table)
        full_size = Action.objects.count()
        if args.slow_queries:
            print(f"requêtes SQL les plus lentes, à {full_size} fiches :")
        full_counts = query_counts(pages, slowest=args.slow_queries)

        timings = [
            Timing(page, queries_small=small_counts[page.name], queries_full=full_counts[page.name])
            for page in pages
        ]
        after_change: list[float] = []
        new_searches: list[float] = []
        if not args.skip_http:
            with gunicorn(environment, cwd=settings.BASE_DIR) as base_url:
                print(f"gunicorn : {base_url}, 2 workers", flush=True)
                for timing in timings:
                    time_page(base_url, timing, requests=args.requests, warmup=args.warmup)
                by_name = {page.name: page for page in pages}
                new_searches = time_new_searches(
                    base_url, by_name["recherche"], times=COLD_REQUESTS
                )
                after_change = time_after_change(base_url, by_name["liste"], times=COLD_REQUESTS)
        print_report(timings, sizes=(small_size, full_size), http=not args.skip_http)
        for label, durations in (
            ("recherche jamais faite (la base classe toutes les fiches trouvées)", new_searches),
            ("liste, première requête après une modification du catalogue (index des "
             "facettes reconstruit)", after_change),
        ):  # fmt: skip
            if durations:
                print(
                    f"{label}, {len(durations)} fois : médiane "
                    f"{statistics.median(durations):.0f} ms, max {max(durations):.0f} ms"
                )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)

    def on_signal(signum, frame):
        if signum == signal.SIGALRM:
            raise DeadlineReached(f"banc interrompu : --deadline {args.deadline} s atteint")
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGALRM, on_signal)
    signal.alarm(args.deadline)
    workdir = Path(tempfile.mkdtemp(prefix="bench-catalogue-"))
    try:
        run(args, workdir)
    except DeadlineReached as error:
        raise SystemExit(str(error)) from None
    except KeyboardInterrupt:
        raise SystemExit("banc interrompu (Ctrl-C)") from None
    finally:
        signal.alarm(0)
        if args.keep:
            print(f"conservé : {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
