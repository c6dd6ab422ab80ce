"""A column among many keys: what an index patch asks after an import (a thousand sheets,
their links, their centres, their places).

Written ``column IN (%s, %s, …)``, each key is a parameter: Django prepares each value, psycopg
splits the statement at each placeholder, PostgreSQL parses a list of a thousand constants;
at 1,000 keys, some 10 ms per statement, in every process patching its index. PostgreSQL
takes the keys as one parameter instead, an array (``column = ANY(%s)``): some 4 ms for the
same rows. SQLite has no arrays: there the keys stay a list, in statements that each name
:data:`SQLITE_CHUNK` keys at most.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models.lookups import In

# SQLite statements name this many keys at most (its limit on parameters is far above it).
SQLITE_CHUNK = 900


class AmongKeys(In):
    """``lhs IN keys`` as a filter (``queryset.filter(AmongKeys(F("pk"), keys))``), one
    array parameter on PostgreSQL. The keys are taken as they are, values of the column's
    type: they come from the database, not from a visitor."""

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        array_type = self.lhs.output_field.cast_db_type(connection)
        return f"{lhs} = ANY(%s::{array_type}[])", (*lhs_params, list(self.rhs))


def among_keys_sql(vendor: str, column: str, keys: list) -> tuple[str, list]:
    """The condition ``column`` (quoted) is among ``keys``, for a statement written by
    hand, and its parameters."""
    if vendor == "postgresql":
        return f"{column} = ANY(%s)", [keys]
    return f"{column} IN ({', '.join(['%s'] * len(keys))})", list(keys)


def key_chunks(vendor: str, keys: Iterable) -> Iterator[list]:
    """``keys`` as lists of keys to name in one statement each: all of them at once on
    PostgreSQL, :data:`SQLITE_CHUNK` at a time elsewhere."""
    keys = list(keys)
    if not keys:
        return
    size = len(keys) if vendor == "postgresql" else SQLITE_CHUNK
    for start in range(0, len(keys), size):
        yield keys[start : start + size]
