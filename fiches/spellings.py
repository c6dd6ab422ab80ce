"""The catalogue's accented spellings: what restores the accents of a title written in
capitals ("FETE DE QUARTIER" is shown "Fête de quartier"), learnt from the catalogue's own
words (``parsing.typography``).

Counting them is a pass over every title and summary (at 100,000 sheets, some 3 s of the
database's time), and they change with the catalogue's words, not with each edit. With
``CATALOGUE_SPELLINGS_REFRESH_SECONDS`` set, an edit therefore makes no visitor wait for
them: each process keeps the spellings it has and serves them while a thread of its own
fetches newer ones, at most that often. They only restore accents, so a page never
contradicts an edit: a word new to the catalogue is merely shown without its accents for
that long.

The count is shared through the cache (Redis in production): one process counts while the
others wait for its result and take it, so that several processes on several machines do
not each count the same words every time, and all show the same spellings.

On PostgreSQL the database keeps the count itself (:class:`AccentedRunCount`): triggers add
the runs of accented letters of the rows a statement writes and take away those of the rows
it replaces, so that counting is reading a few thousand rows, and an edit costs the
database work in proportion to the edit. Counting them again from every sheet took the
database's two cores for a second every minute of a campaign of edits, which doubled the
slowest answers of the pages read meanwhile.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from itertools import chain

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from core.changes import request_state
from core.versioning import POSTGRESQL_EVENTS
from parsing.typography import (
    ACCENTED_RUN_PATTERN,
    accented_word_counts,
    most_frequent_spellings,
)

from .models import AccentedRunCount, Action, Initiator, Keyword, PartnerType, Public

# Beyond this, a process that counts is taken to have died and another one counts instead.
COUNTING_SECONDS = 120
# How often a process waiting for another one's count looks for it.
WAITING_STEP = 0.25  # seconds


@dataclass
class _KeptSpellings:
    spellings: dict[str, str]
    token: int | None
    read_at: float  # the process's clock
    refreshing: bool = False


@dataclass(frozen=True)
class _SharedSpellings:
    spellings: dict[str, str]
    token: int | None  # the catalogue's version when they were counted, or before
    counted_at: float  # wall clock, comparable between machines


# Per database.
_kept: dict[str, _KeptSpellings] = {}
_lock = threading.Lock()


def catalogue_spellings(using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """Accent-free word → its most frequent accented spelling in the catalogue's own words:
    its vocabularies' names and its sheets' titles and summaries (bounded by the catalogue)."""
    token = request_state(using).token
    if token is None:  # a database being flushed: nothing to keep them against
        return count_spellings(using)
    with _lock:
        kept = _kept.get(using)
        if kept is not None and (kept.token == token or kept.refreshing):
            return kept.spellings
        refresh_seconds = settings.CATALOGUE_SPELLINGS_REFRESH_SECONDS
        if kept is not None and refresh_seconds is not None:
            if time.monotonic() - kept.read_at >= refresh_seconds:
                kept.refreshing = True
                threading.Thread(target=_refresh, args=(using,), daemon=True).start()
            return kept.spellings
    kept = _KeptSpellings(_current_spellings(using, token), token, time.monotonic())
    with _lock:
        _kept[using] = kept
    return kept.spellings


# The last spellings fingerprinted, and their fingerprint (the dictionary is kept with it so
# that its id is not another's).
_fingerprinted: tuple[dict[str, str], str] | None = None


def spellings_fingerprint(using: str = DEFAULT_DB_ALIAS) -> str:
    """A digest of the spellings pages are shown with now: a page rendered with others may
    show a title otherwise (``core.page_renderings``)."""
    global _fingerprinted
    spellings = catalogue_spellings(using)
    kept = _fingerprinted
    if kept is not None and kept[0] is spellings:
        return kept[1]
    fingerprint = hashlib.sha256(repr(sorted(spellings.items())).encode()).hexdigest()
    _fingerprinted = (spellings, fingerprint)
    return fingerprint


def _refresh(using: str) -> None:
    try:
        token = request_state(using).token  # before the count: a later edit counts again
        kept = _KeptSpellings(_current_spellings(using, token), token, time.monotonic())
        with _lock:
            _kept[using] = kept
    finally:
        with _lock:
            if using in _kept:
                _kept[using].refreshing = False
        connections[using].close()  # this thread's own connection


def _current_spellings(using: str, token: int | None) -> dict[str, str]:
    """The spellings for the catalogue at ``token``: the shared ones when they were counted
    at that version or lately enough, else a new count, made by this process or by another
    one that started counting first."""
    refresh_seconds = settings.CATALOGUE_SPELLINGS_REFRESH_SECONDS
    if refresh_seconds is None:  # every version counted at once (the tests)
        return count_spellings(using)
    key = f"catalogue-spellings:{using}"
    shared = cache.get(key)
    if shared is not None and (
        shared.token == token or time.time() - shared.counted_at < refresh_seconds
    ):
        return shared.spellings
    asked_at = time.time()
    if not cache.add(f"{key}:counting", True, COUNTING_SECONDS):
        deadline = time.monotonic() + COUNTING_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAITING_STEP)
            shared = cache.get(key)
            if shared is not None and shared.counted_at >= asked_at:
                return shared.spellings
    try:
        spellings = count_spellings(using)
        cache.set(key, _SharedSpellings(spellings, token, time.time()), None)
    finally:
        cache.delete(f"{key}:counting")
    return spellings


def count_spellings(using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """The spellings counted now in the database ``using``."""
    names = (
        (name, 1)
        for vocabulary in (Keyword, Public, PartnerType, Initiator)
        for name in vocabulary._base_manager.db_manager(using).values_list("name", flat=True)
    )
    return most_frequent_spellings(accented_word_counts(chain(names, _counted_texts(using))))


def _counted_texts(using: str):
    """The sheets' titles and summaries, as (text, times) pairs: on PostgreSQL, the runs of
    letters that hold accents as its triggers counted them (:func:`install_spelling_counts`);
    elsewhere every title and summary."""
    if connections[using].vendor == "postgresql":
        counts = AccentedRunCount.objects.using(using).filter(times__gt=0)
        yield from counts.values_list("run", "times").iterator()
        return
    rows = Action._base_manager.db_manager(using).order_by().values_list("title", "summary")
    for title, summary in rows.iterator():
        yield title, 1
        yield summary, 1


SPELLING_COUNTS_TRIGGER = "spelling_counts"

# The texts a statement added (+1) and those it replaced (-1), by event, from its transition
# tables (``core.versioning.POSTGRESQL_EVENTS``); a row updated with the same title and
# summary cancels out.
_WRITTEN_TEXTS = {
    "insert": "SELECT title, summary, 1 FROM new_rows",
    "delete": "SELECT title, summary, -1 FROM old_rows",
    "update": (
        "(SELECT title, summary, 1 FROM new_rows EXCEPT ALL SELECT title, summary, 1 "
        "FROM old_rows) UNION ALL (SELECT title, summary, -1 FROM old_rows EXCEPT ALL "
        "SELECT title, summary, -1 FROM new_rows)"
    ),
}


def _accented_runs(texts: str) -> str:
    """Each run of accented letters in ``texts`` (rows of title, summary and a sign), with
    the sum of the signs, as PostgreSQL cuts them out."""
    pattern = f"({ACCENTED_RUN_PATTERN})".replace("'", "''")
    return (
        "SELECT run[1], sum(sign) FROM (" + texts + ") AS text(title, summary, sign), "
        f"regexp_matches(text.title || ' ' || text.summary, '{pattern}', 'g') AS run "
        "GROUP BY 1"
    )


def install_spelling_counts(sender=None, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """On PostgreSQL, (re)creates the triggers that keep :class:`AccentedRunCount` and counts
    every sheet again, after every ``migrate``: the counts then follow the pattern of this
    version of the code, whatever the database held before."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    existing = set(connection.introspection.table_names())
    sheets, counts = Action._meta.db_table, AccentedRunCount._meta.db_table
    if not {sheets, counts} <= existing:  # before the migrations that make them
        return
    quote = connection.ops.quote_name
    sheets, counts = quote(sheets), quote(counts)
    statements = []
    for suffix, (event, referencing) in POSTGRESQL_EVENTS.items():
        function = f"{SPELLING_COUNTS_TRIGGER}_{suffix}"
        if suffix in _WRITTEN_TEXTS:
            # Runs in the order of their text, so that two writers lock the same rows in the
            # same order; a run whose count falls to nothing goes.
            body = (
                "DECLARE emptied text[]; BEGIN "
                f"WITH counted AS (INSERT INTO {counts} (run, times) "
                f"{_accented_runs(_WRITTEN_TEXTS[suffix])} "
                "HAVING sum(sign) <> 0 ORDER BY 1 ON CONFLICT (run) DO UPDATE "
                f"SET times = {counts}.times + EXCLUDED.times RETURNING run, times) "
                "SELECT array_agg(run) INTO emptied FROM counted WHERE times <= 0; "
                f"IF emptied IS NOT NULL THEN DELETE FROM {counts} WHERE run = ANY(emptied) "
                "AND times <= 0; END IF; RETURN NULL; END"
            )
        else:  # the sheets emptied whole
            body = f"BEGIN DELETE FROM {counts}; RETURN NULL; END"
        statements.append(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ {body} $$ "
            "LANGUAGE plpgsql"
        )
        # Named to fire after the catalogue's version trigger (PostgreSQL fires a table's
        # triggers by name): every writer locks the version's row first, then these.
        statements.append(f"DROP TRIGGER IF EXISTS {function} ON {sheets}")
        statements.append(
            f"CREATE TRIGGER {function} AFTER {event} ON {sheets} {referencing} "
            f"FOR EACH STATEMENT EXECUTE PROCEDURE {function}()"
        )
    statements += [
        f"DELETE FROM {counts}",
        f"INSERT INTO {counts} (run, times) "
        + _accented_runs(f"SELECT title, summary, 1 FROM {sheets}"),
    ]
    # At once, the triggers first: a sheet written meanwhile waits for the count's end.
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
