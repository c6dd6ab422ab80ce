"""A column among many keys: runs of consecutive keys by their ends, the other keys as one array
parameter on PostgreSQL, lists of keys elsewhere."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from core.key_sets import RUN_FROM, SQLITE_CHUNK, AmongKeys, among_keys_sql, key_chunks, key_runs
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


@given(st.sets(st.integers(min_value=-50, max_value=400)))
def test_keys_are_cut_into_their_longest_runs_and_the_keys_of_none(keys):
    runs, others = key_runs(keys)
    in_runs = {key for first, last in runs for key in range(first, last + 1)}
    assert in_runs | set(others) == keys
    assert in_runs.isdisjoint(others)
    assert sum(last - first + 1 for first, last in runs) == len(in_runs)  # no overlap
    for first, last in runs:
        assert last - first + 1 >= RUN_FROM
        assert first - 1 not in keys and last + 1 not in keys  # each run whole
    # No run of RUN_FROM keys was left among the others.
    assert not any(all(key + step in others for step in range(RUN_FROM)) for key in others)


def test_keys_other_than_integers_are_left_as_they_are():
    assert key_runs(["b", "a", "c"]) == ([], ["b", "a", "c"])


@pytest.mark.django_db
def test_a_run_of_keys_finds_the_rows_of_its_keys_only():
    sheets = ActionFactory.create_batch(RUN_FROM + 4)
    pks = sorted(sheet.pk for sheet in sheets)
    # A run that starts at the second sheet and goes past the last one, and the first
    # sheet's key apart: keys of no row, inside the run or not, find nothing.
    wanted = [pks[0], *range(pks[1], pks[-1] + 5)]
    expected = set(pks) & set(wanted)
    assert len(key_runs(wanted)[0]) == 1
    with CaptureQueriesContext(connection) as queries:
        found = set(Action.objects.filter(AmongKeys(F("pk"), wanted)).values_list("pk", flat=True))
    assert found == expected
    assert " BETWEEN " in queries[0]["sql"]
    quote = connection.ops.quote_name
    among, params = among_keys_sql(connection.vendor, quote("id"), wanted)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {quote(Action._meta.db_table)} WHERE {among}", params)
        assert {row for (row,) in cursor.fetchall()} == expected
    if pks[1:] != list(range(pks[1], pks[-1] + 1)):
        return  # keys not consecutive: the filter above checked the rest
    # Excluded, a run keeps the rows outside it.
    kept = Action.objects.exclude(AmongKeys(F("pk"), pks[1:])).values_list("pk", flat=True)
    assert set(kept) >= {pks[0]} and set(kept).isdisjoint(pks[1:])
