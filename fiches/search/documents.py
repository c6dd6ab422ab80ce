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
from itertools import chain

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
# The sheet's fields that its document holds: texts (the title first), and vocabularies.
SEARCHED_TEXT_FIELDS = (
    "title",
    *(n for f in WEIGHTED_FIELDS.values() for n in f if n not in VOCABULARY_FIELDS),
)
SEARCHED_VOCABULARIES = tuple(
    n for f in WEIGHTED_FIELDS.values() for n in f if n in VOCABULARY_FIELDS
)
# Documents are computed and written this many sheets at a time.
REFRESH_CHUNK = 500


def _joined(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def search_documents(action) -> dict[str, str]:
    """The sheet's text by weight ('A' to 'D'); vocabularies and centre must be loaded."""
    return weighted_documents(
        {name: getattr(action, name) for name in SEARCHED_TEXT_FIELDS}
        | {
            name: [entry.name for entry in getattr(action, name).all()]
            for name in SEARCHED_VOCABULARIES
        },
        [getattr(action.centre, name) for name in CENTRE_SEARCHED_FIELDS],
    )


def weighted_documents(values: dict, centre_values: list[str]) -> dict[str, str]:
    """The text by weight of a sheet whose searched fields hold ``values`` (texts, and lists
    of entry names for its vocabularies) and whose centre's searched fields hold
    ``centre_values``."""

    def text_of(name: str) -> str:
        if name in VOCABULARY_FIELDS:
            return _joined(*values[name])
        return values[name]

    def weighing(weight: str) -> list[str]:
        # Texts first, then the lists' entries, as each weight has always been written.
        names = WEIGHTED_FIELDS[weight]
        texts = [name for name in names if name not in VOCABULARY_FIELDS]
        lists = [name for name in names if name in VOCABULARY_FIELDS]
        return [text_of(name) for name in (*texts, *lists)]

    return {
        "A": values["title"],
        "B": _joined(*weighing("B")),
        "C": _joined(*weighing("C"), *centre_values),
        "D": _joined(*weighing("D")),
    }


def build_search_text(documents: dict[str, str]) -> str:
    """The distinct words of the documents, the heaviest first, framed by spaces so that a
    whole word is `` word ``."""
    words = dict.fromkeys(chain.from_iterable(search_words(documents[w]) for w in WEIGHTS))
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
    # Values rather than model instances (a sheet and an entry per link): building them took
    # longer than computing the documents.
    rows = (
        manager.filter(pk__in=pks)
        .order_by("pk")
        .values_list(
            "pk",
            *SEARCHED_TEXT_FIELDS,
            *(f"centre__{name}" for name in CENTRE_SEARCHED_FIELDS),
        )
    )
    count, chunk = 0, []
    for row in rows.iterator(chunk_size=REFRESH_CHUNK):
        chunk.append(row)
        if len(chunk) == REFRESH_CHUNK:
            count += _write_documents(sheets, chunk, using=manager.db)
            chunk = []
    return count + _write_documents(sheets, chunk, using=manager.db)


def _entry_names(sheets, pks: list, *, using: str) -> dict[str, dict[object, list[str]]]:
    """The names of the entries of each searched vocabulary of sheets ``pks``, by sheet, in
    the order of the entries' model (as ``action.keywords.all()`` lists them)."""
    names = {}
    for name in SEARCHED_VOCABULARIES:
        field = sheets._meta.get_field(name)
        by_sheet = names[name] = {}
        links = (
            field.related_model._default_manager.db_manager(using)
            .filter(**{f"{field.related_query_name()}__in": pks})
            .values_list(field.related_query_name(), "name")
        )
        for pk, entry in links:
            by_sheet.setdefault(pk, []).append(entry)
    return names


def _write_documents(sheets, rows: list, *, using: str) -> int:
    """Writes the search documents of these sheets (``pk``, their searched texts, their
    centre's) in place of the ones they had: one ``DELETE`` and one ``INSERT`` for them all,
    where an ``UPDATE`` per sheet made refreshing thousands of sheets slow."""
    if not rows:
        return 0
    pks = [row[0] for row in rows]
    names = _entry_names(sheets, pks, using=using)
    texts_end = 1 + len(SEARCHED_TEXT_FIELDS)
    weighted = [
        weighted_documents(
            dict(zip(SEARCHED_TEXT_FIELDS, row[1:texts_end], strict=True))
            | {name: names[name].get(row[0], []) for name in SEARCHED_VOCABULARIES},
            list(row[texts_end:]),
        )
        for row in rows
    ]
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
