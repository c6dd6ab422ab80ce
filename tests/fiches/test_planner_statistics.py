"""ANALYZE leaves the sheets' prose alone (migration ``fiches/0021``), and nothing else."""

import pytest
from django.db import connection

from fiches.derived import refresh_derived
from tests.fiches.factories import ActionFactory
from tests.fiches.search import on_postgres

pytestmark = [pytest.mark.django_db, on_postgres]


def columns_with_statistics(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{table}"')
        cursor.execute("SELECT attname FROM pg_stats WHERE tablename = %s", [table])
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.parametrize("table", ["fiches_action", "fiches_historicalaction"])
def test_analyze_gathers_no_statistics_on_the_sheets_prose(table):
    sheets = [ActionFactory(summary=f"Résumé {n}", experience="Un récit.") for n in range(5)]
    refresh_derived(actions=sheets)

    gathered = columns_with_statistics(table)

    assert {"title", "centre_id", "publication_state"} <= gathered
    assert not gathered & {"summary", "experience", "general_description", "perspectives"}
