"""The catalogue's version: a token that every write to the catalogue's tables changes.

Database triggers change it, whatever writes (a form, an import's bulk inserts, a queryset's
``update()``, a migration, SQL by hand), in the writing transaction: a reader sees the new
token when it sees the new rows, never before. The token is random rather than a count, so
that a rolled-back write never makes an old token current again.

The triggers are (re)installed after every ``migrate`` (``post_migrate``), since a migration
may rebuild a table without them (SQLite alters a table by copying it). On PostgreSQL they
fire once per statement; SQLite only has row triggers, which cost it microseconds.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Generic, TypeVar

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

Value = TypeVar("Value")

TRIGGER = "catalogue_version"
NEW_TOKEN = {
    "postgresql": "(random() * 9.2e18)::bigint",
    "sqlite": "random()",
}


def version_table() -> str:
    return apps.get_model("actions_catalog", "CatalogueVersion")._meta.db_table


def catalogue_tables() -> list[str]:
    """The tables of the catalogue's models and of their many-to-many links: those of the
    apps that ``settings.CATALOGUE_VERSIONED_APPS`` names, their history tables excepted."""
    tables = set()
    for label in settings.CATALOGUE_VERSIONED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            # History tables are written with the tables they record (``instance_type``
            # is django-simple-history's mark of them).
            if not model._meta.managed or hasattr(model, "instance_type"):
                continue
            tables.add(model._meta.db_table)
            for field in model._meta.local_many_to_many:
                if field.remote_field.through._meta.auto_created:
                    tables.add(field.remote_field.through._meta.db_table)
    return sorted(tables)


def current_version(using: str = DEFAULT_DB_ALIAS) -> int | None:
    """The catalogue's token now, or None when it has none (a database being flushed)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT token FROM {version_table()}")
        row = cursor.fetchone()
    return row[0] if row else None


class RecentValues(Generic[Value]):
    """What this process computed from the catalogue, the last ``size`` values by key, each
    with the catalogue's version it was computed at: a value is given again only for the
    same version (see :func:`current_version`), so it is never stale. Thread-safe."""

    # The version of values that do not depend on one (they live in a value that does).
    ANY_VERSION = 0

    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict[Hashable, tuple[int, Value]] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, compute: Callable[[], Value], *, version=ANY_VERSION) -> Value:
        """The value kept for ``key`` at ``version``, or ``compute()``, then kept (unless
        ``version`` is None: a catalogue without a version keeps nothing)."""
        with self._lock:
            kept = self._values.get(key)
            if kept is not None and version is not None and kept[0] == version:
                self._values.move_to_end(key)
                return kept[1]
        value = compute()
        if version is not None:
            with self._lock:
                self._values[key] = (version, value)
                self._values.move_to_end(key)
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


def install_version_triggers(sender=None, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Creates the version's row if it is missing and the triggers that change it."""
    connection = connections[using]
    if connection.vendor not in NEW_TOKEN:
        return
    existing = set(connection.introspection.table_names())
    table = version_table()
    if table not in existing:  # before the migration that creates it
        return
    quote = connection.ops.quote_name
    new_token = NEW_TOKEN[connection.vendor]
    statements = [
        f"INSERT INTO {quote(table)} (token) SELECT {new_token} "
        f"WHERE NOT EXISTS (SELECT 1 FROM {quote(table)})"
    ]
    watched = [name for name in catalogue_tables() if name in existing]
    if connection.vendor == "postgresql":
        statements.append(
            f"CREATE OR REPLACE FUNCTION {TRIGGER}_change() RETURNS trigger AS $$ "
            f"BEGIN UPDATE {quote(table)} SET token = {new_token}; RETURN NULL; END "
            "$$ LANGUAGE plpgsql"
        )
        for name in watched:
            # Dropped and created rather than ``CREATE OR REPLACE``, which PostgreSQL < 14
            # lacks; ``EXECUTE PROCEDURE`` for the same reason (< 11).
            statements.append(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quote(name)}")
            statements.append(
                f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "
                f"{quote(name)} FOR EACH STATEMENT EXECUTE PROCEDURE {TRIGGER}_change()"
            )
    else:
        for name in watched:
            for event in ("INSERT", "UPDATE", "DELETE"):
                statements.append(
                    f"CREATE TRIGGER IF NOT EXISTS {quote(f'{TRIGGER}_{name}_{event.lower()}')} "
                    f"AFTER {event} ON {quote(name)} "
                    f"BEGIN UPDATE {quote(table)} SET token = {new_token}; END"
                )
    # At once: no write slips between a trigger dropped and its replacement.
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
