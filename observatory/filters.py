"""The public list's filters, counted for the observatory's charts.

The observatory reads the list's own filters (``fiches.filters.ActionFilterSet``) from its
URL and counts in the list's own facet index (``core.facet_store``): a chart's count for an
option is what the list's facet says for it. That index also files each sheet under its
budget and its head count (one option per value), so that their distributions are counted
in memory too, never by a query per chart; one index per process serves both pages.
"""

from __future__ import annotations

from fiches.filters import ActionFilterSet


class ObservatoryFilterSet(ActionFilterSet):
    """The list's filters and its index, which files the figures' values too
    (``ActionFilterSet.counted_sources``)."""

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
