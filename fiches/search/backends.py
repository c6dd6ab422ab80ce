"""How each database searches the documents: a small class per database, chosen once from the
connection's vendor (:func:`backend_for`), so that no search function asks which database it
runs on.

- :class:`FullTextSearch` (PostgreSQL): the weighted ``tsvector`` of each document in the
  ``french_unaccent`` configuration (migration ``fiches/0003``), queried with the web-search
  syntax (``"boîte à livres"``, ``cuisine -enfants``), ranked with ``ts_rank``, highlighted
  with ``ts_headline``; the lexicon's neighbours of a word found in its ``pg_trgm`` index.
- :class:`WordSearch` (SQLite, and any other database): the document's accent-free words; a
  query finds the sheets that hold each of its words (``-mot`` excludes one), and its
  relevance is how early the words appear, since the words are stored title first, long texts
  last. The lexicon's trigrams are held in memory (:class:`~.lexicon.TrigramLexicon`).

Both take the path to the document from the rows they filter: ``search_document`` from the
sheets (``Action.objects``), ``""`` from the documents themselves.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections, models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Greatest, StrIndex

from core.changes import request_state
from core.recent import RecentValues
from parsing.action_sheet import EXCERPT_FIELDS

from .highlighting import EXCERPT_WORDS, START_MARK, STOP_MARK
from .lexicon import APPROXIMATE_ALTERNATIVES, TrigramLexicon
from .models import WEIGHTS, ActionSearch, SearchWord
from .words import STOP_WORDS, CorrectedQuery, Query, excluded_words, word_groups

logger = logging.getLogger(__name__)

# PostgreSQL's accent-free French text-search configuration (migration ``fiches/0003``).
FTS_CONFIG = "french_unaccent"
# From this many documents written at once, a second connection computes half their vectors
# (``FullTextSearch.insert_documents``), unless the process yields the processor to others;
# fewer are written before it would have connected.
VECTORS_ELSEWHERE_FROM = 200
# The vectors a connection of their own computes, at most this many documents' per
# statement: the texts and vectors of a whole file's sheets held at once by the server.
VECTORS_PER_STATEMENT = 500
# The texts of a batch of documents, as the statements that compute their vectors unnest
# them: a column per weight, each given as an array.
_WEIGHT_COLUMNS = tuple(weight.lower() for weight in WEIGHTS)
# ``%b``: the arrays go apart from the statement, in PostgreSQL's binary format (see
# :func:`_binding_cursor`).
_TEXT_ARRAYS = ", ".join(["%b::text[]"] * len(WEIGHTS))


def _field(document: str, name: str) -> str:
    """The path to the document's field ``name`` from rows whose path to it is ``document``."""
    return f"{document}__{name}" if document else name


class SearchBackend:
    """What a database does for a search. ``query`` is bounded (``words.bounded_query``)."""

    def matches(self, rows: models.QuerySet, query: Query, *, document: str) -> models.QuerySet:
        """The rows of ``rows`` whose document matches ``query``."""
        raise NotImplementedError

    def score(self, query: Query, *, document: str) -> models.Expression:
        """How relevant a row's document is to ``query``, the lower the better."""
        raise NotImplementedError

    def with_headline(self, actions: models.QuerySet, query: Query) -> models.QuerySet:
        """``actions`` with ``search_headline`` (see ``highlighting``) if the database cuts
        it, as they are otherwise (``highlighting.excerpt`` cuts it in Python)."""
        return actions

    def neighbours(self, words: Sequence[str], *, using: str) -> list[list[str]]:
        """For each word, the lexicon's words most similar to it (``lexicon``)."""
        raise NotImplementedError

    def insert_documents(
        self,
        pks: list,
        texts: list[str],
        weighted: list[dict[str, str]],
        *,
        using: str,
        vectors: list[str] | None = None,
    ) -> None:
        """Inserts the documents of sheets ``pks``: their ``texts`` and texts by weight, and
        their ``vectors`` if :meth:`vectors_elsewhere` computed them."""
        ActionSearch._base_manager.db_manager(using).bulk_create(
            ActionSearch(action_id=pk, text=text) for pk, text in zip(pks, texts, strict=True)
        )

    def vectors_elsewhere_for(self, count: int) -> bool:
        """Whether the vectors of ``count`` documents are worth computing by a connection
        of their own (:meth:`vectors_elsewhere`); asked by the thread that writes them."""
        return False

    def vectors_elsewhere(self, weighted: list[dict[str, str]], wrapper) -> list[str] | None:
        """The vectors of the documents whose texts by weight are ``weighted``, computed by
        a connection of its own to ``wrapper``'s database; None where there are none."""
        return None


