"""The bench's database: its own, or one an earlier ``--keep`` run left (``--reuse``).

Only a database the bench created is ever dropped: a new bench database (unless ``--keep``).
A reused database is never dropped.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DATABASE = "bench_catalogue"
# The name goes into CREATE and DROP DATABASE unquoted: a plain identifier only.
DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]*")


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
