"""``make bench``: a large catalogue, served as in production, measured over HTTP.

    python -m tests.bench.run [--actions 100000] [--centres 2000] [--requests 50] …
    python -m tests.bench.run --database bench_main --reuse      # a database kept by --keep

1. A database (``database.py``): for SQLite a file in a temporary folder, for PostgreSQL a
   database ``--database`` (``bench_catalogue``) created (and dropped at the end) on the
   server of ``DATABASE_URL``; or, with ``--reuse``, the database an earlier ``--keep`` run
   left (a path on SQLite), migrated, never dropped, nothing imported.
2. The seed sheets of ``fixtures/``, then ``--actions`` synthetic sheets (``synthetic.py``)
   imported through the real importer, file by file, with the rate (``importing.py``).
3. The SQL queries of each page, counted in-process, with the first 100 synthetic sheets
   and with all of them: the counts must not grow (``pages.py``). On PostgreSQL a ``VACUUM
   (ANALYZE)`` first, as autovacuum would after such an import.
4. gunicorn, production settings, two workers on 127.0.0.1 (``server.py``); each page
   requested one request after the other, then a search never made and the list's first
   request after a sheet is edited (``timing.py``).
5. On a scratch copy of the database, which takes every write: the mixed mode (readers
   while nothing writes, while a coordinator edits, while a file is imported: ``mixed.py``),
   the workers' memory, a static file against cached pages, the coordinators' change list,
   a restarted gunicorn's first request, an edit seen through two servers (``checks.py``).

Each result is printed beside the issue's target (``report.py``). gunicorn and every helper
process are stopped on every exit (error, Ctrl-C, SIGTERM, ``--deadline`` reached); the
bench's files and the databases it created are removed (``--keep`` keeps its own database
and files; the scratch copy always goes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

from tests.bench import checks, report
from tests.bench.database import (
    BENCH_DATABASE,
    DATABASE_NAME,
    bench_database,
    is_sqlite,
    point_django_at,
    production_environment,
    scratch_copy,
    vacuum_analyze,
)
from tests.bench.importing import import_files, profiled
from tests.bench.load import load_tool
from tests.bench.mixed import mixed_pages, run_mixed, write_import_files
from tests.bench.pages import bench_pages, query_counts
from tests.bench.server import gunicorn
from tests.bench.synthetic import FIXTURES_DIR, write_catalogue
from tests.bench.timing import (
    Timing,
    pace_line,
    rendering_headers,
    time_after_change,
    time_new_searches,
    time_page,
)

SMALL_SIZE = 100  # synthetic sheets imported before the first query count
COLD_REQUESTS = 4  # first requests after a change to the catalogue, timed apart
# What is measured after the pages' timings, on the scratch copy.
COPY_PHASES = ("mixte", "memoire", "statique", "admin", "demarrage", "instances")
PHASES = ("pages", *COPY_PHASES)


class DeadlineReached(Exception):
    pass


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.run",
        description="Importe un catalogue synthétique puis mesure le site servi par gunicorn.",
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
        "fois : deux noms) ; avec --reuse sur SQLite, le chemin du fichier",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="mesure la base --database gardée par un --keep, sans rien importer ; elle est "
        "migrée, jamais supprimée",
    )
    parser.add_argument(
        "--mixed",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="mode mixte : lecteurs concurrents sans écriture, avec un éditeur, pendant un "
        "import (par défaut)",
    )
    parser.add_argument(
        "--mixed-seconds", type=float, default=20, help="durée de chaque mesure concurrente"
    )
    parser.add_argument(
        "--concurrency", type=int, default=8, help="lecteurs à la fois (mode mixte, statique)"
    )
    parser.add_argument(
        "--only",
        type=lambda value: value.split(","),
        default=list(PHASES),
        metavar="PHASE,…",
        help=f"les mesures à faire, parmi {', '.join(PHASES)} (toutes par défaut)",
    )
    args = parser.parse_args(argv)
    if args.actions < SMALL_SIZE or args.centres < 1 or args.requests < 2:
        parser.error(f"--actions ≥ {SMALL_SIZE}, --centres ≥ 1 et --requests ≥ 2")
    if args.mixed_seconds < 1 or args.concurrency < 1:
        parser.error("--mixed-seconds ≥ 1 et --concurrency ≥ 1")
    if unknown := set(args.only) - set(PHASES):
        parser.error(f"--only : {', '.join(sorted(unknown))} inconnu(s)")
    args.phases = [phase for phase in args.only if args.mixed or phase != "mixte"]
    sqlite = is_sqlite(os.environ.get("DATABASE_URL", "sqlite://"))
    if args.reuse and sqlite:
        if args.database == BENCH_DATABASE:
            parser.error("--reuse sur SQLite : --database CHEMIN du fichier gardé par --keep")
    elif not DATABASE_NAME.fullmatch(args.database):
        parser.error("--database : lettres minuscules, chiffres et _ seulement (41 au plus)")
    return args


def import_catalogue(args: argparse.Namespace, workdir: Path) -> tuple[int, dict]:
    """Imports the seed and synthetic sheets; returns the catalogue's size and the pages'
    query counts after the first synthetic file."""
    from fiches.models import Action

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
    small_size, small_counts = Action.objects.count(), query_counts(bench_pages())
    if args.profile:
        rate = profiled(import_files, files[1:], label="fichier")
    else:
        rate = import_files(files[1:], label="fichier")
    print(f"taux d'import : {rate:.0f} fiches/s", flush=True)
    vacuum_analyze(Action._meta.db_table)
    return small_size, small_counts


def run(args: argparse.Namespace, workdir: Path) -> None:
    server_url = os.environ.get("DATABASE_URL", "sqlite://")
    with bench_database(
        server_url, workdir, name=args.database, keep=args.keep, reuse=args.reuse
    ) as database_url:
        environment = production_environment(database_url, workdir)
        os.environ.update(environment)
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        from fiches.models import Action

        what = "base réutilisée" if args.reuse else f"{args.actions} fiches, {args.centres} centres"
        cache = "Redis (REDIS_URL)" if os.environ.get("REDIS_URL") else "mémoire du processus"
        print(
            f"base : {connection.vendor} {database_url.rsplit('@', 1)[-1]} · {what} · "
            f"cache des pages : {cache} · dossier {workdir}",
            flush=True,
        )
        call_command("migrate", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
        if args.reuse:
            small_size, small_counts = "—", {}
        else:
            small_size, small_counts = import_catalogue(args, workdir)
        pages = bench_pages()
        full_size = Action.objects.count()
        if args.slow_queries:
            print(f"requêtes SQL les plus lentes, à {full_size} fiches :")
        full_counts = query_counts(pages, slowest=args.slow_queries)
        timings = [
            Timing(
                page,
                queries_small=small_counts.get(page.name, "—"),
                queries_full=full_counts[page.name],
            )
            for page in pages
        ]
        sizes = (small_size, full_size)
        http = not args.skip_http and "pages" in args.phases
        by_name = {page.name: page for page in pages}
        if http:
            with gunicorn(environment, cwd=settings.BASE_DIR) as server:
                print(f"gunicorn : {server.base_url}, 2 workers", flush=True)
                rendering = rendering_headers()
                for timing in timings:
                    for kept in (False, True):
                        time_page(
                            server.base_url,
                            timing,
                            requests=args.requests,
                            warmup=args.warmup,
                            headers=None if kept else rendering,
                            kept=kept,
                        )
                new_searches = time_new_searches(
                    server.base_url, by_name["recherche"], times=COLD_REQUESTS
                )
                after_change = time_after_change(
                    server.base_url, by_name["liste"], times=COLD_REQUESTS
                )
        report.print_timings(timings, sizes=sizes, http=http)
        report.print_query_steadiness(timings, sizes)
        if http:
            report.print_cold_requests(new_searches, after_change)
        if not args.skip_http and set(args.phases) & set(COPY_PHASES):
            measure_on_copy(
                args,
                environment=environment,
                database_url=database_url,
                workdir=workdir,
                cwd=settings.BASE_DIR,
                detail_path=by_name["fiche"].path,
            )


def measure_on_copy(
    args: argparse.Namespace,
    *,
    environment: dict[str, str],
    database_url: str,
    workdir: Path,
    cwd: Path,
    detail_path: str,
) -> None:
    """The measures that write, or that follow writes, on a scratch copy of the database."""
    from fiches.models import Action

    phases = set(args.phases)
    with scratch_copy(database_url, workdir) as copy_url:
        point_django_at(copy_url)
        copy_environment = environment | {"DATABASE_URL": copy_url}
        username, password = checks.ensure_coordinator()
        with gunicorn(copy_environment, cwd) as server:
            print(f"gunicorn sur la copie : {server.base_url}, 2 workers", flush=True)
            if "mixte" in phases:
                pages = mixed_pages(detail_path)
                print(
                    f"mode mixte : {args.concurrency} lecteurs ({load_tool()}), "
                    f"{args.mixed_seconds:.0f} s par mesure",
                    flush=True,
                )
                mixed = run_mixed(
                    server,
                    pages,
                    import_files=write_import_files(
                        workdir, count=len(pages), centres=args.centres, seed=args.seed
                    ),
                    environment=copy_environment,
                    cwd=cwd,
                    workdir=workdir,
                    concurrency=args.concurrency,
                    seconds=args.mixed_seconds,
                    seed=args.seed,
                )
                report.print_mixed(mixed, concurrency=args.concurrency)
            if "memoire" in phases:
                report.print_memory(checks.worker_memory(server), sheets=Action.objects.count())
            if "statique" in phases:
                loads = checks.static_versus_pages(
                    server,
                    concurrency=args.concurrency,
                    seconds=args.mixed_seconds,
                    workdir=workdir,
                )
                report.print_static(loads, checks.conditional_requests(server))
            if "admin" in phases:
                timings = checks.admin_timings(
                    server,
                    username=username,
                    password=password,
                    requests=args.requests,
                    warmup=args.warmup,
                )
                report.print_timings(timings, sizes=None, http=True, title="administration")
        if "demarrage" in phases:
            report.print_start_up(checks.first_requests(copy_environment, cwd))
        if "instances" in phases:
            report.print_seen(checks.edit_seen_by_two_servers(copy_environment, cwd))


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
    started = time.monotonic()
    try:
        print(pace_line("au départ"), flush=True)
        run(args, workdir)
        print(f"\n{pace_line('à la fin')}")
        print(f"banc terminé en {(time.monotonic() - started) / 60:.1f} min")
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
