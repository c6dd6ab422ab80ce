"""The bench's databases: its own (new, or one an earlier ``--keep`` run left, ``--reuse``),
and a scratch copy of it for the measures that write.

Only a database the bench created is ever dropped: a new bench database (unless ``--keep``)
and the scratch copy, whose name carries the bench's process id so that it can be no one
else's. A reused database is never dropped.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DATABASE = "bench_catalogue"
# The name goes into CREATE and DROP DATABASE unquoted: a plain identifier only.
DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,40}")
# ``CREATE DATABASE … TEMPLATE`` needs the source to have no other session: tried this long
# (other engineers' servers may hold sessions on a shared database), then a dump and restore.
TEMPLATE_WAIT = 15  # seconds
COPY_TIMEOUT = 900  # seconds, for pg_dump | pg_restore


def is_sqlite(server_url: str) -> bool:
    return urlsplit(server_url).scheme.startswith("sqlite")


def _maintenance_url(server_url: str) -> str:
    """The server's maintenance database, from which databases are created and dropped."""
    return urlunsplit(urlsplit(server_url)._replace(scheme="postgresql", path="/postgres"))


def _database_url(server_url: str, name: str) -> str:
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def _check_server(server_url: str) -> None:
    scheme = urlsplit(server_url).scheme
    if not (scheme.startswith("sqlite") or scheme.startswith("postgres")):
        raise SystemExit(f"DATABASE_URL non géré par le banc : {scheme}")


def _close_django_connections() -> None:
    # Django may not be set up yet (an error before the first query).
    with contextlib.suppress(Exception):
        from django.db import connections

        connections.close_all()


