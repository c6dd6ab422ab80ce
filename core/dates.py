"""Dates as French text reads them, in templates and in text built in Python alike."""

from django.template.defaultfilters import date as format_date


def french_date(value, date_format: str = "j F Y") -> str:
    """A date as ``date`` formats it, the first day of a month as "1er" ("1er mars 2024")."""
    formatted = format_date(value, date_format)
    if formatted and date_format.startswith("j") and getattr(value, "day", None) == 1:
        return "1er" + formatted[1:]
    return formatted
