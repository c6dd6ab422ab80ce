"""Faceted filtering for the public lists, on top of django-filter.

A facet filter takes several values of one GET parameter (``?keyword=a&keyword=b``): OR within
a filter, AND across filters. Each option of a facet says how many rows it would give with
the other active filters, counted in one grouped query per facet. Values that match nothing
(a renamed keyword in a bookmark) are dropped rather than turned into an error, so that an
old URL still opens.
"""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Count
from django.http import QueryDict
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
        """Every facet with its options: one grouped query each."""
        return [self.facet(name) for name in self.facet_filters()]

    def facet(self, name: str) -> Facet:
        filter_ = self.filters[name]
        paths = [filter_.facet_value_path]
        if filter_.facet_label_path:
            paths.append(filter_.facet_label_path)
        rows = (
            self.filtered(self.queryset.all(), without=name)
            .order_by()
            .values(*paths)
            .annotate(facet_count=Count("pk", distinct=True))
        )
        selected = dict(filter_.selected(self.cleaned_data.get(name, [])))
        counted = {}
        for row in rows:
            value = row[filter_.facet_value_path]
            if value in (None, ""):
                continue
            label = row[filter_.facet_label_path] if filter_.facet_label_path else value
            if isinstance(filter_, ChoicesFilter):
                label = filter_.label_of(value)
            counted[str(value)] = (str(label), row["facet_count"])
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
