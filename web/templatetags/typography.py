"""How the public pages set text in French: the stored text stays as written (and the admin
shows it so); these filters only change what a visitor reads."""

from django import template
from django.utils.safestring import SafeData

from core import dates
from parsing import typography

register = template.Library()


@register.filter
def display_title(value, spellings=None):
    """A title in sentence case when written in capitals, its accents restored from
    ``spellings`` (the ``catalogue_spellings`` of every page), with French punctuation."""
    if isinstance(value, SafeData):
        return value
    return typography.french_punctuation(
        typography.sentence_case(str(value), {} if spellings is None else spellings)
    )


@register.filter
def french_text(value):
    """A body text in French typography: guillemets, no-break spaces, apostrophes, "1er"
    (``parsing.typography.french_text``). HTML already made (a search excerpt's marks) is
    left alone; the text returned is plain, escaped by the template as any other."""
    if isinstance(value, SafeData):
        return value
    return typography.french_text(str(value))


@register.filter
def french_date(value, date_format="j F Y"):
    """A date as ``date`` formats it, the first day of a month as "1er" ("1er mars 2024")."""
    return dates.french_date(value, date_format)


@register.filter
def of_structure(name) -> str:
    """A structure's name after "of": "du centre social Albert Schweitzer"."""
    return typography.of_structure(str(name))
