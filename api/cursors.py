"""Cursor pagination: a page of an ordered list starts after the last row of the page before,
named by the values of the list's sort key on that row (keyset pagination).

Unlike a page number, a cursor is stable under inserts and deletions: a row added before
it never shifts the next page (no row seen twice, none skipped among those that stay).

The cursor is opaque to the client: the sort key's values signed with the site's secret
(``django.core.signing``), so that a cursor made up or cut short is refused (400) rather
than read as another position. It also names its order: a cursor of a list sorted by title
is no position in the list sorted by date.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from django.db.models.functions import Cast

CURSOR_SALT = "api.cursor"
KEY_ALIAS = "cursor_key_{}"


class InvalidCursor(ValueError):
    """A cursor this list did not give: the message says so in French, for the client."""


@dataclass(frozen=True)
class Page:
    rows: list
    next_cursor: str | None


@dataclass(frozen=True)
class _Term:
    expression: models.Expression
    descending: bool


def _terms(queryset: models.QuerySet) -> list[_Term]:
    """The list's sort key, term by term, as the queryset orders it (by unique keys: the
    last term is the primary key)."""
    terms = []
    for term in queryset.query.order_by:
        if isinstance(term, str):
            name = term.removeprefix("-")
            terms.append(_Term(F(name), term.startswith("-")))
        elif isinstance(term, OrderBy):
            terms.append(_Term(term.expression, term.descending))
        else:
            terms.append(_Term(term, False))
    if not terms:
        raise ValueError("cursor pagination needs an ordered queryset")
    return terms


def _keyed(queryset, terms: list[_Term], *, select: bool):
    """``queryset`` with each term of its sort key under a name of its own. A real number is
    read as a double: PostgreSQL's ``real`` scores would not come back equal from their
    shortest decimal form."""
    keys = {}
    for position, term in enumerate(terms):
        expression = term.expression
        # Resolved on a copy: resolving joins the tables the expression names.
        resolved = expression.resolve_expression(queryset.query.clone())
        if isinstance(getattr(resolved, "output_field", None), models.FloatField):
            expression = Cast(expression, output_field=models.FloatField())
        keys[KEY_ALIAS.format(position)] = expression
    return queryset.annotate(**keys) if select else queryset.alias(**keys)


def _after(terms: list[_Term], values: list) -> Q:
    """The rows after the one whose sort key is ``values``, in the list's order."""
    condition = Q()
    equal = Q()
    for position, (term, value) in enumerate(zip(terms, values, strict=True)):
        name = KEY_ALIAS.format(position)
        lookup = "lt" if term.descending else "gt"
        condition |= equal & Q(**{f"{name}__{lookup}": value})
        equal &= Q(**{name: value})
    return condition


def _encode(order: str, values: list) -> str:
    return signing.dumps({"order": order, "key": values}, salt=CURSOR_SALT)


def _decode(cursor: str, order: str, length: int) -> list:
    try:
        payload = signing.loads(cursor, salt=CURSOR_SALT)
    except signing.BadSignature as error:
        raise InvalidCursor(
            "Curseur invalide : reprenez le curseur « next » donné par la page précédente."
        ) from error
    if not isinstance(payload, dict) or payload.get("order") != order:
        raise InvalidCursor(
            "Ce curseur vient d'une liste triée autrement : gardez le même tri (sort) "
            "d'une page à l'autre."
        )
    key = payload.get("key")
    if not isinstance(key, list) or len(key) != length:
        raise InvalidCursor("Curseur invalide : reprenez le curseur « next » de la page.")
    return key


def _json_value(value):
    """A sort key's value as JSON keeps it; a date is compared again from its ISO text."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def paginate(queryset, *, order: str, cursor: str | None, limit: int) -> Page:
    """The ``limit`` rows of ``queryset`` (ordered by unique keys) after ``cursor`` (from
    the start without one), and the cursor of the page after, None on the last page.
    ``order`` names the sort, so that a cursor is only read by the list that gave it.
    Raises :class:`InvalidCursor`."""
    terms = _terms(queryset)
    page_query = queryset
    if cursor:
        values = _decode(cursor, order, len(terms))
        page_query = _keyed(queryset, terms, select=False).filter(_after(terms, values))
    rows = list(page_query[: limit + 1])
    if len(rows) <= limit:
        return Page(rows, None)
    rows = rows[:limit]
    last_key = (
        _keyed(queryset.filter(pk=rows[-1].pk).prefetch_related(None), terms, select=True)
        .values_list(*(KEY_ALIAS.format(position) for position in range(len(terms))))
        .get()
    )
    return Page(rows, _encode(order, [_json_value(value) for value in last_key]))
