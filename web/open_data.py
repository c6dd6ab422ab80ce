"""The catalogue as open data: the list of actions in CSV and JSON, with the list's own filters
(``/actions/export.csv?keyword=sante``), and each sheet in JSON (``/actions/<slug>.json``).

Only published sheets, whoever asks: an export is the same for everyone and may be kept by
anyone. The lists stream, read a chunk of sheets at a time (``fiches.export``), so that an
export of the whole catalogue never holds it in memory. Every response names its licence and
its documented shape in ``Link`` headers (a CSV has no place for them, a JSON has both too).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.views import View

from core.spreadsheets import csv_lines
from fiches.export import (
    EXPORT_FORMAT_VERSION,
    EXPORT_SCHEMA_PATH,
    csv_rows,
    export_record,
    export_records,
)
from fiches.filters import ActionFilterSet, filters_query, with_query
from fiches.models import Action


def public_filterset(request) -> ActionFilterSet:
    """The list's filters, from the request, over the published sheets only."""
    return ActionFilterSet(request.GET, queryset=Action.objects.published(), request=request)


@dataclass(frozen=True)
class OpenDataLinks:
    """The same list as data: what the list page links to for its current filters."""

    csv: str
    json: str
    feed: str
    observatory: str


def open_data_links(filterset: ActionFilterSet) -> OpenDataLinks:
    query = filters_query(filterset)
    return OpenDataLinks(
        csv=with_query(reverse("fiches:action_export_csv"), query),
        json=with_query(reverse("fiches:action_export_json"), query),
        feed=with_query(reverse("fiches:action_feed"), query),
        observatory=with_query(reverse("observatory:observatory"), query),
    )


def document_head(request) -> dict:
    """What opens every JSON document: its version, its licence, the schema it follows."""
    return {
        "version": EXPORT_FORMAT_VERSION,
        "licence": {"name": settings.DATA_LICENCE_NAME, "url": settings.DATA_LICENCE_URL},
        "schema": request.build_absolute_uri(static(EXPORT_SCHEMA_PATH)),
    }


def with_data_links(response, request):
    """Names the data's licence and the documented shape of its JSON (RFC 8288)."""
    schema = request.build_absolute_uri(static(EXPORT_SCHEMA_PATH))
    response["Link"] = (
        f'<{settings.DATA_LICENCE_URL}>; rel="license", '
        f'<{schema}>; rel="describedby"; type="application/schema+json"'
    )
    return response


def download(response, file_name: str):
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def json_document(head: dict, records, *, key: str = "actions"):
    """``head`` then ``"<key>": [records…]``, one JSON object, written a record at a time."""
    yield json.dumps(head, ensure_ascii=False)[:-1] + f', "{key}": ['
    separator = ""
    for record in records:
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n"
    yield "]}\n"


class ActionExportView(View):
    """The list's sheets for its filters and in its order, as one file."""

    def records(self):
        filterset = public_filterset(self.request)
        return export_records(filterset.qs, absolute_url=self.request.build_absolute_uri)


class ActionCsvExportView(ActionExportView):
    def get(self, request):
        response = StreamingHttpResponse(
            csv_lines(csv_rows(self.records())), content_type="text/csv; charset=utf-8"
        )
        return with_data_links(download(response, "fiches-actions.csv"), request)


class ActionJsonExportView(ActionExportView):
    def get(self, request):
        response = StreamingHttpResponse(
            json_document(document_head(request), self.records()),
            content_type="application/json; charset=utf-8",
        )
        return with_data_links(download(response, "fiches-actions.json"), request)


class ActionJsonView(View):
    """One published sheet as data, in the exports' shape."""

    def get(self, request, slug):
        action = get_object_or_404(Action.objects.published().for_export(), slug=slug)
        record = export_record(action, url=request.build_absolute_uri(action.get_absolute_url()))
        response = JsonResponse(
            {**document_head(request), "action": record},
            json_dumps_params={"ensure_ascii": False},
        )
        return with_data_links(response, request)
