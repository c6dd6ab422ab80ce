"""Presentation helpers of the public catalogue's templates."""

import functools
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from fiches import search
from fiches.display import shown_figure
from fiches.filters import ActionFilterSet

register = template.Library()


@register.simple_tag
def search_excerpt(action, query):
    """A passage of the sheet with the words of ``query`` (typed, or as typo tolerance
    corrected them) in ``<mark>``, escaped: from
    PostgreSQL's headline when the list has one, else cut in Python."""
    marked = getattr(action, "search_headline", None)
    if not marked:
        marked = search.excerpt(action, query)
    return search.highlight(marked)


@register.filter
def figure_of(action, heading):
    """The figure read from ``heading``'s text of ``action`` (``fiches.display``), or None."""
    return shown_figure(action, heading.field)


@register.simple_tag
def list_filter_url(heading, entry) -> str:
    """The list of the sheets filed under ``entry`` of a heading's vocabulary, or "" when
    the list has no filter for that heading."""
    parameter = _list_filter_of(heading.field)
    if parameter is None:
        return ""
    return f"{reverse('fiches:action_list')}?{urlencode({parameter: entry.slug})}"


@functools.cache
def _list_filter_of(field: str) -> str | None:
    filters = ActionFilterSet.base_filters.items()
    return next(
        (name for name, filter_ in filters if getattr(filter_, "field_name", None) == field),
        None,
    )
