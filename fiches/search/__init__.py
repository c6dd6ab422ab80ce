"""Searching the fiches actions in French, on PostgreSQL and on SQLite.

- ``words``: how text becomes search words, and what a query asks for (pure Python);
- ``documents``: what each sheet's search document holds, and writing the documents and the
  lexicon (:func:`refresh_search_fields`; :class:`DocumentsAhead` for sheets being created);
- ``backends``: how each database searches them, PostgreSQL's full text or SQLite's words;
- ``querying``: what the rest of the project asks (:func:`matching`, :func:`by_relevance`,
  :func:`with_headline`, :func:`scored_keys`, :func:`approximate_query`);
- ``lexicon``: typo tolerance, the lexicon's words that look like a word typed;
- ``highlighting``: a passage of a sheet with its matched words in ``<mark>``;
- ``models``: the documents and the lexicon (models of the ``fiches`` app).

The sheets' models use this package; it never imports them.
"""

from .documents import (
    CENTRE_SEARCHED_FIELDS,
    DocumentsAhead,
    refresh_search_fields,
    searched_values,
)
from .highlighting import excerpt, highlight
from .models import ActionSearch, SearchWord
from .querying import approximate_query, by_relevance, matching, scored_keys, with_headline
from .words import MAX_QUERY_LENGTH, BoundedQuery, CorrectedQuery, Query, bounded_query

__all__ = [
    "CENTRE_SEARCHED_FIELDS",
    "MAX_QUERY_LENGTH",
    "ActionSearch",
    "BoundedQuery",
    "CorrectedQuery",
    "DocumentsAhead",
    "Query",
    "SearchWord",
    "approximate_query",
    "bounded_query",
    "by_relevance",
    "excerpt",
    "highlight",
    "matching",
    "refresh_search_fields",
    "scored_keys",
    "searched_values",
    "with_headline",
]
