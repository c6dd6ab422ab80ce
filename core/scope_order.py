"""A scope's order, as the facet indexes keep it (``core.facet_store``).

An index reads each row's values of what orders its scope, as a number (:func:`sort_hash`),
to tell whether an edit moved a row. When one did, or when rows were added, the index needs
their new places. Reading the whole scope's order again costs what the catalogue costs (at
100,000 sheets, some 130 ms of the database's time, in every process, after every import);
:func:`places_of` asks instead, for each moved row, which row now comes right before it: one
probe of the index that orders the table per moved row.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from functools import reduce

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.expressions import OrderBy

from .key_sets import AmongKeys

# The name under which a moved row's predecessor is read.
_BEFORE = "facet_row_before"


def ordering_of(scope) -> tuple:
    """What ``scope`` (a queryset) is ordered by, as its query holds it."""
    query = scope.query
    return tuple(query.order_by or (scope.model._meta.ordering if query.default_ordering else ()))


def sort_expressions(scope) -> dict:
    """What the scope is ordered by, as expressions to read beside each row."""
    expressions = {}
    for number, item in enumerate(ordering_of(scope)):
        if isinstance(item, str):
            expression = F(item.lstrip("-"))
        else:
            expression = item.expression if isinstance(item, OrderBy) else item
        expressions[f"facet_sorted_by_{number}"] = expression
    return expressions


def sort_hash(values: tuple) -> int:
    """A row's values of what the scope is ordered by, as a number: when it is the same
    after an edit, the row has kept its place."""
    return hash(values)


def places_of(scope, keys: Iterable) -> list[tuple] | None:
    """The rows of ``keys`` still in ``scope``, in its order, each with the key of the row
    that comes right before it in the scope (None for the first): every row after its
    predecessor, in that order, gives the scope's order. None when the scope's order is not
    one this can follow: anything but plain columns of the row, ending with its primary
    key (a total order, so that "right before" names one row), none of them nullable (a
    NULL compares with nothing)."""
    columns = _total_order_columns(scope)
    if columns is None:
        return None
    keys = list(keys)
    # Before the moved row: its first column no further than the row's (what lets the
    # database start its descent of the index there), and then the usual lexical order.
    first, first_descending = columns[0]
    before = Q(**{f"{first}__{'gte' if first_descending else 'lte'}": OuterRef(first)})
    before &= reduce(
        operator.or_,
        (
            Q(**{column: OuterRef(column) for column, _ in columns[:depth]})
            & Q(**{f"{name}__{'gt' if descending else 'lt'}": OuterRef(name)})
            for depth, (name, descending) in enumerate(columns)
        ),
    )
    backwards = [F(name).asc() if descending else F(name).desc() for name, descending in columns]
    predecessor = scope.filter(before).order_by(*backwards).values("pk")[:1]
    moved = scope.filter(AmongKeys(F("pk"), keys)).annotate(**{_BEFORE: Subquery(predecessor)})
    return list(moved.values_list("pk", _BEFORE))


def _total_order_columns(scope) -> list[tuple[str, bool]] | None:
    """The scope's order as (column, descending) pairs, when it is a total order of plain,
    non-null columns of the scope's model; None otherwise."""
    meta = scope.model._meta
    columns = []
    for item in ordering_of(scope):
        if not isinstance(item, str) or "__" in item or item.lstrip("-") == "?":
            return None
        name = item.lstrip("-")
        try:
            field = meta.pk if name == "pk" else meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if field.null or field.is_relation:
            return None
        columns.append((field.attname, item.startswith("-")))
        if field.primary_key:
            return columns
    return None
