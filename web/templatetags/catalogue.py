"""Presentation helpers of the public catalogue's templates."""

from django import template

from fiches import search

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
