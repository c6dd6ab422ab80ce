"""Faceted filtering for the public lists, on top of django-filter.

A facet filter takes several values of one GET parameter (``?keyword=a&keyword=b``): OR within
a filter, AND across filters. Each option of a facet says how many rows it would give with
the other active filters; every facet is counted in memory (``facet_index``), which counts
the rows too. The values are read leniently (``filter_fields``): an old URL still opens.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import django_filters
from django.core.exceptions import ImproperlyConfigured
from django.db.models.constants import LOOKUP_SEP
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import get_language

from parsing.naming import match_key

from .facet_index import FacetIndex, Ranking
from .facet_store import FacetSource, index_for
from .filter_fields import ObjectsField, ValuesField
from .recent import Recent

# The orders a list's page can be read in from the facet index (``page_keys``).
ORDER_OF_SCOPE, ORDER_OF_RANK = "scope", "rank"
# Beyond this many options a facet shows the chosen and the most frequent ones, and a link to
# the others (``?toutes=<facet>``).
FACET_OPTIONS_SHOWN = 10
EXPAND_PARAMETER = "toutes"


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    html_id: str


@dataclass(frozen=True)
class Facet:
    """A facet and the options it shows; ``hidden`` more are a link (``expand_url``) away."""

    name: str
    label: str
    options: list[FacetOption]
    hidden: int = 0
    expand_url: str = ""
    expanded: bool = False


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

    def source(self, model) -> FacetSource | None:
        """Where this facet is counted from the keys of its rows, for a field of the row, a
        field of a row it points to, or a field of an entry linked by Django's own link
        table; None for any other path, which cannot be a facet."""
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


# The facets last shown by this process, by what they show (see ``FacetedFilterSet.facet``),
# each keyed by all its counts: those of the busiest pages, and apart, fewer of those of
# many options (2,000 centres: some 200 kB kept per facet).
_facets_shown: Recent[Facet] = Recent(256)
_facets_of_many_options_shown: Recent[Facet] = Recent(32)
MANY_OPTIONS = 100

# Each filter set class's form class (``FacetedFilterSet.get_form_class``).
_form_classes: dict[type, type] = {}


class DeclaredFilters(dict):
    """A filter set's filters as its class declares them, which django-filter deep-copies
    for each filter set it makes: each is copied once, shallowly, its form field left to
    the copy to make. What a filter holds is its declaration, which no request changes (a
    request sets its copy's model and parent). Deep copies (a queryset, choices, labels,
    the arguments of each form field) took a tenth of the time a list's page took after
    an edit."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, filter_ in self.items():
            copies[name] = copied = copy.copy(filter_)
            copied.__dict__.pop("_field", None)
            # A filter by a method of its filter set calls it through an object bound to
            # the filter: bound again, to the copy, whose parent is that filter set.
            copied.method = filter_.method
        return copies


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose facet filters also give option counts and removable chips.

    Subclasses may declare non-filtering inputs (a sort order) as filters whose ``filter``
    returns the queryset unchanged, and order the result in :meth:`order`."""

    # Columns the facet index also files rows under, with no filter of their own, for a page
    # that breaks the same results down (the observatory): one index a process keeps.
    counted_sources: dict[str, FacetSource] = {}

    # The tables whose writes change a list's page only through :meth:`page_facts`.
    tables_covered_by_page_facts: frozenset[str] = frozenset()

    @classmethod
    def get_filters(cls):
        return DeclaredFilters(super().get_filters())

    def get_form_class(self):
        # django-filter makes a form class for each filter set: its fields are declared by
        # the filters, the same for every request, so one class per filter set class
        # serves (each form copies the class's fields, as any Django form does).
        form_class = _form_classes.get(type(self))
        if form_class is None:
            form_class = _form_classes[type(self)] = super().get_form_class()
        return form_class

    def filter_queryset(self, queryset):
        return self.order(self.filtered(queryset))

    def page_facts(self) -> tuple:
        """What a page of the list shows that depends on the catalogue, besides its rows,
        their number, the facets and the chips (``core.page_renderings``)."""
        return ()

    def filtered(self, queryset, *, facets: bool = True):
        """``queryset`` with every active filter, or without the facets' filters."""
        facet_names = set() if facets else set(self.facet_filters())
        for name, value in self.cleaned_data.items():
            if name not in facet_names:
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

    def counted_options(self, name: str) -> list[FacetOption]:
        """Every option of facet ``name`` that gives rows, with its count, the most frequent
        first (then by label)."""
        options = [
            FacetOption(str(value), str(label), count, selected=False, html_id="")
            for value, label, count in self._facet_counts.get(name, [])
            if value not in (None, "")
        ]
        return sorted(options, key=lambda option: (-option.count, match_key(option.label)))

    @property
    def result_count(self) -> int:
        """How many rows the filters give, counted with the facets."""
        return self._facet_counts[None][0][2]

    @cached_property
    def _facet_counts(self) -> dict[str | None, list[tuple[str, str, int]]]:
        """Every facet's ``(value, label, count)`` rows, and the number of filtered rows
        (under ``None``), counted in the list's facet index (``facet_index``).

        A facet counts the rows of every active filter but its own. Filters that are not
        facets (a search) are run in the database once, for the keys of the rows they give."""
        counts: dict[str | None, list[tuple[str, str, int]]] = {}
        for name in self.facet_filters():
            rows = self._narrowed.rows
            for other, under in self._chosen.items():
                if other != name:
                    rows &= under
            counts[name] = self.facet_index.counts(name, rows)
        counts[None] = [(None, None, self._filtered_rows.bit_count())]
        return counts

    @cached_property
    def _chosen(self) -> dict[str, int]:
        """The rows under the chosen options of each facet in use."""
        chosen = {}
        for name, filter_ in self.facet_filters().items():
            if self.cleaned_data.get(name):
                values = [value for value, _ in filter_.selected(self.cleaned_data[name])]
                chosen[name] = self.facet_index.rows_under(name, values)
        return chosen

    @cached_property
    def _filtered_rows(self) -> int:
        """The rows every active filter gives."""
        rows = self._narrowed.rows
        for under in self._chosen.values():
            rows &= under
        return rows

    @cached_property
    def _narrowed(self) -> Ranking:
        """The rows the filters that are not facets give (a search), with their order if
        those filters rank them: worked out once per search and then patched with the
        index, as a search is paged and refined by facets."""
        index = self.facet_index
        narrowing = self.narrowing()
        if not narrowing:
            return Ranking(index.everything)
        return index.narrowed(narrowing, lambda keys: self.narrowed_rows(index, only=keys))

    def narrowing(self) -> tuple:
        """What the filters that are not facets ask for: the key under which the facet
        index remembers what they give (``FacetIndex.narrowed``); empty when none is in
        use."""
        return tuple(
            (name, repr(self.cleaned_data[name]))
            for name, filter_ in self.filters.items()
            if self._narrows(name, filter_)
        )

    def narrowed_rows(self, index: FacetIndex, *, only=None) -> Ranking | list:
        """What the filters that are not facets give: a :class:`Ranking` of the scope, or
        for ``only`` these keys, the keys among them they give (``(key, score)`` pairs for
        filters that rank them)."""
        queryset = self.queryset.all() if only is None else self.queryset.filter(pk__in=only)
        keys = [
            key for (key,) in self.filtered(queryset, facets=False).order_by().values_list("pk")
        ]
        return Ranking(index.rows_of(keys)) if only is None else list(keys)

    def page_keys(self, start: int, stop: int) -> list | None:
        """The keys of the filtered rows from ``start`` to before ``stop``, in the list's
        order, when the index knows that order (:meth:`order_in_memory`): the database then
        only reads the rows of the page. None when the database orders them."""
        order, ranked = self.order_in_memory(), self._narrowed.positions
        if order == ORDER_OF_SCOPE:
            return self.facet_index.first_rows(self._filtered_rows, start, stop)
        if order == ORDER_OF_RANK and ranked is not None:
            return self.facet_index.first_rows(self._filtered_rows, start, stop, order=ranked)
        return None

    def order_in_memory(self) -> str | None:
        """:data:`ORDER_OF_SCOPE` when the list is in the order of the rows it starts from,
        :data:`ORDER_OF_RANK` when in the order its search ranks them, None otherwise."""
        return None

    @cached_property
    def facet_index(self) -> FacetIndex:
        """The index of the list's scope (the queryset the filters start from)."""
        model = self.queryset.model
        sources = {}
        for name, filter_ in self.facet_filters().items():
            sources[name] = filter_.source(model)
            if sources[name] is None:
                raise ImproperlyConfigured(
                    f"{type(self).__name__}.{name} : « {filter_.field_name} » ne peut pas "
                    "être compté dans l'index des facettes"
                )
        return index_for(self.queryset, sources | dict(self.counted_sources))

    def _narrows(self, name: str, filter_) -> bool:
        """Whether ``filter_`` is a filter other than a facet, and in use."""
        return (
            not isinstance(filter_, FacetFilter)
            and bool(self.cleaned_data.get(name))
            and getattr(filter_, "narrows", True)
        )

    def facet(self, name: str, rows: list[tuple[str, str, int]]) -> Facet:
        """The facet ``name`` showing the options of ``rows``. It is kept: the same counts,
        choices and address give the facet shown before. Most edits leave the counts as
        they were, and a page rendered again after one then makes none of its facets anew
        (2,000 centres sorted, an element's id and an address for each option)."""
        filter_ = self.filters[name]
        selected = dict(filter_.selected(self.cleaned_data.get(name, [])))
        # The address gives the expanding link and whether the facet is expanded; the labels
        # of choices and facet are translated.
        key = (type(self), name, tuple(rows), tuple(selected.items()), self._address)
        key += (get_language(),)
        kept = _facets_of_many_options_shown if len(rows) > MANY_OPTIONS else _facets_shown
        facet = kept.get(key)
        if facet is None:
            facet = self._facet(name, rows, filter_, selected)
            kept.put(key, facet)
        return facet

    @cached_property
    def _address(self) -> tuple:
        return (self._path, tuple((name, tuple(values)) for name, values in self.data.lists()))

    @property
    def _path(self) -> str:
        return self.request.path if self.request is not None else ""

    def _facet(self, name, rows, filter_, selected: dict) -> Facet:
        counted = {}
        for value, label, count in rows:
            if value in (None, ""):
                continue
            if isinstance(filter_, ChoicesFilter):
                label = filter_.label_of(value)
            counted[str(value)] = (str(label), count)
        for value, label in selected.items():
            counted.setdefault(value, (label, 0))
        expanded = name in self.data.getlist(EXPAND_PARAMETER)
        hidden = 0
        if not expanded and len(counted) > FACET_OPTIONS_SHOWN:
            # The chosen options, then the most frequent: 2,000 centres help nobody.
            by_count = sorted(
                counted, key=lambda value: (value not in selected, -counted[value][1], value)
            )
            shown = by_count[: max(FACET_OPTIONS_SHOWN, len(selected))]
            hidden = len(counted) - len(shown)
            counted = {value: counted[value] for value in shown}
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
        return Facet(
            name,
            str(filter_.label),
            options,
            hidden=hidden,
            expand_url=self.url_with(EXPAND_PARAMETER, name) if hidden else "",
            expanded=expanded and len(options) > FACET_OPTIONS_SHOWN,
        )

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
        path = self._path
        return f"{path}?{query.urlencode()}" if query else path or "?"

    def url_with(self, name: str, value: str) -> str:
        """This list's URL with ``value`` added to parameter ``name``."""
        query = self.data.copy()
        if value not in query.getlist(name):
            query.appendlist(name, value)
        return f"{self._path}?{query.urlencode()}"

    @property
    def reset_url(self) -> str:
        return self.request.path if self.request is not None else "?"
