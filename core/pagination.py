"""Pages of a long, ordered list that read only the rows they show."""

from collections.abc import Sequence

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class KeysFirstPaginator(Paginator):
    """Finds the keys of the page's rows first, then reads those rows.

    The keys come from ``page_keys(start, stop)`` when the list's facet index knows its
    order (``FacetedFilterSet.page_keys``); otherwise the database orders and slices the
    list's keys in a subquery, sorting narrow keys (from an index when it can) rather than
    whole rows. Either way, what a row costs beyond its key (a search's headline) is paid for
    the rows shown only. The list must be ordered by unique keys."""

    page_keys = None

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.page_keys(bottom, top) if self.page_keys is not None else None
        if keys is None:
            page_keys = self.object_list.values("pk")[bottom:top]
            return self._get_page(self.object_list.filter(pk__in=page_keys), number, self)
        return self._get_page(RowsOfKeys(self.object_list, keys), number, self)


class RowsOfKeys(Sequence):
    """The rows of ``queryset`` with these ``keys``, in their order, read when first used: a
    page that an earlier rendering stands for (``core.page_cache``) needs only the keys."""

    def __init__(self, queryset, keys: list):
        self.queryset = queryset
        self.keys = keys

    @cached_property
    def rows(self) -> list:
        found = self.queryset.filter(pk__in=self.keys).order_by().in_bulk()
        return [found[key] for key in self.keys if key in found]

    def __getitem__(self, index):
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)
