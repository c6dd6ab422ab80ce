"""Faceted filtering for the public lists, on top of django-filter.

A facet filter takes several values of one GET parameter (``?keyword=a&keyword=b``): OR within
a filter, AND across filters. Each option of a facet says how many rows it would give with
the other active filters; every facet is counted in a single query, which counts the rows
too. Values that match nothing (a renamed keyword in a bookmark) are dropped rather than
turned into an error, so that an old URL still opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import django_filters
from django import forms
from django.db import connections
from django.db.models import F
from django.db.models.constants import LOOKUP_SEP
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.text import slugify

from centres.naming import match_key


class ValuesField(forms.Field):
    """The values of a repeated GET parameter, without duplicates; with ``choices``, only
    those among them."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, choices=None, **kwargs):
        self.valid_values = None if choices is None else {str(value) for value, _ in choices}
        super().__init__(**kwargs)

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        values = dict.fromkeys(str(item).strip() for item in values if str(item).strip())
        if self.valid_values is not None:
            values = {item: None for item in values if item in self.valid_values}
        return list(values)


class ObjectsField(ValuesField):
    """The objects of ``queryset`` whose ``to_field_name`` is among the values."""

    def __init__(self, *, queryset, to_field_name="slug", **kwargs):
        self.queryset, self.to_field_name = queryset, to_field_name
        super().__init__(**kwargs)

    def to_python(self, value):
        keys = super().to_python(value)
        if not keys:
            return []
        found = {
            getattr(item, self.to_field_name): item
            for item in self.queryset.filter(**{f"{self.to_field_name}__in": keys})
        }
        return [found[key] for key in keys if key in found]


