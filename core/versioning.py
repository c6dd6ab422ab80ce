"""The catalogue's version, and the log of the rows each write changed.

Database triggers keep both, whatever writes (a form, an import's bulk inserts, a queryset's
``update()``, a migration, SQL by hand), in the writing transaction:

- the version is a token in a single row (``CatalogueVersion``) that every write changes: a
  reader sees the new token when it sees the new rows, never before. It is random rather
  than a count, so that a rolled-back write never makes an old token current again. What is
  computed from the catalogue is current while the token is the same.
- the log (``CatalogueChange``) holds the key of every row written, so that what is kept in
  memory re-reads the rows that changed rather than everything (``core.changes``).

The triggers are (re)installed after every ``migrate`` (``post_migrate``), since a migration
may rebuild a table without them (SQLite alters a table by copying it). On PostgreSQL they
fire once per statement and log the statement's rows from its transition tables; SQLite only
has row triggers, which cost it microseconds.
"""

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

TRIGGER = "catalogue_version"
NEW_TOKEN = {
    "postgresql": "(random() * 9.2e18)::bigint",
    "sqlite": "random()",
}


def version_table() -> str:
    return apps.get_model("actions_catalog", "CatalogueVersion")._meta.db_table


def log_table() -> str:
    return apps.get_model("actions_catalog", "CatalogueChange")._meta.db_table


def logged_columns() -> dict[str, str]:
    """The tables of the catalogue, each with the column its log rows keep: the primary
    key of a model's table, the declaring model's column of a many-to-many link table. The
    catalogue is the models of the apps ``settings.CATALOGUE_VERSIONED_APPS`` names, their
    history tables excepted (they are written with the tables they record), and the models
    that say they are not the catalogue's content (``catalogue_content = False``: a file
    waiting for its import's confirmation)."""
    columns = {}
    for label in settings.CATALOGUE_VERSIONED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            # ``instance_type`` is django-simple-history's mark of its history models.
            if not model._meta.managed or hasattr(model, "instance_type"):
                continue
            if not getattr(model, "catalogue_content", True):
                continue
            columns.setdefault(model._meta.db_table, model._meta.pk.column)
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through._meta
                if through.auto_created:
                    columns[through.db_table] = field.m2m_column_name()
    return dict(sorted(columns.items()))


def tables_keyed_by(model) -> frozenset[str]:
    """The tables whose rows the catalogue's log (``core.versioning``) keys by ``model``'s
    key: its own, its many-to-many links, and the tables of a row per row of it (a sheet's
    search document)."""
    tables = {model._meta.db_table}
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through._meta
        if through.auto_created:
            tables.add(through.db_table)
    for relation in model._meta.related_objects:
        if relation.one_to_one and relation.field.primary_key:
            tables.add(relation.related_model._meta.db_table)
    return frozenset(tables)


def catalogue_tables() -> list[str]:
    """The tables of the catalogue's models and of their many-to-many links."""
    return list(logged_columns())


