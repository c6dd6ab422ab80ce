"""Pages of a long, ordered list that read only the rows they show."""

from django.core.paginator import Paginator


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
        rows = self.object_list.filter(pk__in=keys).order_by().in_bulk()
        return self._get_page([rows[key] for key in keys if key in rows], number, self)
