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
from concurrent.futures import ThreadPoolExecutor
from itertools import chain

from django.db import connections, models

from parsing.action_sheet import VOCABULARY_FIELDS, searched_fields
from parsing.naming import match_key

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
        *searched_values(
            action, {name: getattr(action, name).all() for name in SEARCHED_VOCABULARIES}
        )
    )


def searched_values(action, entries: dict[str, Iterable]) -> tuple[dict, list[str]]:
    """What the document of ``action`` is computed from (:func:`weighted_documents`'s
    arguments), its vocabularies being ``entries`` (entries by vocabulary, an entry listed
    twice counting once) and its centre ``action.centre``."""
    values = {name: getattr(action, name) for name in SEARCHED_TEXT_FIELDS}
    for name in SEARCHED_VOCABULARIES:
        values[name] = list({entry.pk: entry.name for entry in entries[name]}.values())
    return values, [getattr(action.centre, name) for name in CENTRE_SEARCHED_FIELDS]


def entry_order(names: Iterable[str]) -> list[str]:
    """A vocabulary's entries as a document lists them: by their key, whichever order the
    database (its collation) or a file gave them, so that a document computed from what an
    import writes is the one computed from what it stored."""
    return sorted(names, key=lambda name: (match_key(name), name))


def weighted_documents(values: dict, centre_values: list[str]) -> dict[str, str]:
    """The text by weight of a sheet whose searched fields hold ``values`` (texts, and lists
    of entry names for its vocabularies) and whose centre's searched fields hold
    ``centre_values``."""

    def text_of(name: str) -> str:
        if name in VOCABULARY_FIELDS:
            return _joined(*entry_order(values[name]))
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
    """The names of the entries of each searched vocabulary of sheets ``pks``, by sheet (in
    no order: :func:`entry_order` orders them)."""
    names = {}
    for name in SEARCHED_VOCABULARIES:
        field = sheets._meta.get_field(name)
        by_sheet = names[name] = {}
        links = (
            field.related_model._default_manager.db_manager(using)
            .filter(**{f"{field.related_query_name()}__in": pks})
            .order_by()
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
    weighted, texts = _documents_of(
        (
            dict(zip(SEARCHED_TEXT_FIELDS, row[1:texts_end], strict=True))
            | {name: names[name].get(row[0], []) for name in SEARCHED_VOCABULARIES},
            list(row[texts_end:]),
        )
        for row in rows
    )
    ActionSearch._base_manager.db_manager(using).filter(action__in=pks).delete()
    _insert_documents(backend_for(using), pks, texts, weighted, using=using)
    return len(pks)


def _documents_of(sheets: Iterable[tuple[dict, list[str]]]) -> tuple[list, list[str]]:
    """The texts by weight and the search texts of these sheets (:func:`searched_values`
    of each)."""
    weighted = [weighted_documents(values, centre) for values, centre in sheets]
    return weighted, [build_search_text(documents) for documents in weighted]


def _insert_documents(backend, pks, texts, weighted, *, using: str, vectors=None) -> None:
    """Inserts these documents (``vectors``: theirs, when computed beforehand) and adds
    their words to the lexicon."""
    backend.insert_documents(pks, texts, weighted, using=using, vectors=vectors)
    store_words(texts, using=using)


class DocumentsAhead:
    """The search documents of sheets being created, worked out while they are written.

    The importer knows what a new sheet's document is computed from (its texts, its entries,
    its centre) before it writes the sheet. A thread of its own computes the documents'
    texts and words, and on PostgreSQL their vectors by a connection of its own
    (``backends``), while the importer's connection writes the sheets, their links and
    their history; :meth:`write` then inserts them under the sheets' keys. Reading back the
    rows just written, computing the documents, then their vectors, one after the other,
    was two fifths of an import's time.

    ``sheets`` are :func:`searched_values` of each sheet. The documents are written only by
    :meth:`write`, in the importer's transaction: a sheet's document never exists without
    its sheet. Used as a context manager, which lets the thread go."""

    def __init__(self, sheets: list[tuple[dict, list[str]]], *, using: str):
        self.using = using
        self.backend = backend_for(using)
        # Asked here: whether this process may take a second connection is the importing
        # thread's to say (its priority, ``backends``).
        computes_vectors = self.backend.vectors_elsewhere_for(len(sheets))
        self._helper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-documents")
        self._documents = self._helper.submit(
            self._prepare, sheets, self.backend, connections[using] if computes_vectors else None
        )

    def __enter__(self) -> DocumentsAhead:
        return self

    def __exit__(self, *exc_info) -> None:
        # Written, or the file refused: the thread has nothing left to do for anyone.
        self._helper.shutdown(wait=False, cancel_futures=True)

    @staticmethod
    def _prepare(sheets, backend, wrapper):
        weighted, texts = _documents_of(sheets)
        vectors = backend.vectors_elsewhere(weighted, wrapper) if wrapper is not None else None
        return texts, weighted, vectors

    def write(self, pks: list) -> int:
        """Inserts the documents of the sheets, now written under keys ``pks`` (in the
        order of ``sheets``), and adds their words to the lexicon."""
        texts, weighted, vectors = self._documents.result()
        for start in range(0, len(pks), REFRESH_CHUNK):
            end = start + REFRESH_CHUNK
            _insert_documents(
                self.backend,
                pks[start:end],
                texts[start:end],
                weighted[start:end],
                vectors=vectors[start:end] if vectors is not None else None,
                using=self.using,
            )
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
