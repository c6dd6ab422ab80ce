"""Pages of a long, ordered list that read only the rows they show."""

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    """Orders and slices the list's primary keys first, in a subquery, then reads the page's
    rows: the database sorts narrow keys (from an index when it can) rather than whole rows,
    and what a row costs beyond its keys (a search's rank recomputed for the page, its
    headline) is paid for the rows shown only. The list must be ordered by unique keys."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        page_keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=page_keys), number, self)
