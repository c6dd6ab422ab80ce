"""What the catalogue asks of a search: the sheets matching a query, by relevance, with a
passage of each; the keys and scores of every match; and, when a query finds nothing, the
query corrected with the lexicon. Each is answered by the database's backend (``backends``).

A query is taken as the reader typed it, or as typo tolerance corrected it
(:class:`~.words.CorrectedQuery`); a typed one is bounded first (``words.bounded_query``): no
control character ever reaches the database, nor a query of thousands of words.
"""

from __future__ import annotations

from functools import partial

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import F

from core.key_sets import AmongKeys

from .backends import backend_for
from .lexicon import correct
from .models import DOCUMENT, ActionSearch
from .words import CorrectedQuery, Query, bounded_query


def searchable(query: Query) -> Query:
    """The query as the database may run it."""
    return query if isinstance(query, CorrectedQuery) else bounded_query(query).text


def matching(actions, query: Query):
    """The actions of ``actions`` that match ``query`` (see ``backends``), or hold a word of
    each group of a :class:`~.words.CorrectedQuery`."""
    return backend_for(actions.db).matches(actions, searchable(query), document=DOCUMENT)


def by_relevance(actions, query: Query):
    """``actions`` ordered by relevance to ``query``, the best first, then by title."""
    # Ordered by, not selected: a selected rank would be computed again after the sort,
    # which would then carry every matching document along.
    score = backend_for(actions.db).score(searchable(query), document=DOCUMENT)
    return actions.alias(search_score=score).order_by("search_score", "sort_key", "pk")


def with_headline(actions, query: Query):
    """``actions`` with ``search_headline``, a passage of each with the matched words
    between markers, where the database cuts it (PostgreSQL); elsewhere
    :func:`~.highlighting.excerpt` cuts it in Python."""
    query = searchable(query)
    if not query:
        return actions
    return backend_for(actions.db).with_headline(actions, query)


def scored_keys(query: Query, *, using=None, only=None) -> list[tuple[int, float]]:
    """``(action key, score)`` of every sheet matching ``query`` (or of those among
    ``only`` these keys), the lower score the more relevant (as :func:`by_relevance` orders
    them), read from the search documents alone: the sheets' visibility and order are the
    facet index's business."""
    using = using or DEFAULT_DB_ALIAS
    backend, query = backend_for(using), searchable(query)
    documents = ActionSearch._base_manager.db_manager(using).all()
    if only is not None:
        documents = documents.filter(AmongKeys(F("action_id"), list(only)))
    scored = (
        backend.matches(documents, query, document="")
        .annotate(score=backend.score(query, document=""))
        .values_list("action_id", "score")
    )
    try:
        sql, params = scored.query.get_compiler(using).as_sql()
    except EmptyResultSet:  # a query that can match nothing (stop words alone)
        return []
    # Read in one go, without the ORM's conversions (numbers need none): tens of thousands
    # of rows for a common word.
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def approximate_query(query: str, *, using=None) -> CorrectedQuery | None:
    """Typo tolerance: ``query`` with each of its words (of four letters or more) replaced
    by the lexicon's words most similar to it (see ``lexicon``); None when a word has no
    neighbour. A query of any length costs a query or two."""
    using = using or DEFAULT_DB_ALIAS
    neighbours = partial(backend_for(using).neighbours, using=using)
    return correct(bounded_query(query).text, neighbours)
