"""A column among many keys: one array parameter on PostgreSQL, lists of keys elsewhere."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from core.key_sets import SQLITE_CHUNK, AmongKeys, among_keys_sql, key_chunks
from fiches.models import Action
from tests.fiches.factories import ActionFactory


@pytest.mark.django_db
def test_a_filter_among_keys_finds_the_rows_of_those_keys_only():
    sheets = ActionFactory.create_batch(4)
    wanted = [sheets[0].pk, sheets[2].pk, max(sheet.pk for sheet in sheets) + 1000]
    with CaptureQueriesContext(connection) as queries:
        found = set(Action.objects.filter(AmongKeys(F("pk"), wanted)).values_list("pk", flat=True))
    assert found == {sheets[0].pk, sheets[2].pk}
    assert Action.objects.filter(AmongKeys(F("pk"), [])).count() == 0
    if connection.vendor == "postgresql":  # one parameter, whatever the number of keys
        assert "= ANY(" in queries[0]["sql"]
        assert " IN (" not in queries[0]["sql"]


@pytest.mark.django_db
def test_a_statement_written_by_hand_finds_the_rows_of_those_keys():
    sheets = ActionFactory.create_batch(3)
    keys = [sheets[0].pk, sheets[1].pk]
    quote = connection.ops.quote_name
    among, params = among_keys_sql(connection.vendor, quote("id"), keys)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {quote(Action._meta.db_table)} WHERE {among}", params)
        assert {row for (row,) in cursor.fetchall()} == set(keys)


def test_keys_are_named_all_at_once_on_postgresql_and_in_chunks_elsewhere():
    keys = list(range(2 * SQLITE_CHUNK + 1))
    assert list(key_chunks("postgresql", keys)) == [keys]
    chunks = list(key_chunks("sqlite", keys))
    assert [len(chunk) for chunk in chunks] == [SQLITE_CHUNK, SQLITE_CHUNK, 1]
    assert [key for chunk in chunks for key in chunk] == keys
    assert list(key_chunks("postgresql", [])) == []
