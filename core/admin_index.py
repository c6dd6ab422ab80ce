"""The coordinators' change lists, counted and paged like the public lists.

Django's change list counts its rows (``COUNT(*)`` over the table, twice) and orders them in
SQL on every page; searched, it scans every row's texts. At 100,000 sheets that took seconds.
Unfiltered or only searched, in its default order, a change list is read here from the index
of its scope (``core.facet_store``, kept current with each edit): the count is a bit count,
the page's keys come from the index, the search is the model's own search engine (the one
the public list uses), ranked once then remembered and patched. With any other filter or
order, Django's own path runs.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.views.main import (
    ALL_VAR,
    ERROR_FLAG,
    IS_POPUP_VAR,
    PAGE_VAR,
    SEARCH_VAR,
    TO_FIELD_VAR,
    ChangeList,
)
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .facet_index import FacetIndex, Ranking
from .facet_store import index_for
from .pagination import KeysFirstPaginator

# Parameters that neither filter nor order the rows.
NEUTRAL_PARAMETERS = {PAGE_VAR, SEARCH_VAR, ALL_VAR, IS_POPUP_VAR, TO_FIELD_VAR, ERROR_FLAG}


class IndexedChangeList(ChangeList):
    def is_indexed(self, request) -> bool:
        return not (set(request.GET) - NEUTRAL_PARAMETERS) and not self.has_active_filters

    def get_results(self, request):
        if not self.is_indexed(request):
            return super().get_results(request)
        scope = self.root_queryset.order_by(*self._get_default_ordering())
        index = index_for(scope, {})
        rows = self.searched_rows(index, using=scope.db).rows
        paginator = KeysFirstPaginator(scope, self.list_per_page)
        paginator.count = rows.bit_count()
        paginator.page_keys = lambda start, stop: index.first_rows(rows, start, stop)
        self.result_count = paginator.count
        self.show_full_result_count = self.model_admin.show_full_result_count
        self.full_result_count = index.size
        self.show_admin_actions = True
        self.can_show_all = self.result_count <= self.list_max_show_all
        self.multi_page = self.result_count > self.list_per_page
        if self.show_all and self.can_show_all:
            keys = index.first_rows(rows, 0, self.result_count)
            found = self.apply_select_related(scope.filter(pk__in=keys)).in_bulk()
            self.result_list = [found[key] for key in keys if key in found]
        else:
            number = self.page_num if self.multi_page else 1
            paginator.object_list = self.apply_select_related(scope)
            self.result_list = paginator.page(number).object_list
        self.paginator = paginator

    def searched_rows(self, index: FacetIndex, *, using: str) -> Ranking:
        if not self.query:
            return Ranking(index.everything)
        return index.narrowed(
            ("admin-search", self.query),
            lambda keys: self.model_admin.indexed_search(index, self.query, using=using, only=keys),
        )


class IndexedChangeListMixin:
    """A ModelAdmin whose change list is read from its scope's index when it can: it says
    how its search ranks rows (:meth:`indexed_search`)."""

    show_full_result_count = False

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        """Django's column of checkboxes, written as its widget renders it: rendering a
        page's widgets through the form renderer took a quarter of the page's time."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )

    def get_changelist(self, request, **kwargs):
        return IndexedChangeList

    def indexed_search(self, index: FacetIndex, term: str, *, using: str, only=None):
        """A :class:`Ranking` of the scope's rows for ``term``, or with ``only``, the
        ``(key, score)`` pairs of those keys that match it."""
        raise NotImplementedError