class FullTextSearch(SearchBackend):
    """PostgreSQL's full-text search (see the module's docstring)."""

    def search_query(self, query: Query) -> SearchQuery:
        if isinstance(query, CorrectedQuery):
            # Lexicon words are ``[a-z0-9]+``: safe as raw tsquery terms.
            raw = " & ".join("(" + " | ".join(group) + ")" for group in query.groups)
            return SearchQuery(raw, search_type="raw", config=FTS_CONFIG)
        return SearchQuery(query, search_type="websearch", config=FTS_CONFIG)

    def matches(self, rows, query, *, document):
        return rows.filter(**{_field(document, "vector"): self.search_query(query)})

    def score(self, query, *, document):
        return -SearchRank(F(_field(document, "vector")), self.search_query(query))

    def with_headline(self, actions, query):
        parts = []
        for name in EXCERPT_FIELDS:
            parts.extend([F(name), Value("\n")])
        return actions.annotate(
            search_headline=SearchHeadline(
                Concat(*parts, output_field=models.TextField()),
                self.search_query(query),
                config=FTS_CONFIG,
                start_sel=START_MARK,
                stop_sel=STOP_MARK,
                max_words=EXCERPT_WORDS,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )

    def neighbours(self, words, *, using):
        """Every word's neighbours in one query: ``%`` (``trigram_similar``) is what the
        lexicon's GIN index answers, once per word."""
        quote = connections[using].ops.quote_name
        word = quote(SearchWord._meta.get_field("word").column)
        sql = (
            "SELECT typed.position, near.word FROM unnest(%s::text[]) WITH ORDINALITY "
            "AS typed(word, position) CROSS JOIN LATERAL ("
            f"SELECT lexicon.{word} AS word, similarity(lexicon.{word}, typed.word) AS closeness "
            f"FROM {quote(SearchWord._meta.db_table)} AS lexicon "
            f"WHERE lexicon.{word} %% typed.word AND NOT lexicon.{word} = ANY(%s::text[]) "
            f"ORDER BY closeness DESC, lexicon.{word} LIMIT %s"
            ") AS near ORDER BY typed.position, near.closeness DESC, near.word"
        )
        found: list[list[str]] = [[] for _ in words]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [list(words), sorted(STOP_WORDS), APPROXIMATE_ALTERNATIVES])
            for position, neighbour in cursor.fetchall():
                found[position - 1].append(neighbour)
        return found

    def insert_documents(self, pks, texts, weighted, *, using, vectors=None):
        """Each ``vector`` is the weighted ``tsvector`` of its texts ('A' to 'D', as
        ``SearchVector(…, weight=…, config=FTS_CONFIG)`` would write it), computed by the
        ``INSERT`` itself from arrays of values: a ``SearchVector`` per row took Django longer
        to compile than PostgreSQL to run.

        Stemming the texts is most of an import's database time, and one statement runs on
        one core: from :data:`VECTORS_ELSEWHERE_FROM` documents on, a second connection
        computes the vectors of the second half (a pure function of the texts, outside the
        writer's transaction) while the writer's computes the first half's and inserts
        them; the second half is inserted with its computed vectors, which PostgreSQL reads
        back as they were written. ``vectors`` computed beforehand (an import's new sheets,
        ``documents.DocumentsAhead``) are inserted so, all of them."""
        if vectors is not None:
            self._insert_computed(pks, texts, vectors, using=using)
            return
        if not self.vectors_elsewhere_for(len(pks)):
            self._insert_computing(pks, texts, weighted, using=using)
            return
        half = len(pks) // 2
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-vectors") as helper:
            later = helper.submit(self.vectors_elsewhere, weighted[half:], connections[using])
            self._insert_computing(pks[:half], texts[:half], weighted[:half], using=using)
            vectors = later.result()
        if vectors is None:  # no second connection to be had: computed here after all
            self._insert_computing(pks[half:], texts[half:], weighted[half:], using=using)
        else:
            self._insert_computed(pks[half:], texts[half:], vectors, using=using)

    @staticmethod
    def _vectors_sql() -> str:
        """The weighted vector of the texts of ``weighted``'s columns, one per weight
        (:data:`_WEIGHT_COLUMNS`)."""
        return " || ".join(
            f"setweight(to_tsvector(%s::regconfig, COALESCE(weighted.{column}, '')), '{weight}')"
            for weight, column in zip(WEIGHTS, _WEIGHT_COLUMNS, strict=True)
        )

    def _vectors_params(self, weighted) -> tuple[list[str], list[list[str]]]:
        by_weight = [[documents[weight] for documents in weighted] for weight in WEIGHTS]
        return [FTS_CONFIG] * len(WEIGHTS), by_weight

    def _insert_computing(self, pks, texts, weighted, *, using):
        configs, by_weight = self._vectors_params(weighted)
        self._insert(
            self._vectors_sql(),
            f"{_TEXT_ARRAYS}) AS weighted(action_id, text, {', '.join(_WEIGHT_COLUMNS)})",
            [*configs, pks, texts, *by_weight],
            using=using,
        )

    def _insert_computed(self, pks, texts, vectors, *, using):
        self._insert(
            "weighted.vector",
            "%b::text[]::tsvector[]) AS weighted(action_id, text, vector)",
            [pks, texts, vectors],
            using=using,
        )

    @staticmethod
    def _insert(vector: str, rest_of_unnest: str, params: list, *, using: str) -> None:
        quote = connections[using].ops.quote_name
        fields = [ActionSearch._meta.get_field(name) for name in ("action", "text", "vector")]
        columns = ", ".join(quote(field.column) for field in fields)
        with _binding_cursor(connections[using]) as cursor:
            cursor.execute(
                f"INSERT INTO {quote(ActionSearch._meta.db_table)} ({columns}) "
                f"SELECT weighted.action_id, weighted.text, {vector} "
                f"FROM unnest(%b::bigint[], %b::text[], {rest_of_unnest}",
                params,
            )

    def vectors_elsewhere_for(self, count):
        return count >= VECTORS_ELSEWHERE_FROM and not _yields_the_processor()

    def vectors_elsewhere(self, weighted, wrapper):
        """The vectors of these documents, in their order, as text, computed by a connection
        of its own to ``wrapper``'s database (closed after), :data:`VECTORS_PER_STATEMENT`
        at a time; None if the database takes no more connections."""
        try:
            connection = wrapper.Database.connect(
                **{**wrapper.get_connection_params(), "cursor_factory": wrapper.Database.Cursor}
            )
        except wrapper.Database.OperationalError:
            logger.warning("No second connection for the search vectors", exc_info=True)
            return None
        sql = (
            f"SELECT ({self._vectors_sql()})::text FROM unnest({_TEXT_ARRAYS}) "
            f"WITH ORDINALITY AS weighted({', '.join(_WEIGHT_COLUMNS)}, position) "
            "ORDER BY weighted.position"
        )
        vectors = []
        try:
            with connection.cursor() as cursor:
                for start in range(0, len(weighted), VECTORS_PER_STATEMENT):
                    configs, by_weight = self._vectors_params(
                        weighted[start : start + VECTORS_PER_STATEMENT]
                    )
                    cursor.execute(sql, [*configs, *by_weight])
                    vectors.extend(vector for (vector,) in cursor.fetchall())
        finally:
            connection.close()
        return vectors