class LenientChoiceField(forms.ChoiceField):
    """One choice, or ``""`` for a value that is not one (never an error)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value if self.valid_value(value) else ""

    def validate(self, value):
        pass


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    html_id: str


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list[FacetOption]


@dataclass(frozen=True)
class ActiveFilter:
    """A chip: one value of one filter, and the URL of the same list without it."""

    group: str
    label: str
    remove_url: str


class FacetSource(NamedTuple):
    """Where a facet's options are counted from the keys of its rows: grouped by ``key``, a
    field of the row, or with ``link``, a column of that link table (joined on its column
    ``link_row``); named by ``value_column`` and ``label_column`` of ``table`` (joined on
    its ``table_key``), or by the key itself when there is no ``table``."""

    key: str
    value_column: str
    label_column: str
    table: str | None = None
    table_key: str | None = None
    link: str | None = None
    link_row: str | None = None


class FacetFilter(django_filters.Filter):
    """Several values of ``field_name``, OR-ed. ``many``: the path crosses a to-many
    relation, filtered through a subquery so that rows are never repeated."""

    field_class = ValuesField

    def __init__(self, field_name, *, many=False, **kwargs):
        self.many = many
        super().__init__(field_name, **kwargs)

    # What the rows of a facet's grouped query are grouped by and named by.
    @property
    def facet_value_path(self) -> str:
        return self.field_name

    @property
    def facet_label_path(self) -> str | None:
        return None

    def lookup_values(self, value) -> list:
        return value

    def source(self, model) -> FacetSource | None:
        """Where this facet is counted from the keys of its rows, for a field of the row, a
        field of a row it points to, or a field of an entry linked by Django's own link
        table; None for any other path (it is then read with the rows)."""
        paths = [self.facet_value_path, self.facet_label_path or self.facet_value_path]
        head, _, value_name = paths[0].partition(LOOKUP_SEP)
        field = model._meta.get_field(head)
        if not value_name:
            if self.many or paths[1] != paths[0] or not field.concrete:
                return None
            return FacetSource(field.attname, field.column, field.column)
        prefix = f"{head}{LOOKUP_SEP}"
        names = [value_name, paths[1].removeprefix(prefix)]
        if not paths[1].startswith(prefix) or any(LOOKUP_SEP in name for name in names):
            return None
        related = field.related_model
        value_field, label_field = (related._meta.get_field(name) for name in names)
        if not (field.concrete and value_field.concrete and label_field.concrete):
            return None
        table = (related._meta.db_table, related._meta.pk.column)
        if field.many_to_one and not self.many:
            return FacetSource(field.attname, value_field.column, label_field.column, *table)
        through = getattr(field.remote_field, "through", None)
        if field.many_to_many and self.many and through._meta.auto_created:
            return FacetSource(
                field.m2m_reverse_name(), value_field.column, label_field.column, *table,
                link=through._meta.db_table, link_row=field.m2m_column_name(),
            )  # fmt: skip
        return None

    def selected(self, value) -> list[tuple[str, str]]:
        """The chosen values, each with its label."""
        return [(item, item) for item in value]

    def option_sort_key(self, option: FacetOption):
        return match_key(option.label)

    def filter(self, qs, value):
        if not value:
            return qs
        condition = {f"{self.field_name}__in": self.lookup_values(value)}
        if self.many:
            return qs.filter(pk__in=qs.model._base_manager.filter(**condition).values("pk"))
        return qs.filter(**condition)


class ValuesFilter(FacetFilter):
    """Free-text values of a field (territories, communes…), each value its own label."""


class ChoicesFilter(FacetFilter):
    """Values of a field with ``choices``, labelled and ordered by them."""

    def __init__(self, field_name, *, choices, **kwargs):
        self.choices = list(choices)
        super().__init__(field_name, choices=self.choices, **kwargs)

    def label_of(self, value: str) -> str:
        return str(dict(self.choices).get(value, value))

    def selected(self, value):
        return [(item, self.label_of(item)) for item in value]

    def option_sort_key(self, option):
        order = [str(value) for value, _ in self.choices]
        return order.index(option.value) if option.value in order else len(order)


class RelatedFilter(FacetFilter):
    """Related objects named by their slugs in the URL (keywords, centres…).

    ``field_name`` is the relation; ``label_field`` names an option."""

    field_class = ObjectsField

    def __init__(self, field_name, *, queryset, to_field_name="slug", label_field="name", **kw):
        self.to_field_name, self.label_field = to_field_name, label_field
        super().__init__(field_name, queryset=queryset, to_field_name=to_field_name, **kw)

    @property
    def facet_value_path(self):
        return f"{self.field_name}__{self.to_field_name}"

    @property
    def facet_label_path(self):
        return f"{self.field_name}__{self.label_field}"

    def selected(self, value):
        return [(getattr(item, self.to_field_name), str(item)) for item in value]


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose facet filters also give option counts and removable chips.

    Subclasses may declare non-filtering inputs (a sort order) as filters whose ``filter``
    returns the queryset unchanged, and order the result in :meth:`order`."""

    def filter_queryset(self, queryset):
        return self.order(self.filtered(queryset))

    def filtered(self, queryset, *, without: str | None = None):
        """``queryset`` with every active filter but ``without``."""
        for name, value in self.cleaned_data.items():
            if name != without:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def order(self, queryset):
        return queryset

    @property
    def cleaned_data(self) -> dict:
        self.errors  # noqa: B018  (validates the form)
        return self.form.cleaned_data

    def facet_filters(self) -> dict[str, FacetFilter]:
        filters = self.filters.items()
        return {name: filter_ for name, filter_ in filters if isinstance(filter_, FacetFilter)}

    def facets(self) -> list[Facet]:
        """Every facet with its options (see :meth:`_facet_counts`)."""
        counts = self._facet_counts
        return [self.facet(name, counts.get(name, [])) for name in self.facet_filters()]

    @property
    def result_count(self) -> int:
        """How many rows the filters give, counted with the facets."""
        return self._facet_counts[None][0][2]

    @cached_property
    def _facet_counts(self) -> dict[str | None, list[tuple[str, str, int]]]:
        """Every facet's ``(value, label, count)`` rows, and the number of filtered rows
        (under ``None``), in a single query.

        The rows a facet counts are those of every active filter but its own: the same rows,
        the filtered rows, for every facet whose filter is not in use. Each distinct set of
        rows is read once, as a common table expression of each row's key and, for each facet
        not on a link table, its value or the key of the row that names it; every facet then
        counts from it by key (joining the narrow link table of a many-to-many one) and names
        its options after. A search is thus matched once, not once per facet, and no facet
        reads the wide rows of the table."""
        model, connection = self.queryset.model, connections[self.queryset.db]
        quote = connection.ops.quote_name
        names = list(self.facet_filters())
        sources = {name: self.filters[name].source(model) for name in names}
        columns = {}
        for index, name in enumerate(names):
            filter_, source = self.filters[name], sources[name]
            if source is None:
                columns[f"value_{index}"] = F(filter_.facet_value_path)
                columns[f"label_{index}"] = F(filter_.facet_label_path or filter_.facet_value_path)
            elif source.link is None:
                columns[f"key_{index}"] = F(source.key)
        # A value read through a to-many relation repeats a row in the expression.
        repeated = any(self.filters[name].many for name in names if sources[name] is None)
        rows_counted = "COUNT(DISTINCT row_key)" if repeated else "COUNT(*)"
        bases: dict[str | None, tuple[str, str, tuple]] = {}

        def base_for(without: str | None) -> str:
            if without not in bases:
                rows = self.filtered(self.queryset.all(), without=without).order_by()
                sql, params = rows.values(row_key=F("pk"), **columns).query.sql_with_params()
                bases[without] = (f"facet_rows_{len(bases)}", sql, params)
            return bases[without][0]

        parts = []
        for index, name in enumerate(names):
            base, source = base_for(name if self.cleaned_data.get(name) else None), sources[name]
            if source is None:
                parts.append(
                    f"SELECT {index}, CAST(value_{index} AS TEXT), CAST(label_{index} AS TEXT), "
                    f"{rows_counted} FROM {base} GROUP BY 2, 3"
                )
            elif source.table is None:
                parts.append(
                    f"SELECT {index}, CAST(key_{index} AS TEXT), CAST(key_{index} AS TEXT), "
                    f"{rows_counted} FROM {base} GROUP BY key_{index}"
                )
            else:
                # Counted by key first, named after: grouping by a number, not by names.
                if source.link is None:
                    keys = f"SELECT key_{index} AS entry_key, {rows_counted} AS n FROM {base} "
                    keys += f"GROUP BY key_{index}"
                else:
                    # One link per row and entry (the link table's unique constraint):
                    # counting the links counts the rows.
                    keys = (
                        f"SELECT link.{quote(source.key)} AS entry_key, COUNT(*) AS n "
                        f"FROM {base} INNER JOIN {quote(source.link)} link "
                        f"ON link.{quote(source.link_row)} = {base}.row_key "
                        f"GROUP BY link.{quote(source.key)}"
                    )
                parts.append(
                    f"SELECT {index}, CAST(entry.{quote(source.value_column)} AS TEXT), "
                    f"CAST(entry.{quote(source.label_column)} AS TEXT), "
                    f"CAST(SUM(counted.n) AS BIGINT) FROM ({keys}) counted "
                    f"INNER JOIN {quote(source.table)} entry "
                    f"ON entry.{quote(source.table_key)} = counted.entry_key GROUP BY 2, 3"
                )
        total = base_for(None)
        parts.append(f"SELECT -1, NULL, NULL, {rows_counted} FROM {total}")
        sql = "WITH {} {}".format(
            ", ".join(f"{alias} AS ({base_sql})" for alias, base_sql, _ in bases.values()),
            " UNION ALL ".join(parts),
        )
        params = [param for _, _, base_params in bases.values() for param in base_params]
        counts: dict[str | None, list[tuple[str, str, int]]] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for index, value, label, count in cursor.fetchall():
                counts.setdefault(names[index] if index >= 0 else None, []).append(
                    (value, label, count)
                )
        return counts

    def facet(self, name: str, rows: list[tuple[str, str, int]]) -> Facet:
        filter_ = self.filters[name]
        selected = dict(filter_.selected(self.cleaned_data.get(name, [])))
        counted = {}
        for value, label, count in rows:
            if value in (None, ""):
                continue
            if isinstance(filter_, ChoicesFilter):
                label = filter_.label_of(value)
            counted[str(value)] = (str(label), count)
        for value, label in selected.items():
            counted.setdefault(value, (label, 0))
        ids = set()
        options = []
        for value, (label, count) in counted.items():
            html_id = base_id = f"{name}-{slugify(value) or 'x'}"
            suffix = 2
            while html_id in ids:
                html_id, suffix = f"{base_id}-{suffix}", suffix + 1
            ids.add(html_id)
            options.append(FacetOption(value, label, count, value in selected, html_id))
        options.sort(key=filter_.option_sort_key)
        return Facet(name=name, label=str(filter_.label), options=options)

    def active_filters(self) -> list[ActiveFilter]:
        """A chip for each chosen value of each facet, in the facets' order."""
        chips = []
        for name, filter_ in self.facet_filters().items():
            for value, label in filter_.selected(self.cleaned_data.get(name, [])):
                chips.append(ActiveFilter(str(filter_.label), label, self.url_without(name, value)))
        return chips

    def url_without(self, name: str, value: str | None = None) -> str:
        """This list's URL without ``value`` of parameter ``name`` (without the parameter
        when ``value`` is None), back on the first page, empty parameters left out."""
        query = QueryDict(mutable=True)
        for key, values in self.data.lists():
            if key == "page" or (key == name and value is None):
                continue
            kept = [item for item in values if item.strip() and (key != name or item != value)]
            if kept:
                query.setlist(key, kept)
        path = self.request.path if self.request is not None else ""
        return f"{path}?{query.urlencode()}" if query else path or "?"

    @property
    def reset_url(self) -> str:
        return self.request.path if self.request is not None else "?"

    @property
    def has_active_filters(self) -> bool:
        return any(
            self.cleaned_data.get(name)
            for name, filter_ in self.filters.items()
            if isinstance(filter_, FacetFilter | django_filters.CharFilter)
        )
