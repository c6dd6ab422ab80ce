"""The directory as open data: the published partners and the centres as data·inclusion
"structures" (``centres.structures``), in JSON and in CSV, whole.

Like the list's exports (``web.open_data``): the same for everyone (published partners only,
even to signed-in staff), streamed a chunk at a time, the licence and the documented shape
named in ``Link`` headers and in the JSON's head.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.functions import Lower
from django.http import StreamingHttpResponse
from django.templatetags.static import static
from django.views import View

from centres import structures
from centres.models import Centre, Partner
from core.spreadsheets import csv_lines

from .open_data import download, json_document


def structures_head(request) -> dict:
    return {
        "version": structures.STRUCTURES_SCHEMA_VERSION,
        "licence": {"name": settings.DATA_LICENCE_NAME, "url": settings.DATA_LICENCE_URL},
        "schema": request.build_absolute_uri(static(structures.STRUCTURES_SCHEMA_PATH)),
    }


def with_structure_links(response, request):
    schema = request.build_absolute_uri(static(structures.STRUCTURES_SCHEMA_PATH))
    response["Link"] = (
        f'<{settings.DATA_LICENCE_URL}>; rel="license", '
        f'<{schema}>; rel="describedby"; type="application/schema+json"'
    )
    return response


class StructureExportView(View):
    """A kind of structure, whole, in one format: subclasses say which and how."""

    file_name = ""
    as_csv = False

    def records(self):
        raise NotImplementedError

    def get(self, request):
        if self.as_csv:
            content = csv_lines(structures.csv_rows(self.records()))
            response = StreamingHttpResponse(content, content_type="text/csv; charset=utf-8")
        else:
            content = json_document(structures_head(request), self.records(), key="structures")
            response = StreamingHttpResponse(
                content, content_type="application/json; charset=utf-8"
            )
        return with_structure_links(download(response, self.file_name), request)


class PartnerExportView(StructureExportView):
    def records(self):
        partners = Partner.objects.published().order_by(Lower("name"), "pk")
        return structures.partner_structures(partners, absolute_url=self.request.build_absolute_uri)


class CentreExportView(StructureExportView):
    def records(self):
        centres = Centre.objects.order_by("departement", Lower("display_name"), "pk")
        return structures.centre_structures(centres, absolute_url=self.request.build_absolute_uri)
