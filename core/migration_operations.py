"""What the catalogue's migrations share. Kept small and stable: migrations already applied
run this code again whenever a database is created."""


def run_on_postgres(statements: list[str]):
    """A ``RunPython`` function that runs ``statements`` on PostgreSQL, nothing elsewhere
    (PostgreSQL's search configuration and indexes, which SQLite has no use for)."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run