def current_version(using: str = DEFAULT_DB_ALIAS) -> int | None:
    """The catalogue's token now, or None when it has none (a database being flushed)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT token FROM {version_table()}")
        row = cursor.fetchone()
    return row[0] if row else None


def install_version_triggers(sender=None, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Creates the version's row if it is missing, and the triggers that change it and log
    the rows written."""
    connection = connections[using]
    if connection.vendor not in NEW_TOKEN:
        return
    existing = set(connection.introspection.table_names())
    if not {version_table(), log_table()} <= existing:  # before the migrations that make them
        return
    quote = connection.ops.quote_name
    statements = [
        f"INSERT INTO {quote(version_table())} (token) SELECT {NEW_TOKEN[connection.vendor]} "
        f"WHERE NOT EXISTS (SELECT 1 FROM {quote(version_table())})"
    ]
    watched = {name: column for name, column in logged_columns().items() if name in existing}
    if connection.vendor == "postgresql":
        statements += _postgresql_triggers(quote, watched)
    else:
        statements += _sqlite_triggers(quote, watched)
    # At once: no write slips between a trigger dropped and its replacement.
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# PostgreSQL's statement triggers read the statement's rows from its transition tables, which
# only a trigger of one event may have: one trigger per event and table (the name's suffix,
# the event, its transition tables).
POSTGRESQL_EVENTS = {
    "insert": ("INSERT", "REFERENCING NEW TABLE AS new_rows"),
    "update": ("UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    "delete": ("DELETE", "REFERENCING OLD TABLE AS old_rows"),
    "truncate": ("TRUNCATE", ""),
}


def _postgresql_triggers(quote, watched: dict[str, str]) -> list[str]:
    version, log = quote(version_table()), quote(log_table())
    columns = '("table", "row", "transaction", recorded_at)'
    # The transaction id as a number, to compare with a snapshot's (``core.changes``).
    transaction_id = "pg_current_xact_id()::text::bigint"
    rows_of = {
        "INSERT": "SELECT %2$I FROM new_rows",
        "DELETE": "SELECT %2$I FROM old_rows",
        # A link moved from one sheet to another changed both.
        "UPDATE": "SELECT %2$I FROM new_rows UNION SELECT %2$I FROM old_rows",
    }
    logging = "\n".join(
        f"ELSIF TG_OP = '{operation}' THEN EXECUTE format("
        f"'INSERT INTO {log} {columns} SELECT DISTINCT %1$L, r.key, $1, now() "
        f"FROM ({rows}) AS r(key)', TG_TABLE_NAME, TG_ARGV[0]) USING {transaction_id};"
        for operation, rows in rows_of.items()
    )
    statements = [
        f"CREATE OR REPLACE FUNCTION {TRIGGER}_change() RETURNS trigger AS $$ BEGIN "
        f"UPDATE {version} SET token = {NEW_TOKEN['postgresql']}; "
        f"IF TG_OP = 'TRUNCATE' THEN INSERT INTO {log} {columns} "
        f"VALUES (TG_TABLE_NAME, NULL, {transaction_id}, now()); "
        f"{logging} END IF; RETURN NULL; END $$ LANGUAGE plpgsql"
    ]
    for name, column in watched.items():
        # The trigger of the first version, one for every event, goes.
        statements.append(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quote(name)}")
        for suffix, (event, referencing) in POSTGRESQL_EVENTS.items():
            trigger = quote(f"{TRIGGER}_{suffix}")
            # Dropped and created rather than ``CREATE OR REPLACE``, which PostgreSQL < 14
            # lacks; ``EXECUTE PROCEDURE`` for the same reason (< 11).
            statements.append(f"DROP TRIGGER IF EXISTS {trigger} ON {quote(name)}")
            statements.append(
                f"CREATE TRIGGER {trigger} AFTER {event} ON {quote(name)} {referencing} "
                f"FOR EACH STATEMENT EXECUTE PROCEDURE {TRIGGER}_change('{column}')"
            )
    return statements


def _sqlite_triggers(quote, watched: dict[str, str]) -> list[str]:
    version, log = quote(version_table()), quote(log_table())
    columns = '("table", "row", "transaction", recorded_at)'
    now = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
    statements = []
    for name, column in watched.items():
        logged = {
            "insert": [f"NEW.{quote(column)}"],
            "update": [f"NEW.{quote(column)}", f"OLD.{quote(column)}"],
            "delete": [f"OLD.{quote(column)}"],
        }
        for event, keys in logged.items():
            trigger = quote(f"{TRIGGER}_{name}_{event}")
            rows = " UNION ".join(f"SELECT '{name}', {key}, NULL, {now}" for key in keys)
            statements.append(f"DROP TRIGGER IF EXISTS {trigger}")
            statements.append(
                f"CREATE TRIGGER {trigger} AFTER {event.upper()} ON {quote(name)} BEGIN "
                f"UPDATE {version} SET token = {NEW_TOKEN['sqlite']}; "
                f"INSERT INTO {log} {columns} {rows}; END"
            )
    return statements