@contextlib.contextmanager
def bench_database(
    server_url: str, workdir: Path, *, name: str, keep: bool, reuse: bool
) -> Iterator[str]:
    """The URL of the bench's database: with ``reuse``, the existing ``name`` (a path on
    SQLite), left as it is afterwards; otherwise an empty ``name`` (a file in ``workdir`` on
    SQLite), removed afterwards unless ``keep``."""
    _check_server(server_url)
    if is_sqlite(server_url):
        if reuse:
            path = Path(name).resolve()
            if not path.is_file():
                raise SystemExit(f"--reuse : pas de base SQLite {path}")
            yield f"sqlite:///{path}"
        else:
            yield f"sqlite:///{workdir / 'bench.sqlite3'}"
        return
    import psycopg

    maintenance = _maintenance_url(server_url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if reuse and not exists:
            raise SystemExit(f"--reuse : pas de base {name} (--keep en garde une)")
        if not reuse:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {name}")
    try:
        yield _database_url(server_url, name)
    finally:
        _close_django_connections()
        if not (keep or reuse):
            with psycopg.connect(maintenance, autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextlib.contextmanager
def scratch_copy(database_url: str, workdir: Path) -> Iterator[str]:
    """A copy of the database at ``database_url`` for the measures that write (an import, a
    retitled sheet, a coordinator's account); dropped afterwards. Nothing may be connected to
    the source from this process or its servers while it is made."""
    _close_django_connections()
    started = time.perf_counter()
    if is_sqlite(database_url):
        source = Path(urlsplit(database_url).path)
        copy = workdir / "copie.sqlite3"
        # The backup API copies a consistent state, even with a writer on the source.
        with (
            contextlib.closing(sqlite3.connect(source)) as reading,
            contextlib.closing(sqlite3.connect(copy)) as writing,
        ):
            reading.backup(writing)
        print(f"copie de travail : {copy} en {time.perf_counter() - started:.0f} s", flush=True)
        try:
            yield f"sqlite:///{copy}"
        finally:
            _close_django_connections()
            copy.unlink(missing_ok=True)
        return
    import psycopg

    source = urlsplit(database_url).path.lstrip("/")
    name = f"bench_copie_{os.getpid()}"
    maintenance = _maintenance_url(database_url)
    try:
        how = _create_copy(maintenance, source=source, name=name, database_url=database_url)
        print(
            f"copie de travail : {name} ({how}) en {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        yield _database_url(database_url, name)
    finally:
        _close_django_connections()
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _create_copy(maintenance: str, *, source: str, name: str, database_url: str) -> str:
    """Creates ``name`` as a copy of ``source``; says how."""
    import psycopg

    deadline = time.monotonic() + TEMPLATE_WAIT
    with psycopg.connect(maintenance, autocommit=True) as connection:
        while True:
            try:
                connection.execute(f"CREATE DATABASE {name} TEMPLATE {source}")
                return "CREATE DATABASE … TEMPLATE"
            except psycopg.errors.ObjectInUse:
                if time.monotonic() > deadline:
                    break
                time.sleep(1)
        # Other sessions on the source: a dump read in one snapshot, restored.
        connection.execute(f"CREATE DATABASE {name}")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        raise SystemExit(
            f"copie de {source} impossible : d'autres sessions l'utilisent et pg_dump manque"
        )
    copy_url = _database_url(database_url, name)
    dump = subprocess.Popen(
        ["pg_dump", "--format=custom", "--compress=0", f"--dbname={database_url}"],
        stdout=subprocess.PIPE,
    )
    try:
        restore = subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={copy_url}"],
            stdin=dump.stdout,
            timeout=COPY_TIMEOUT,
            check=False,
        )
        dump.stdout.close()
        if dump.wait(timeout=COPY_TIMEOUT) or restore.returncode:
            raise SystemExit(f"copie de {source} par pg_dump | pg_restore en échec")
    finally:
        if dump.poll() is None:
            dump.kill()
            dump.wait()
    # A restored database has neither statistics nor visibility map, which a copy made from
    # a template keeps: the plans and index-only scans of the source, as autovacuum would.
    with psycopg.connect(copy_url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")
    return "d'autres sessions sur la base : pg_dump | pg_restore, VACUUM (ANALYZE)"


def point_django_at(database_url: str) -> None:
    """Makes this process's Django connection use the database at ``database_url`` from
    now on, as Django's test runner points it at a test database."""
    import dj_database_url
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    name = dj_database_url.parse(database_url)["NAME"]
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name


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
        # The page cache is Redis when REDIS_URL is set (left as the environment has it),
        # the process's memory otherwise; this run's pages apart from anyone else's.
        "CACHE_KEY_PREFIX": f"bench-{os.getpid()}",
    }


class AutovacuumStandIn:
    """The ``ANALYZE`` that autovacuum runs on a production server, on a server whose
    autovacuum is off (as on this bench's machines), where a growing catalogue's queries
    would otherwise be planned from the statistics of its first thousand sheets.

    After each file (:meth:`nudge`), a thread of its own analyzes, on a connection of its
    own, each table changed by more than its threshold since its statistics were gathered
    (the server's ``autovacuum_analyze_threshold`` and ``…_scale_factor``), while the next
    file is imported: as autovacuum's worker would, on the same cores."""

    def __init__(self, connection_params: dict):
        self.connection_params = connection_params
        self.seconds = 0.0
        self.passes = 0
        self._wanted = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="autovacuum-stand-in")

    def __enter__(self) -> AutovacuumStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stopping = True
        self._wanted.set()
        self._thread.join()

    def nudge(self) -> None:
        self._wanted.set()

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(**self.connection_params, autocommit=True) as connection:
            while True:
                self._wanted.wait()
                self._wanted.clear()
                if self._stopping:
                    return
                started = time.perf_counter()
                if self._analyze(connection):
                    self.passes += 1
                    self.seconds += time.perf_counter() - started

    @staticmethod
    def _analyze(connection) -> int:
        tables = connection.execute(
            "SELECT quote_ident(stats.schemaname) || '.' || quote_ident(stats.relname) "
            "FROM pg_stat_user_tables AS stats JOIN pg_class ON pg_class.oid = stats.relid "
            "WHERE stats.n_mod_since_analyze > "
            "current_setting('autovacuum_analyze_threshold')::float + "
            "current_setting('autovacuum_analyze_scale_factor')::float "
            "* greatest(pg_class.reltuples, 0)"
        ).fetchall()
        for (table,) in tables:
            connection.execute(f"ANALYZE {table}")
        return len(tables)


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
