"""The public list's filters, counted for the observatory's charts.

The observatory reads the list's own filters (``fiches.filters.ActionFilterSet``) from its
URL, and counts in the same facet index engine (``core.facet_store``): a chart's count for
an option is what the list's facet says for it. Its index also files each sheet under its
budget and its head count (one option per value), so that their distributions are counted
in memory too, never by a query per chart.
"""

from __future__ import annotations

from django.utils.functional import cached_property

from core.facet_index import FacetIndex
from core.facet_store import FacetSource, index_for
from fiches.filters import ActionFilterSet
from fiches.models import Action
from parsing.figures import FIGURES


def _figure_source(field: str) -> FacetSource:
    column = Action._meta.get_field(field).column
    return FacetSource(field, column, column)


# Each figure's values, as options of a facet that is not a filter.
FIGURE_SOURCES = {figure.name: _figure_source(figure.value_field) for figure in FIGURES}


class ObservatoryFilterSet(ActionFilterSet):
    @cached_property
    def facet_index(self) -> FacetIndex:
        """The list's index, with the figures' values filed too. A separate index from the
        list's (it reads two more columns): the list stays on its covering index."""
        model = self.queryset.model
        sources = {name: filter_.source(model) for name, filter_ in self.facet_filters().items()}
        return index_for(self.queryset, sources | FIGURE_SOURCES)

    def counted(self, facet: str) -> list[tuple[str, str, int]]:
        """``(value, label, count)`` of each option of ``facet`` (a filter's or a figure's)
        among the sheets every active filter gives: a breakdown of the list's results."""
        return self.facet_index.counts(facet, self._filtered_rows)

    def label_of(self, facet: str, value: str, label: str) -> str:
        """An option's label as the list's facet shows it (a status by its choice)."""
        filter_ = self.filters.get(facet)
        if hasattr(filter_, "label_of"):
            return filter_.label_of(value)
        return label
