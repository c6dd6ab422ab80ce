"""The facet indexes of this process (``core.facet_index``), read from the database and kept
current with it.

An index is built for one scope of one list (a queryset: what the visitor may see) in a few
queries: its rows in the scope's order, one query per link table and one per table that
names options, all in one consistent read. It is then kept with the catalogue's state it was
read at (``core.changes``). A request reads the catalogue's token (one small query); while
it is the same, the index is current. When it changed, the log says which rows were
written since: the index re-reads those rows only and files them again (``patch``), so an
edit costs readers work in proportion to the edit, not to the catalogue. A change too large
to patch, a log that may have been pruned, or a read inside a transaction that writes
(whose position in the log is unknown until it commits) builds the index anew.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from threading import Lock
from typing import NamedTuple

from django.db import connections, transaction
from django.db.models import F

from .changes import CatalogueState, Changes, catalogue_state, changes_between, request_state
from .facet_index import FacetIndex
from .key_sets import AmongKeys, among_keys_sql, key_chunks
from .memory import release_freed_memory
from .recent import Recent
from .scope_order import places_of, sort_expressions, sort_hash
from .versioning import tables_keyed_by

# Scopes kept per process: for each list, the public's, the coordinators', and those of the
# centre teams that browse it (one per set of centres: a scope names its centres in order).
KEPT_INDEXES = 8
# Beyond this many rows changed, building the index anew is cheaper than patching it.
MAX_PATCHED_ROWS = 20_000


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


@dataclass
class _Kept:
    index: FacetIndex
    state: CatalogueState
    lock: Lock
    # The entries of the tables that name options (table → key → entry), as read with the
    # index and kept current with the log: a patch reads the names of the options it has
    # not seen yet only, rather than those of every option its rows are filed under.
    names: dict[str, dict] = field(default_factory=dict)


_kept: Recent[_Kept] = Recent(KEPT_INDEXES)
_building = Lock()


def index_for(scope, sources: Mapping[str, FacetSource]) -> FacetIndex:
    """The current index of ``scope`` (a queryset) for ``sources``: the one kept in this
    process, patched with the rows written since it was read, or a new one."""
    # The scope's rows and their order (which numbers them) name its index: its statement
    # compiled without the model's forty columns, a third of the time, on every request.
    sql, params = scope.values_list("pk").query.sql_with_params()
    key = (scope.db, scope.model._meta.label, sql, tuple(map(str, params)), tuple(sources.items()))
    state = request_state(scope.db)
    kept = _kept.get(key)
    if kept is not None and kept.state.token == state.token and state.token is not None:
        return kept.index
    in_transaction = connections[scope.db].in_atomic_block
    if kept is not None and not in_transaction:
        with kept.lock:
            if kept.state.token == state.token or _patch(kept, scope, sources, state):
                return kept.index
    names: dict[str, dict] = {}
    with _building:
        if in_transaction:
            # What this transaction wrote has no place in the log until it commits (or
            # never will): the next read outside it builds afresh.
            index = _read_index(scope, sources, names)
            read = CatalogueState(state.token, None)
        else:
            index, read = _build(scope, sources, names)
    if read.token is not None:
        _kept.put(key, _Kept(index, read, Lock(), names))
    return index


def forget_indexes() -> None:
    """Drops the indexes kept in this process (tests that change the catalogue's version
    outside the database's transactions)."""
    _kept.clear()


# Patching -------------------------------------------------------------------------------


def _patch(kept: _Kept, scope, sources: Mapping[str, FacetSource], state: CatalogueState) -> bool:
    """Patches ``kept`` up to ``state``; False when it must be built anew instead."""
    changes = changes_between(kept.state, state, using=scope.db)
    if changes is None:
        return False
    keys = _rows_changed(scope, sources, changes)
    if keys is None or len(keys) > MAX_PATCHED_ROWS:
        return False
    for table, entries in kept.names.items():
        for changed in changes.of(table):
            entries.pop(changed, None)
    if keys:
        filed, labels, sorted_by = _read_rows(scope, sources, keys, kept.names)
        moved = kept.index.moved(sorted_by)
        # A row added or retitled: its place in the scope's order is the database's, found
        # from the row now right before it, or, failing that, in the whole order read again.
        placed = places_of(scope, moved) if moved else None
        if placed is None or not kept.index.patch(keys, filed, labels, sorted_by, placed=placed):
            order = list(scope.values_list("pk", flat=True)) if moved else None
            kept.index.patch(keys, filed, labels, sorted_by, order)
    kept.state = state
    return True


def _rows_changed(scope, sources: Mapping[str, FacetSource], changes: Changes) -> set | None:
    """The keys of the scope's model whose rows, links or options' names changed; None when
    a table the index reads was emptied whole."""
    model = scope.model
    # The rows' own tables, their links, and those whose key is the row's (a sheet's search
    # document: what a search finds).
    own = tables_keyed_by(model)
    read = (
        own
        | {source.link for source in sources.values()}
        | {source.table for source in sources.values()}
    )
    if changes.emptied & read:
        return None
    keys = set().union(*(changes.of(name) for name in own))
    # A renamed option, or a centre moved to another département, changes the rows filed
    # under it: those are found by the column that names it, once per column.
    named_by_column: dict[tuple, set] = defaultdict(set)
    for source in sources.values():
        if source.link is not None:
            keys |= changes.of(source.link)
        if source.table is not None and changes.of(source.table):
            named_by_column[(source.link, source.link_row, source.key)] |= changes.of(source.table)
    connection = connections[scope.db]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for (link, link_row, column), named in named_by_column.items():
            if link is None:
                for chunk in key_chunks(connection.vendor, named):
                    rows = model._base_manager.using(scope.db).filter(AmongKeys(F(column), chunk))
                    keys.update(rows.order_by().values_list("pk", flat=True))
                continue
            for chunk in key_chunks(connection.vendor, named):
                among, params = among_keys_sql(connection.vendor, quote(column), chunk)
                cursor.execute(f"SELECT {quote(link_row)} FROM {quote(link)} WHERE {among}", params)
                keys.update(row for (row,) in cursor.fetchall())
    return keys


def _read_rows(scope, sources: Mapping[str, FacetSource], keys: Iterable, names: dict):
    """The rows of ``keys`` still in the scope, each with its options (facet → values); the
    labels of those options; and each row's place in the scope's order (its
    :func:`core.scope_order.sort_hash`). ``names``: the entries of the tables that name
    options already known (table → key → entry), completed with those read."""
    row_keys = sorted({source.key for source in sources.values() if source.link is None})
    sorting = sort_expressions(scope)
    rows, sorted_by = {}, {}
    connection = connections[scope.db]
    for chunk in key_chunks(connection.vendor, keys):
        read = scope.filter(AmongKeys(F("pk"), chunk)).annotate(**sorting)
        for row in read.values_list("pk", *row_keys, *sorting).order_by():
            rows[row[0]] = row[1 : len(row_keys) + 1]
            sorted_by[row[0]] = sort_hash(row[len(row_keys) + 1 :])
    column_of = {name: index for index, name in enumerate(row_keys)}
    keyed: dict[str, dict] = {}  # facet → row → [option keys]
    quote = connection.ops.quote_name
    linked = {facet: source for facet, source in sources.items() if source.link is not None}
    with connection.cursor() as cursor:
        for facet, source in sources.items():
            by_row = keyed[facet] = defaultdict(list)
            if source.link is None:
                for row, values in rows.items():
                    by_row[row].append(values[column_of[source.key]])
        # The links of every facet in one statement: one round trip, not one per facet.
        for chunk in key_chunks(connection.vendor, rows) if linked else ():
            statements, params = [], []
            for facet, source in linked.items():
                among, among_params = among_keys_sql(
                    connection.vendor, quote(source.link_row), chunk
                )
                statements.append(
                    f"SELECT %s, {quote(source.link_row)}, {quote(source.key)} "
                    f"FROM {quote(source.link)} WHERE {among}"
                )
                params += [facet, *among_params]
            cursor.execute(" UNION ALL ".join(statements), params)
            for facet, row, option_key in cursor.fetchall():
                keyed[facet][row].append(option_key)
        wanted = defaultdict(set)
        for facet, source in sources.items():
            if source.table is not None:
                known = names.get(source.table, {})
                wanted[source.table].update(
                    k for keys_ in keyed[facet].values() for k in keys_ if k not in known
                )
        if any(wanted.values()):
            for table, entries in _read_names(cursor, quote, sources, wanted).items():
                names.setdefault(table, {}).update(entries)
    filed: dict = {row: {} for row in rows}
    labels: dict[str, dict[str, str]] = {}
    for facet, source in sources.items():
        naming = _naming(source, names.get(source.table, {}) if source.table else None)
        # Each option named once: after an import, a thousand rows name a few hundred
        # options some twelve thousand times.
        value_of: dict = {}
        labels[facet] = facet_labels = {}
        for row, option_keys in keyed[facet].items():
            values = []
            for option_key in option_keys:
                if option_key not in value_of:
                    value, label = naming(option_key)
                    value_of[option_key] = value
                    if value is not None:
                        facet_labels[value] = label
                if (value := value_of[option_key]) is not None:
                    values.append(value)
            filed[row][facet] = values
    return filed, labels, sorted_by


# Building -------------------------------------------------------------------------------


def _build(scope, sources: Mapping[str, FacetSource], names: dict):
    """A new index of ``scope``, and the catalogue's state it was read at: every query
    reads the same snapshot (one transaction, repeatable reads on PostgreSQL). ``names``
    receives the entries of the tables that name options."""
    connection = connections[scope.db]
    with transaction.atomic(using=scope.db):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        state = catalogue_state(scope.db)
        return _read_index(scope, sources, names), state


def _read_index(scope, sources: Mapping[str, FacetSource], names: dict) -> FacetIndex:
    """A new index of ``scope``; ``names`` receives the entries of the tables that name
    options (table → key → entry)."""
    connection = connections[scope.db]
    quote = connection.ops.quote_name
    row_keys = sorted({source.key for source in sources.values() if source.link is None})
    sorting = sort_expressions(scope)
    rows = list(scope.annotate(**sorting).values_list("pk", *row_keys, *sorting))
    keys = [row[0] for row in rows]
    sort_hashes = [sort_hash(row[len(row_keys) + 1 :]) for row in rows]
    positions = {key: position for position, key in enumerate(keys)}
    column_of = {name: index for index, name in enumerate(row_keys, start=1)}
    with connection.cursor() as cursor:
        names.update(_read_names(cursor, quote, sources))
        options = {}
        for facet, source in sources.items():
            # The rows' positions by key, in loops as tight as Python's can be: an index of
            # 100,000 rows goes through a million keys. In arrays, a position takes 4 bytes
            # rather than an object of 28; and the link tables are read in batches rather
            # than whole: what a build holds at its peak stays with the process (freed, but
            # rarely given back), so it is kept low.
            by_key = defaultdict(_positions)
            if source.link is None:
                column = column_of[source.key]
                for position, row in enumerate(rows):
                    by_key[row[column]].append(position)
            else:
                cursor.execute(
                    f"SELECT {quote(source.link_row)}, {quote(source.key)} "
                    f"FROM {quote(source.link)}"
                )
                position_of = positions.get
                while batch := cursor.fetchmany(LINKS_PER_BATCH):
                    for row, key in batch:
                        position = position_of(row)
                        if position is not None:
                            by_key[key].append(position)
            options[facet] = _options(by_key, _naming(source, names.get(source.table)))
    single_valued = [facet for facet, source in sources.items() if source.link is None]
    del rows, positions
    index = FacetIndex(keys, options, single_valued, sort_hashes=sort_hashes)
    del options
    release_freed_memory()
    return index


def _positions() -> array:
    return array("l")


def _read_names(cursor, quote, sources: Mapping[str, FacetSource], wanted=None) -> dict:
    """The entries of each table that names options, with the columns its facets need, by
    their key (table → key → entry): every entry, or those of ``wanted`` keys (table →
    keys)."""
    named_by: dict[str, set[str]] = {}
    for source in sources.values():
        if source.table is not None:
            columns = named_by.setdefault(source.table, {source.table_key})
            columns.update({source.value_column, source.label_column})
    table_key = {source.table: source.table_key for source in sources.values() if source.table}
    names = {}
    for table, columns in named_by.items():
        columns = sorted(columns)
        select = f"SELECT {', '.join(quote(column) for column in columns)} FROM {quote(table)}"
        entries = names[table] = {}
        if wanted is None:
            cursor.execute(select)
            rows = cursor.fetchall()
        else:
            rows = []
            vendor = cursor.db.vendor
            for chunk in key_chunks(vendor, wanted.get(table, ())):
                among, params = among_keys_sql(vendor, quote(table_key[table]), chunk)
                cursor.execute(f"{select} WHERE {among}", params)
                rows += cursor.fetchall()
        for row in rows:
            entry = dict(zip(columns, row, strict=True))
            entries[entry[table_key[table]]] = entry
    return names


def _naming(source: FacetSource, entries: Mapping[object, dict] | None):
    """A function from an option's key to its value and label (None, None: no option): the
    key itself, or the entry of the naming table that the key designates (``entries``, by
    their key)."""
    if entries is None:
        return lambda key: (None, None) if key is None else (str(key), str(key))

    def naming(key):
        entry = entries.get(key)
        if entry is None or entry[source.value_column] is None:
            return None, None
        return str(entry[source.value_column]), str(entry[source.label_column])

    return naming


def _options(by_key: dict, naming) -> dict:
    """value → (label, positions) from the positions of each key."""
    options: dict[str, tuple[str, array]] = {}
    for key, positions in by_key.items():
        value, label = naming(key)
        if value is None:
            continue
        if value in options:  # several keys, one value (the centres of a département)
            options[value][1].extend(positions)
        else:
            options[value] = (label, positions)
    return options


# The rows of a link table read at a time when an index is built.
LINKS_PER_BATCH = 10_000
