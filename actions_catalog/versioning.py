"""The catalogue's version: a token that every write to the catalogue's tables changes.

Database triggers change it, whatever writes (a form, an import's bulk inserts, a queryset's
``update()``, a migration, SQL by hand), in the writing transaction: a reader sees the new
token when it sees the new rows, never before. The token is random rather than a count, so
that a rolled-back write never makes an old token current again.

The triggers are (re)installed after every ``migrate`` (``post_migrate``), since a migration
may rebuild a table without them (SQLite alters a table by copying it). On PostgreSQL they
fire once per statement; SQLite only has row triggers, which cost it microseconds.
"""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction

# The apps whose tables make up the catalogue (their history tables excepted).
CATALOGUE_APPS = ("centres", "fiches")
TRIGGER = "catalogue_version"
NEW_TOKEN = {
    "postgresql": "(random() * 9.2e18)::bigint",
    "sqlite": "random()",
}


def version_table() -> str:
    return apps.get_model("actions_catalog", "CatalogueVersion")._meta.db_table


def catalogue_tables() -> list[str]:
    """The tables of the catalogue's models and of their many-to-many links."""
    tables = set()
    for label in CATALOGUE_APPS:
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
