"""What a sheet's search document holds, and writing the documents and the lexicon.

Each sheet's search document (``ActionSearch``, a row of its own beside the sheet's) holds the
sheet's text by weight, as its headings declare it (``parsing.action_sheet``): the title weighs
'A', then each weight holds its texts, then its lists' entries (and 'C' the centre's names).
It has two fields:

- ``vector`` (PostgreSQL only): the weighted ``tsvector`` of those texts (``backends``);
- ``text`` (both databases): the sheet's distinct words (``words.search_words``), the heaviest
  first, space-separated with a space at each end.

:func:`refresh_search_fields` rewrites the documents of sheets that changed, and adds their
words to the lexicon (``SearchWord``, see ``lexicon``); the code that writes sheets calls it
through ``fiches.derived.refresh_derived``, with the sheets' completeness.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from parsing.action_sheet import VOCABULARY_FIELDS, searched_fields

from .backends import backend_for
from .lexicon import lexicon_words
from .models import WEIGHTS, ActionSearch, SearchWord
from .words import search_words

# The fields of each weight but the title's, declared with the sheet's headings.
WEIGHTED_FIELDS = {weight: searched_fields(weight) for weight in ("B", "C", "D")}
# The centre's fields that its sheets' documents hold (weight 'C').
CENTRE_SEARCHED_FIELDS = ("display_name", "name", "commune", "departement")
# Documents are computed and written this many sheets at a time.
REFRESH_CHUNK = 500


def _joined(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def search_documents(action) -> dict[str, str]:
    """The sheet's text by weight ('A' to 'D'); vocabularies and centre must be loaded."""

    def text_of(name: str) -> str:
        if name in VOCABULARY_FIELDS:
            return _joined(*(entry.name for entry in getattr(action, name).all()))
        return getattr(action, name)

    def weighing(weight: str) -> list[str]:
        # Texts first, then the lists' entries, as each weight has always been written.
        names = WEIGHTED_FIELDS[weight]
        texts = [name for name in names if name not in VOCABULARY_FIELDS]
        lists = [name for name in names if name in VOCABULARY_FIELDS]
        return [text_of(name) for name in (*texts, *lists)]

    centre = action.centre
    return {
        "A": action.title,
        "B": _joined(*weighing("B")),
        "C": _joined(*weighing("C"), *(getattr(centre, name) for name in CENTRE_SEARCHED_FIELDS)),
        "D": _joined(*weighing("D")),
    }


def build_search_text(documents: dict[str, str]) -> str:
    """The distinct words of the documents, the heaviest first, framed by spaces so that a
    whole word is `` word ``."""
    words = dict.fromkeys(word for weight in WEIGHTS for word in search_words(documents[weight]))
    return f" {' '.join(words)} " if words else ""


def refresh_search_fields(actions: models.QuerySet | Iterable[int], *, using=None) -> int:
    """Recomputes the search documents of these actions (a queryset of them, or their
    primary keys), and adds their words to the lexicon; returns how many were refreshed.
    Writes the documents and the lexicon only: no signal, no change to the actions' rows (nor
    to their ``updated_at``). A few queries per :data:`REFRESH_CHUNK` sheets, whatever their
    number."""
    if isinstance(actions, models.QuerySet):
        sheets, pks = actions.model, actions.values("pk")
        using = using or actions.db
    else:
        # The sheets' model, as the documents name it: the search package imports no model
        # of the sheets.
        sheets, pks = ActionSearch._meta.get_field("action").related_model, list(actions)
    manager = sheets._base_manager.db_manager(using)
    rows = (
        manager.filter(pk__in=pks)
        .select_related("centre")
        .prefetch_related(*VOCABULARY_FIELDS)
        .order_by("pk")
    )
    count, chunk = 0, []
    for action in rows.iterator(chunk_size=REFRESH_CHUNK):
        chunk.append(action)
        if len(chunk) == REFRESH_CHUNK:
            count += _write_documents(chunk, using=manager.db)
            chunk = []
    return count + _write_documents(chunk, using=manager.db)


def _write_documents(actions: list, *, using: str) -> int:
    """Writes the search documents of these actions (their centre and vocabularies loaded)
    in place of the ones they had: one ``DELETE`` and one ``INSERT`` for them all, where an
    ``UPDATE`` per sheet made refreshing thousands of sheets slow."""
    if not actions:
        return 0
    pks = [action.pk for action in actions]
    weighted = [search_documents(action) for action in actions]
    texts = [build_search_text(documents) for documents in weighted]
    ActionSearch._base_manager.db_manager(using).filter(action__in=pks).delete()
    backend_for(using).insert_documents(pks, texts, weighted, using=using)
    store_words(texts, using=using)
    return len(pks)


def store_words(texts: Iterable[str], *, using=None) -> None:
    """Adds the words of these search texts to the lexicon, those it lacks only."""
    words = lexicon_words(texts)
    if words:
        SearchWord._base_manager.db_manager(using).bulk_create(
            (SearchWord(word=word) for word in sorted(words)),
            batch_size=1000,
            ignore_conflicts=True,
        )
