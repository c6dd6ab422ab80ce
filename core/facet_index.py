"""A list's facets, counted in memory.

For each option of each facet, the index holds the rows filed under it as the bits of a
Python integer: bit *i* stands for the *i*-th row of the list's scope (what the visitor may
see). The rows a set of filters gives are then ANDs and ORs of those integers, and an
option's count one AND and one ``bit_count()``: every option of every facet is counted in a
few milliseconds, whatever the filters, where counting in SQL read the filtered rows and the
link tables again for each facet (over a second at 100,000 actions).

An index is built from the database (a query for the rows, one per link table and one per
table that names options) for one scope of one list, and kept in the process while the
catalogue's version (``core.versioning``) stays the same: the first request after
a change rebuilds it, every other one reads the version only.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import compress, islice, product
from typing import NamedTuple

from django.db import connections

from .versioning import RecentValues, current_version

# Scopes kept per process: a list's public scope and its staff scope, for each list.
KEPT_INDEXES = 8
# Searches (their rows and their order) remembered per index: at 100,000 sheets, a search
# that finds them all holds about a megabyte.
REMEMBERED = 32
# Beyond this many options, a facet with one option per row is counted row by row.
MASKS_PER_FACET = 32
_ZERO_ONE = bytes.maketrans(b"01", b"\x00\x01")


class FacetSource(NamedTuple):
    """Where a facet's options are counted from the keys of its rows: grouped by ``key``, a
    field of the row, or with ``link``, a column of that link table (joined on its column
    ``link_row``); named by ``value_column`` and ``label_column`` of ``table`` (joined on
    its ``table_key``), or by the key itself when there is no ``table``."""

    key: str
    value_column: str
    label_column: str
    table: str | None = None
    table_key: str | None = None
    link: str | None = None
    link_row: str | None = None


class FacetIndex:
    """The rows of a scope under each option of each facet (see the module's docstring)."""

    def __init__(
        self,
        keys: list,
        filed: dict[str, dict[str, tuple[str, list[int]]]],
        single_valued: Iterable[str] = (),
    ):
        """``filed``: facet → value → (label, positions of the rows filed under it)."""
        # Rows are numbered in the scope's order: the lowest bits of a set of rows are its
        # first rows in that order.
        self.keys = keys
        self.positions = {key: position for position, key in enumerate(keys)}
        self.everything = (1 << len(keys)) - 1
        # facet → value → (label, rows)
        self.options = {
            facet: {value: (label, _bits(rows)) for value, (label, rows) in values.items()}
            for facet, values in filed.items()
        }
        self._totals: dict[str, list[tuple[str, str, int]]] = {}
        # What a search gives (its rows and their order), as the same search is paged and
        # refined by facets: worked out once while this index is current.
        self.remembered: RecentValues = RecentValues(REMEMBERED)
        # A facet with one option per row and many options (centres, communes) is counted
        # from each row's option rather than with an AND per option (see ``_tally``).
        self._row_options = {
            facet: _row_options(filed[facet], len(keys))
            for facet in single_valued
            if len(filed[facet]) > MASKS_PER_FACET
        }

    @property
    def size(self) -> int:
        return len(self.positions)

    def rows_of(self, keys: Iterable) -> int:
        """The rows of these primary keys (those of the scope)."""
        return _bits(self.positions[key] for key in keys if key in self.positions)

    def ranked(self, scored: Iterable[tuple]) -> tuple[int, Sequence[int]]:
        """The rows of ``(key, score)`` pairs in the scope, and their positions by score,
        the lowest first, then in the scope's order."""
        position_of = self.positions.get
        found = [(score, position_of(key)) for key, score in scored]
        found = [(score, position) for score, position in found if position is not None]
        # Sorted as whole numbers (the score's rank, then the position), several times
        # faster than pairs: a search may rank most of the catalogue.
        rank_of = {score: rank for rank, score in enumerate(sorted({s for s, _ in found}))}
        size = len(self.keys)
        order = sorted(rank_of[score] * size + position for score, position in found)
        # An array: a remembered search may hold 100,000 positions, 8 bytes each rather than
        # an object each.
        positions = array("q", [number % size for number in order])
        return _bits(positions), positions

    def first_rows(
        self, rows: int, start: int, stop: int, *, order: Iterable[int] | None = None
    ) -> list:
        """The keys of ``rows`` from the ``start``-th to before the ``stop``-th, in the
        scope's order or in ``order`` (positions, as :meth:`ranked` gives them)."""
        bits = bin(rows)[:1:-1]  # the first row first
        if order is None:
            in_order = _set_bits(bits)
        else:
            in_order = (p for p in order if p < len(bits) and bits[p] == "1")
        return [self.keys[position] for position in islice(in_order, start, stop)]

    def rows_under(self, facet: str, values: Iterable[str]) -> int:
        """The rows filed under any of these options of ``facet``."""
        rows = 0
        for value in values:
            if value in self.options[facet]:
                rows |= self.options[facet][value][1]
        return rows

    def counts(self, facet: str, rows: int) -> list[tuple[str, str, int]]:
        """``(value, label, count)`` of each option of ``facet`` among ``rows``, options
        counting nothing left out."""
        if rows == self.everything:
            if facet not in self._totals:
                self._totals[facet] = self._count(facet, rows)
            return self._totals[facet]
        return self._count(facet, rows)

    def _count(self, facet: str, rows: int) -> list[tuple[str, str, int]]:
        if facet in self._row_options:
            return self._tally(facet, rows)
        counted = []
        for value, (label, under) in self.options[facet].items():
            count = (under & rows).bit_count()
            if count:
                counted.append((value, label, count))
        return counted

    def _tally(self, facet: str, rows: int) -> list[tuple[str, str, int]]:
        """Counts the options of the rows' options: ``bin()`` spells the rows' bits, which
        select the rows' options (C loops both, as ``Counter`` is)."""
        values, backwards = self._row_options[facet]
        bits = bin(rows)[2:].encode().translate(_ZERO_ONE)  # the last row first
        tally = Counter(compress(backwards[len(backwards) - len(bits) :], bits))
        options = self.options[facet]
        return [
            (values[code], options[values[code]][0], count)
            for code, count in tally.items()
            if code >= 0
        ]

    def most_alike(
        self, wanted: Sequence[tuple[str, Sequence[str]]], *, among: int, limit: int
    ) -> list:
        """The keys of the ``limit`` rows of ``among`` filed under the most of the options
        ``wanted`` of the first facet, then under the most of those of the second…, the
        scope's order breaking ties; rows sharing none are left out.

        Counting, for each row, how many of the options it shares is done for all rows at
        once by adding the options' integers bit by bit ("bit-sliced" counters); the rows
        sharing exactly so many are then a few ANDs away, best first."""
        counters, most = [], []
        for facet, values in wanted:
            masks = [
                self.options[facet][value][1] for value in values if value in self.options[facet]
            ]
            counters.append(_bit_sliced_sum(masks))
            most.append(len(masks))
        found: list[int] = []
        for shared in product(*(range(count, -1, -1) for count in most)):
            if not any(shared):
                break  # the last combination: rows sharing nothing
            rows = among
            for planes, count in zip(counters, shared, strict=True):
                rows &= _exactly(planes, count, self.everything)
            while rows and len(found) < limit:
                lowest = rows & -rows
                found.append(lowest.bit_length() - 1)
                rows ^= lowest
            if len(found) >= limit:
                break
        return [self.keys[position] for position in found]

    # Building -----------------------------------------------------------------------------

    @classmethod
    def build(cls, scope, sources: Mapping[str, FacetSource]) -> FacetIndex:
        """The index of ``scope`` (a queryset) for facets counted from ``sources``."""
        connection = connections[scope.db]
        quote = connection.ops.quote_name
        row_keys = sorted({source.key for source in sources.values() if source.link is None})
        rows = list(scope.values_list("pk", *row_keys))
        keys = [row[0] for row in rows]
        positions = {key: position for position, key in enumerate(keys)}
        column_of = {name: index for index, name in enumerate(row_keys, start=1)}
        # Each table that names options read once, with the columns its facets need.
        named_by: dict[str, set[str]] = {}
        for source in sources.values():
            if source.table is not None:
                columns = named_by.setdefault(source.table, {source.table_key})
                columns.update({source.value_column, source.label_column})
        names = {}
        with connection.cursor() as cursor:
            for table, columns in named_by.items():
                columns = sorted(columns)
                cursor.execute(
                    f"SELECT {', '.join(quote(column) for column in columns)} FROM {quote(table)}"
                )
                names[table] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
            options = {}
            for facet, source in sources.items():
                # The rows' positions by key, in loops as tight as Python's can be: an index
                # of 100,000 rows goes through a million keys.
                by_key = defaultdict(list)
                if source.link is None:
                    column = column_of[source.key]
                    for position, key in enumerate([row[column] for row in rows]):
                        by_key[key].append(position)
                else:
                    cursor.execute(
                        f"SELECT {quote(source.link_row)}, {quote(source.key)} "
                        f"FROM {quote(source.link)}"
                    )
                    position_of = positions.get
                    for row, key in cursor.fetchall():
                        position = position_of(row)
                        if position is not None:
                            by_key[key].append(position)
                options[facet] = _options(by_key, source, names.get(source.table))
        single_valued = [facet for facet, source in sources.items() if source.link is None]
        return cls(keys, options, single_valued)


def _options(by_key: dict, source: FacetSource, entries: list[dict] | None) -> dict:
    """value → (label, positions) from the positions of each key: a key is the value itself,
    or the key of an entry of the naming table that gives the value and the label."""
    if entries is None:
        naming = {key: (key, key) for key in by_key}
    else:
        naming = {
            entry[source.table_key]: (entry[source.value_column], entry[source.label_column])
            for entry in entries
        }
    options: dict[str, tuple[str, list[int]]] = {}
    for key, positions in by_key.items():
        value, label = naming.get(key, (None, None))
        if value is None:
            continue
        value = str(value)
        if value in options:  # several keys, one value (the centres of a département)
            options[value][1].extend(positions)
        else:
            options[value] = (str(label), positions)
    return options


def _row_options(filed: dict[str, tuple[str, list[int]]], size: int) -> tuple[list[str], list]:
    """The options' values, and each row's option as its index among them (-1 for none),
    the last row first (as ``bin()`` spells an integer)."""
    values = list(filed)
    codes = [-1] * size
    for code, value in enumerate(values):
        for position in filed[value][1]:
            codes[position] = code
    return values, codes[::-1]


def _bit_sliced_sum(masks: Iterable[int]) -> list[int]:
    """For each row, how many of ``masks`` hold it, as binary digits: bit *i* of
    ``planes[d]`` is digit *d* of row *i*'s count."""
    planes: list[int] = []
    for carry in masks:
        for digit, plane in enumerate(planes):
            if not carry:
                break
            planes[digit], carry = plane ^ carry, plane & carry
        if carry:
            planes.append(carry)
    return planes


def _exactly(planes: list[int], count: int, everything: int) -> int:
    """The rows whose count (see :func:`_bit_sliced_sum`) is ``count``."""
    if count >> len(planes):
        return 0
    rows = everything
    for digit, plane in enumerate(planes):
        rows &= plane if count >> digit & 1 else ~plane
    return rows


def _set_bits(bits: str) -> Iterator[int]:
    """The positions of the ones in ``bits`` (``bin()`` reversed: the first row first)."""
    position = bits.find("1")
    while position != -1:
        yield position
        position = bits.find("1", position + 1)


def _bits(positions: Iterable[int]) -> int:
    """The integer with these bits set; through bytes, since setting bits one by one on a
    large integer copies it each time."""
    positions = list(positions)
    if not positions:
        return 0
    buffer = bytearray(max(positions) // 8 + 1)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


# The indexes of this process ---------------------------------------------------------------

_indexes: RecentValues[FacetIndex] = RecentValues(KEPT_INDEXES)


def index_for(scope, sources: Mapping[str, FacetSource]) -> FacetIndex:
    """The current index of ``scope`` (a queryset) for ``sources``: the one kept in this
    process if the catalogue has not changed since it was built, a new one otherwise."""
    sql, params = scope.query.sql_with_params()  # its order too: it numbers the rows
    key = (scope.db, scope.model._meta.label, sql, tuple(map(str, params)), tuple(sources.items()))
    return _indexes.get(
        key, lambda: FacetIndex.build(scope, sources), version=current_version(scope.db)
    )


def forget_indexes() -> None:
    """Drops the indexes kept in this process (tests that change the catalogue's version
    outside the database's transactions)."""
    _indexes.clear()
