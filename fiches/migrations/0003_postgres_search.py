"""PostgreSQL's side of search: accent-free French configuration, GIN indexes, trigrams.

SQLite has none of these and needs none: the same migration does nothing there.
"""

from django.db import migrations

from core.migration_operations import run_on_postgres

POSTGRES_SETUP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$;
    """,
    "CREATE INDEX IF NOT EXISTS fiches_action_search_vector_gin "
    "ON fiches_action USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS fiches_action_search_text_trgm "
    "ON fiches_action USING gin (search_text gin_trgm_ops)",
]
POSTGRES_TEARDOWN = [
    "DROP INDEX IF EXISTS fiches_action_search_text_trgm",
    "DROP INDEX IF EXISTS fiches_action_search_vector_gin",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
]


class Migration(migrations.Migration):
    dependencies = [("fiches", "0002_search_fields")]

    operations = [
        migrations.RunPython(run_on_postgres(POSTGRES_SETUP), run_on_postgres(POSTGRES_TEARDOWN)),
    ]
