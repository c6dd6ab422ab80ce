"""No planner statistics for the sheets' prose, in the sheets' table and their history.

``ANALYZE`` (autovacuum's, as the catalogue grows) sorted a sample of every column: on the
ten long texts of a sheet, with the database's collation, that was half its time on the
sheets' table and two thirds on their history (at 100,000 sheets, about 2.5 s of a core
each time, every tenth of growth). No query filters, joins or sorts on these texts: the
search reads its own documents (``fiches_actionsearch``), so the statistics served nothing.
"""

from django.db import migrations

from core.migration_operations import run_on_postgres

PROSE_COLUMNS = (
    "summary", "experience", "general_description", "people_mobilised",
    "financial_resources", "result_residents", "result_territory", "result_centre",
    "limits", "perspectives",
)  # fmt: skip
TABLES = ("fiches_action", "fiches_historicalaction")


def statistics_target(target: int) -> list[str]:
    columns = ", ".join(
        f'ALTER COLUMN "{column}" SET STATISTICS {target}' for column in PROSE_COLUMNS
    )
    return [f'ALTER TABLE "{table}" {columns}' for table in TABLES]


class Migration(migrations.Migration):
    dependencies = [
        ("fiches", "0020_accented_run_counts"),
    ]

    operations = [
        migrations.RunPython(
            run_on_postgres(statistics_target(0)),
            run_on_postgres(statistics_target(-1)),
            elidable=False,
        ),
    ]
