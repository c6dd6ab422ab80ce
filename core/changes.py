"""What changed in the catalogue since a reader last looked: the log that the triggers of
``core.versioning`` write, read in the order the writes were committed.

A reader keeps the :class:`CatalogueState` it last read (the version's token and a position
in the log) and asks :func:`changes_between` that state and the current one.

The position must follow commits, not the order in which writers reached the log: a long
transaction may log its rows before a short one and commit after it. On PostgreSQL the
position is therefore a snapshot (``pg_current_snapshot()``), and the changes between two
positions are those of the transactions the second one sees committed and the first one did
not. SQLite runs one writing transaction at a time, so there the log's ids follow commits and
the position is the last id read.

The log is pruned after :data:`RETENTION` (:func:`prune_changes`): a reader whose state is
older than half of it can no longer trust the log to be whole, and starts afresh.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from threading import Lock

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils import timezone

from .recent import Recent
from .versioning import log_table, version_table

RETENTION = timedelta(days=1)
# How often a process prunes the log, at most.
PRUNE_EVERY = 3600  # seconds
_last_pruned: dict[str, float] = {}
_prune_lock = Lock()


@dataclass(frozen=True)
class CatalogueState:
    """The catalogue as one statement saw it: the version's token and the log's position
    (a snapshot's text on PostgreSQL, the last log id on SQLite); ``read_at`` on the
    process's clock."""

    token: int | None
    position: str | int | None
    read_at: float = field(default_factory=time.monotonic, compare=False)

    @property
    def is_stale(self) -> bool:
        """Whether the log may have been pruned since this state was read."""
        return time.monotonic() - self.read_at > RETENTION.total_seconds() / 2


@dataclass(frozen=True)
class Changes:
    """The keys of the rows written, by table; ``emptied``: the tables emptied whole."""

    rows: dict[str, frozenset[int]]
    emptied: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.rows or self.emptied)

    def of(self, table: str) -> frozenset[int]:
        return self.rows.get(table, frozenset())

    @property
    def count(self) -> int:
        return sum(len(keys) for keys in self.rows.values())


def catalogue_state(using: str = DEFAULT_DB_ALIAS) -> CatalogueState:
    """The catalogue's token and log position now, in one statement (so that they agree)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        position = "pg_current_snapshot()::text"
    else:
        position = f"(SELECT max(id) FROM {quote(log_table())})"
    sql = f"SELECT (SELECT token FROM {quote(version_table())}), {position}"
    # The state is the first thing a page reads: it is also the check that a connection
    # kept from an earlier request still works (CONN_HEALTH_CHECKS), in place of the
    # ``SELECT 1`` Django would send first, one round trip more for every page. A
    # connection the server closed meanwhile fails this read: it is opened anew, read again.
    if (
        connection.health_check_enabled
        and not connection.health_check_done
        and connection.connection is not None
        and not connection.in_atomic_block
    ):
        connection.health_check_done = True
        try:
            return _read_state(connection, sql)
        except DatabaseError:
            connection.close()
    return _read_state(connection, sql)


def _read_state(connection, sql: str) -> CatalogueState:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        token, position = cursor.fetchone()
    return CatalogueState(token, position)


# The states a read-only request has read, by database: one reading serves the whole request.
_request_states: ContextVar[dict[str, CatalogueState] | None] = ContextVar(
    "catalogue_states", default=None
)


@contextmanager
def one_state_per_request() -> Iterator[None]:
    """Within it, :func:`request_state` reads the catalogue's state once per database.

    A page then shows one state of the catalogue throughout, and is kept under that state's
    token (``core.page_cache``) even when a write commits while it is rendered: the next
    request sees the new token and renders the page anew. It also spares each page a second
    reading of the token by whatever keeps values per version. Only for requests that do
    not write the catalogue (``core.middleware.OneCatalogueStateMiddleware``).
    """
    token = _request_states.set({})
    try:
        yield
    finally:
        _request_states.reset(token)


def request_state(using: str = DEFAULT_DB_ALIAS) -> CatalogueState:
    """The catalogue's state as this request first read it; read now outside of one."""
    states = _request_states.get()
    if states is None:
        return catalogue_state(using)
    if using not in states:
        states[using] = catalogue_state(using)
    return states[using]


# The changes this process read last, by the two states they lie between: what was committed
# between two states never changes, and a page after an edit asks twice (its facet index,
# its earlier rendering), as do the pages that follow it in the same process.
_changes_read: Recent[Changes] = Recent(16)


def changes_between(
    since: CatalogueState, until: CatalogueState, *, using: str = DEFAULT_DB_ALIAS
) -> Changes | None:
    """The rows written by the transactions committed after ``since`` and by ``until``;
    None when the log may no longer hold them all (a state too old, or unknown)."""
    if since.position is None or until.position is None or since.is_stale:
        return None
    # The tokens too: they are drawn at random, so that positions that a database flushed
    # or rolled back gives again never name the changes read before.
    key = (using, since.token, since.position, until.token, until.position)
    changes = _changes_read.get(key)
    if changes is None:
        changes = _read_changes(since, until, using)
        _changes_read.put(key, changes)
    return changes


def _read_changes(since: CatalogueState, until: CatalogueState, using: str) -> Changes:
    connection = connections[using]
    quote = connection.ops.quote_name
    log = quote(log_table())
    if connection.vendor == "postgresql":
        # A transaction id below the first snapshot's ``xmin`` was over before it: the index
        # on ``transaction`` leaves those rows out at once.
        # The keys of each table as one array: after an import, 7,000 rows of the log came
        # as 7,000 tuples to sort out in Python (8 ms), a few arrays take 4 ms.
        sql = (
            f'SELECT "table", array_agg(DISTINCT "row") FROM {log} '
            "WHERE transaction >= pg_snapshot_xmin(%s::pg_snapshot)::text::bigint "
            "AND pg_visible_in_snapshot(transaction::text::xid8, %s::pg_snapshot) "
            "AND NOT pg_visible_in_snapshot(transaction::text::xid8, %s::pg_snapshot) "
            'GROUP BY "table"'
        )
        params = [since.position, until.position, since.position]
        aggregated = True
    else:
        sql = f'SELECT DISTINCT "table", "row" FROM {log} WHERE id > %s AND id <= %s'
        params = [since.position, until.position]
        aggregated = False
    rows: dict[str, set[int]] = defaultdict(set)
    emptied = set()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for table, written in cursor.fetchall():
            keys = written if aggregated else (written,)
            if None in keys:  # a table emptied whole
                emptied.add(table)
            rows[table].update(key for key in keys if key is not None)
    _prune_now_and_then(using)
    return Changes(
        {table: frozenset(keys) for table, keys in rows.items() if keys}, frozenset(emptied)
    )


def prune_changes(*, using: str = DEFAULT_DB_ALIAS, older_than: timedelta = RETENTION) -> int:
    """Deletes the log's rows older than ``older_than``; returns how many."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(log_table())} WHERE recorded_at < %s",
            [timezone.now() - older_than],
        )
        return cursor.rowcount


def _prune_now_and_then(using: str) -> None:
    """Prunes the log once every :data:`PRUNE_EVERY` seconds per process and database: no
    task to schedule, and with several processes the log is pruned often enough."""
    now = time.monotonic()
    with _prune_lock:
        if now - _last_pruned.get(using, -PRUNE_EVERY) < PRUNE_EVERY:
            return
        _last_pruned[using] = now
    if not connections[using].in_atomic_block:
        prune_changes(using=using)
