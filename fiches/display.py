"""What the public pages need to show a sheet's text: the catalogue's accented spellings,
and the figures read from it (``parsing.figures``) beside their source text."""

import threading
import time
from dataclasses import dataclass
from itertools import chain

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.text import Truncator

from core.changes import request_state
from parsing.figures import FIGURES_BY_SOURCE
from parsing.numbers import grouped
from parsing.typography import (
    ACCENTED_RUN_PATTERN,
    accented_word_counts,
    most_frequent_spellings,
)

from .models import Action, Initiator, Keyword, PartnerType, Public


@dataclass
class _KeptSpellings:
    spellings: dict[str, str]
    token: int | None
    read_at: float
    refreshing: bool = False


# Per database. Reading them is a pass over every title and summary (3 s at 100,000 sheets),
# and they change with the catalogue's words, not with each edit: with
# CATALOGUE_SPELLINGS_REFRESH_SECONDS set, an edit does not make the next visitor wait for
# them; the kept ones serve while a thread reads them anew, at most that often. They only
# restore the accents of words written in capitals: a page never contradicts an edit, a
# word new to the catalogue is merely shown without its accents for that long.
_kept: dict[str, _KeptSpellings] = {}
_lock = threading.Lock()


def catalogue_spellings(using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """Accent-free word → its most frequent accented spelling in the catalogue's own words:
    its vocabularies' names and its sheets' titles and summaries (bounded by the catalogue)."""
    token = request_state(using).token
    if token is None:  # a database being flushed: nothing to keep them against
        return _read_spellings(using)
    refresh_seconds = settings.CATALOGUE_SPELLINGS_REFRESH_SECONDS
    with _lock:
        kept = _kept.get(using)
        if kept is not None and (kept.token == token or kept.refreshing):
            return kept.spellings
        if kept is not None and refresh_seconds is not None:
            if time.monotonic() - kept.read_at >= refresh_seconds:
                kept.refreshing = True
                threading.Thread(target=_refresh, args=(using,), daemon=True).start()
            return kept.spellings
    kept = _KeptSpellings(_read_spellings(using), token, time.monotonic())
    with _lock:
        _kept[using] = kept
    return kept.spellings


def _refresh(using: str) -> None:
    try:
        token = request_state(using).token  # before the read: a later edit reads again
        kept = _KeptSpellings(_read_spellings(using), token, time.monotonic())
        with _lock:
            _kept[using] = kept
    finally:
        with _lock:
            if using in _kept:
                _kept[using].refreshing = False
        connections[using].close()  # this thread's own connection


def _read_spellings(using: str) -> dict[str, str]:
    names = (
        (name, 1)
        for vocabulary in (Keyword, Public, PartnerType, Initiator)
        for name in vocabulary._base_manager.db_manager(using).values_list("name", flat=True)
    )
    counts = accented_word_counts(chain(names, _counted_sheet_texts(using)))
    return most_frequent_spellings(counts)


def _counted_sheet_texts(using: str):
    """The sheets' titles and summaries, as (text, times) pairs. PostgreSQL cuts out and
    counts the runs of letters that hold accents itself: a refresh then leaves the process
    a few tens of thousands of distinct runs to split, rather than every title and summary
    to read (3 s of work holding the interpreter, which the pages of the same process
    waited for)."""
    connection = connections[using]
    actions = Action._base_manager.db_manager(using).order_by()
    if connection.vendor != "postgresql":
        for title, summary in actions.values_list("title", "summary").iterator():
            yield title, 1
            yield summary, 1
        return
    table = connection.ops.quote_name(Action._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT run[1], count(*) FROM "
            f"{table}, regexp_matches(title || ' ' || summary, %s, 'g') AS run GROUP BY 1",
            ["(" + ACCENTED_RUN_PATTERN + ")"],
        )
        yield from cursor.fetchall()


# The source text quoted beside its figure is cut at this many characters.
QUOTED_SOURCE_LENGTH = 90


@dataclass(frozen=True)
class ShownFigure:
    """A figure as a sheet's page shows it under its heading: "Budget : 300 € (d'après :
    « 50 x 6= 300€ »)"."""

    label: str
    value: str
    note: str
    source: str  # the text it was read from, quoted short; "" when set by hand
    set_by_hand: bool


def shown_figure(action: Action, source_field: str) -> ShownFigure | None:
    """The figure read from ``source_field`` of ``action``, None when it has none."""
    figure = FIGURES_BY_SOURCE.get(source_field)
    if figure is None or getattr(action, figure.value_field) is None:
        return None
    value = grouped(getattr(action, figure.value_field))
    source = " / ".join(line.strip() for line in getattr(action, source_field).splitlines())
    return ShownFigure(
        label=figure.verbose_name[:1].upper() + figure.verbose_name[1:],
        value=f"{value} {figure.unit_label}".strip(),
        note=getattr(action, figure.note_field),
        source=Truncator(source.strip(" /")).chars(QUOTED_SOURCE_LENGTH),
        set_by_hand=getattr(action, figure.set_by_hand_field),
    )
