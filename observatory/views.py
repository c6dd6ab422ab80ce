"""The observatory's page and each chart's data as CSV, for the list's filters."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView, View

from core.spreadsheets import csv_lines
from fiches.filters import filters_query, with_query
from fiches.models import Action

from .charts import CHARTS_BY_SLUG, build_chart, build_charts
from .filters import ObservatoryFilterSet


def observatory_filterset(request) -> ObservatoryFilterSet:
    """The list's filters from the request, over what the visitor may see in the list: the
    observatory counts the sheets the list would show them."""
    return ObservatoryFilterSet(
        request.GET, queryset=Action.objects.visible_to(request.user), request=request
    )


class ObservatoryView(TemplateView):
    template_name = "observatory/observatory.html"

    def get_context_data(self, **kwargs):
        filterset = observatory_filterset(self.request)
        query = filters_query(filterset)
        facets = filterset.facets()
        charts = build_charts(filterset)
        for chart in charts:
            chart.csv_url = with_query(reverse("observatory:chart_csv", args=[chart.slug]), query)
        return super().get_context_data(
            filterset=filterset,
            facets=facets,
            has_filter_options=any(facet.options for facet in facets),
            active_filters=filterset.active_filters(),
            result_count=filterset.result_count,
            charts=charts,
            list_url=with_query(reverse("fiches:action_list"), query),
            **kwargs,
        )


class ChartCsvView(View):
    """A chart's table as CSV: UTF-8 with a BOM, ";" between columns; its licence in the
    ``Link`` header (a comment line would break a CSV reader) and on the page."""

    def get(self, request, chart):
        declaration = CHARTS_BY_SLUG.get(chart)
        if declaration is None:
            raise Http404
        filterset = observatory_filterset(request)
        built = build_chart(declaration, filterset, filterset.result_count)
        header = ["libellé", "valeur", "fiches", "part des fiches (%)"]
        rows = ([row.label, row.value, row.count, row.share] for row in built.rows)
        content = "".join(csv_lines([header, *rows]))
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="observatoire-{chart}.csv"'
        response["Link"] = f'<{settings.DATA_LICENCE_URL}>; rel="license"'
        return response
