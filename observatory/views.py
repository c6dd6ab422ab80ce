"""The observatory's page and each chart's data as CSV, for the list's filters."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView, View

from core.filters import EXPAND_PARAMETER
from fiches.models import Action

from .charts import CHARTS_BY_SLUG, build_chart, build_charts
from .filters import ObservatoryFilterSet

CSV_DELIMITER = ";"  # French spreadsheets read the comma as the decimal mark
BYTE_ORDER_MARK = "\ufeff"  # without it, a spreadsheet reads UTF-8 as Windows-1252


def observatory_filterset(request) -> ObservatoryFilterSet:
    """The list's filters from the request, over what the visitor may see in the list: the
    observatory counts the sheets the list would show them."""
    return ObservatoryFilterSet(
        request.GET, queryset=Action.objects.visible_to(request.user), request=request
    )


def filters_query(filterset: ObservatoryFilterSet) -> str:
    """The filters as a query string ("" for none), without an expanded facet."""
    return urlsplit(filterset.url_without(EXPAND_PARAMETER)).query


def with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


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
        out = io.StringIO()
        out.write(BYTE_ORDER_MARK)
        writer = csv.writer(out, delimiter=CSV_DELIMITER)
        writer.writerow(["libellé", "valeur", "fiches", "part des fiches (%)"])
        for row in built.rows:
            writer.writerow([row.label, row.value, row.count, row.share])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="observatoire-{chart}.csv"'
        response["Link"] = f'<{settings.DATA_LICENCE_URL}>; rel="license"'
        return response
