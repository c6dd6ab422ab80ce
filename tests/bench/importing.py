"""The catalogue imported through the real importer, file by file, with its rate."""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.bench.database import AutovacuumStandIn


class QueryCounter:
    """Counts the SQL statements run (a connection's ``execute_wrapper``), without the cost
    of recording them."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def import_files(paths: list[Path], *, label: str) -> float:
    """Imports the files as the command imports a folder (the next one parsed while one is
    written), printing each file's progress and SQL queries per sheet; returns the sheets
    per second."""
    from django.db import connection

    from fiches.importing import imported_files

    queries = QueryCounter()
    total_sheets, started = 0, time.perf_counter()
    with connection.execute_wrapper(queries), autovacuum_stand_in() as autovacuum:
        file_started, file_queries = time.perf_counter(), queries.count
        for number, report in enumerate(imported_files(paths=paths), start=1):
            if not report.ok:
                raise SystemExit(f"import refusé : {report.error}")
            total_sheets += report.sheets_read
            elapsed = time.perf_counter() - file_started
            autovacuum.nudge()
            print(
                f"  {label} {number}/{len(paths)} : {report.sheets_read} fiches en "
                f"{elapsed:.1f} s ({report.sheets_read / elapsed:.0f} fiches/s, "
                f"{(queries.count - file_queries) / report.sheets_read:.2f} requêtes SQL par "
                f"fiche), créées {report.created}",
                flush=True,
            )
            file_started, file_queries = time.perf_counter(), queries.count
        elapsed = time.perf_counter() - started
    rate = total_sheets / elapsed if elapsed else 0.0
    print(
        f"  {label} : {total_sheets} fiches en {elapsed:.1f} s, {rate:.0f} fiches/s, "
        f"{queries.count / total_sheets:.2f} requêtes SQL par fiche ; pendant ce temps, "
        f"{autovacuum.passes} passages d'ANALYZE comme ceux de l'autovacuum, "
        f"{autovacuum.seconds:.1f} s",
        flush=True,
    )
    return rate


@contextmanager
def autovacuum_stand_in() -> Iterator[AutovacuumStandIn | NoAutovacuum]:
    """On PostgreSQL, the statistics kept current while the catalogue grows, as
    autovacuum would (``AutovacuumStandIn``); nothing elsewhere."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield NoAutovacuum()
        return
    # The database this process imports into, whichever the environment names.
    with AutovacuumStandIn(connection.get_connection_params()) as autovacuum:
        yield autovacuum


class NoAutovacuum:
    passes, seconds = 0, 0.0

    def nudge(self) -> None:
        pass


def profiled(function, *args, **kwargs):
    profile = cProfile.Profile()
    result = profile.runcall(function, *args, **kwargs)
    stats = pstats.Stats(profile, stream=sys.stdout).strip_dirs()
    print("\n  profil de l'import, par temps cumulé :")
    stats.sort_stats("cumulative").print_stats(30)
    print("  profil de l'import, par temps propre :")
    stats.sort_stats("tottime").print_stats(20)
    return result
