"""A column among many keys: what an index patch asks after an import (a thousand sheets,
their links, their centres, their places).

Written ``column IN (%s, %s, …)``, each key is a parameter: Django prepares each value, psycopg
splits the statement at each placeholder, PostgreSQL parses a list of a thousand constants;
at 1,000 keys, some 10 ms per statement, in every process patching its index. PostgreSQL
takes the keys as one parameter instead, an array (``column = ANY(%s)``): some 4 ms for the
same rows. SQLite has no arrays: there the keys stay a list, in statements that each name
:data:`SQLITE_CHUNK` keys at most.

The sheets an import creates have consecutive keys: a run of them is named by its two ends
(``column BETWEEN %s AND %s``), which the database reads as one stretch of its index rather
than as a thousand lookups. At 100,000 sheets, the links of a thousand new sheets (four link
tables, 9,000 rows) took 20 ms to read by an array of keys, 7 ms by their run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.core.exceptions import EmptyResultSet
from django.db.models.lookups import In

# SQLite statements name this many keys at most (its limit on parameters is far above it).
SQLITE_CHUNK = 900
# Consecutive keys are named by their run's ends from this many on; fewer stay with the
# other keys (a few runs of a few keys would make a condition of many branches).
RUN_FROM = 16


class AmongKeys(In):
    """``lhs IN keys`` as a filter (``queryset.filter(AmongKeys(F("pk"), keys))``): runs of
    consecutive keys by their ends, the other keys as one array parameter on PostgreSQL.
    The keys are taken as they are, values of the column's type: they come from the
    database, not from a visitor."""

    def as_sql(self, compiler, connection):
        keys = list(self.rhs)
        if not keys:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        array_type = None
        if connection.vendor == "postgresql":
            array_type = self.lhs.output_field.cast_db_type(connection)
        terms = _terms(connection.vendor, lhs, keys, array_type)
        params = [param for _, term_params in terms for param in (*lhs_params, *term_params)]
        return _either(sql for sql, _ in terms), tuple(params)


def among_keys_sql(vendor: str, column: str, keys: list) -> tuple[str, list]:
    """The condition ``column`` (quoted) is among ``keys`` (at least one), for a statement
    written by hand, and its parameters."""
    terms = _terms(vendor, column, keys, None)
    return _either(sql for sql, _ in terms), [param for _, params in terms for param in params]


def key_runs(keys: Iterable) -> tuple[list[tuple[int, int]], list]:
    """``keys`` as runs of consecutive integers, each as its first and last key, for those
    of :data:`RUN_FROM` keys or more; and the keys in no such run. Keys that are not all
    integers are left as they are."""
    keys = list(keys)
    if not all(type(key) is int for key in keys):
        return [], keys
    ordered = sorted(set(keys))
    runs, others = [], []
    start = 0
    for end in range(1, len(ordered) + 1):
        if end < len(ordered) and ordered[end] == ordered[end - 1] + 1:
            continue
        if end - start >= RUN_FROM:
            runs.append((ordered[start], ordered[end - 1]))
        else:
            others.extend(ordered[start:end])
        start = end
    return runs, others


def key_chunks(vendor: str, keys: Iterable) -> Iterator[list]:
    """``keys`` as lists of keys to name in one statement each: all of them at once on
    PostgreSQL, :data:`SQLITE_CHUNK` at a time elsewhere."""
    keys = list(keys)
    if not keys:
        return
    size = len(keys) if vendor == "postgresql" else SQLITE_CHUNK
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


def _terms(vendor: str, column: str, keys: list, array_type: str | None) -> list[tuple]:
    """The conditions, any of which names a key: one per run, one for the other keys."""
    runs, others = key_runs(keys)
    terms = [(f"{column} BETWEEN %s AND %s", [first, last]) for first, last in runs]
    if others and vendor == "postgresql":
        cast = f"::{array_type}[]" if array_type else ""
        terms.append((f"{column} = ANY(%s{cast})", [others]))
    elif others:
        terms.append((f"{column} IN ({', '.join(['%s'] * len(others))})", others))
    return terms


def _either(conditions: Iterable[str]) -> str:
    conditions = list(conditions)
    return conditions[0] if len(conditions) == 1 else f"({' OR '.join(conditions)})"