@contextlib.contextmanager
def _binding_cursor(wrapper):
    """A cursor of ``wrapper``'s connection (its transaction, its execute wrappers) that
    sends the parameters apart from the statement, as PostgreSQL's binary format where the
    statement says ``%b``, rather than quoted into it. Django's cursors quote them in
    Python: for the arrays of a thousand documents (megabytes of text), that took a tenth
    of an import's time in this process, against a few milliseconds sent in binary."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    wrapper.ensure_connection()
    with wrapper.wrap_database_errors:
        cursor = wrapper._prepare_cursor(ServerBindingCursor(wrapper.connection))
    with cursor:
        yield cursor


def _yields_the_processor() -> bool:
    """Whether this process was asked to let others have the processor first (a batch
    import, ``import_sheets --nice``): it then keeps to one connection, since a second one
    computing vectors would take the database server's other core from the pages being
    served, at the priority of any connection."""
    return os.getpriority(os.PRIO_PROCESS, 0) > 0


def _framed(word: str) -> str:
    """A whole word of a document's ``text``, which has a space on each side of each word."""
    return f" {word} "


class WordSearch(SearchBackend):
    """The search of accent-free words (see the module's docstring)."""

    def __init__(self):
        # The lexicon in memory, per database, while the catalogue's version stays the same.
        self._lexicons: RecentValues[TrigramLexicon] = RecentValues(size=4)

    def matches(self, rows, query, *, document):
        groups = word_groups(query)
        if not groups:
            return rows.none()
        text = f"{_field(document, 'text')}__contains"
        condition = Q()
        for group in groups:
            condition &= reduce(or_, (Q(**{text: _framed(word)}) for word in group))
        for word in excluded_words(query):
            condition &= ~Q(**{text: _framed(word)})
        return rows.filter(condition)

    def score(self, query, *, document):
        # The earlier the words, the more relevant. Of a corrected word's neighbours, the
        # one the sheet holds counts (the others are at 0).
        text = _field(document, "text")
        positions = [
            reduce(Greatest, (StrIndex(text, Value(_framed(word))) for word in group))
            for group in word_groups(query)
        ]
        return sum(positions[1:], start=positions[0]) if positions else Value(0)

    def neighbours(self, words, *, using):
        lexicon = self._lexicons.get(
            using, lambda: self._read_lexicon(using), version=request_state(using).token
        )
        return [lexicon.neighbours(word) for word in words]

    @staticmethod
    def _read_lexicon(using: str) -> TrigramLexicon:
        words = SearchWord._base_manager.db_manager(using).values_list("word", flat=True)
        return TrigramLexicon(words.iterator())


_FULL_TEXT = FullTextSearch()
_WORDS = WordSearch()
BACKENDS = {"postgresql": _FULL_TEXT}


def backend_for(using: str) -> SearchBackend:
    """The search of database ``using``: full text on PostgreSQL, words elsewhere."""
    return BACKENDS.get(connections[using].vendor, _WORDS)
