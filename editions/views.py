"""The booklet's pages: printable HTML, PDF, and what changed since the previous edition.

Each takes ``?centre=<slug>`` (a centre's directory; every partner without it) and
``?edition=<number or year>`` (an edition as it was validated; the live directory without
it). A centre or an edition that does not exist is a 404, never an error.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.views.generic import TemplateView, View

from centres.models import Centre

from .booklet import Booklet, booklet_of, edition_entries, live_entries
from .changes import compare
from .models import DirectoryEdition, is_number

# An edition's PDF does not change: kept a day.
EDITION_PDF_SECONDS = 24 * 3600
BUSY = (
    "Le livret est en cours de préparation pour d'autres lecteurs : "
    "réessayez dans quelques secondes."
)


class BookletScopeMixin:
    """The centre and the edition the address names."""

    def dispatch(self, request, *args, **kwargs):
        slug = request.GET.get("centre", "")
        self.centre = get_object_or_404(Centre, slug=slug) if slug else None
        self.edition = self.named_edition(request.GET.get("edition", ""))
        if self.edition is not None:
            self.centre = self.edition.centre
        return super().dispatch(request, *args, **kwargs)

    def named_edition(self, value: str) -> DirectoryEdition | None:
        if not value:
            return None
        editions = DirectoryEdition.objects.select_related("centre")
        edition = editions.of_centre(self.centre).named_by(value)
        if edition is None and self.centre is None and is_number(value):
            edition = editions.filter(pk=int(value)).first()  # any edition by its number
        if edition is None:
            raise Http404("Aucune édition de cet annuaire ne porte ce nom.")
        return edition

    def booklet(self) -> Booklet:
        return booklet_of(self.centre, self.edition, timezone.localdate())

    def scope_query(self) -> str:
        parts = [f"centre={self.centre.slug}"] if self.centre else []
        return "&".join([*parts, f"edition={self.edition.pk}"] if self.edition else parts)

    def editions(self):
        return DirectoryEdition.objects.of_centre(self.centre).select_related("centre")


class BookletView(BookletScopeMixin, TemplateView):
    template_name = "editions/booklet.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            booklet=self.booklet(),
            scope_query=self.scope_query(),
            editions=self.editions().latest_first(),
            **kwargs,
        )


class BookletPdfView(BookletScopeMixin, View):
    def get(self, request):
        # WeasyPrint loads Pango, a system library, when imported: only this view needs it,
        # so the rest of the site starts and serves without it.
        from . import pdf

        title = self.booklet_title()
        if self.edition is not None:
            key, seconds = pdf.edition_key(self.edition.pk, title), EDITION_PDF_SECONDS
        else:
            key = pdf.live_key(self.centre.pk if self.centre else None)
            seconds = settings.PAGE_CACHE_SECONDS
        try:
            content = pdf.booklet_pdf(key, self.render_html, seconds=seconds)
        except pdf.BookletBusy:
            busy = HttpResponse(BUSY, status=503, content_type="text/plain; charset=utf-8")
            busy["Retry-After"] = "10"
            return busy
        response = HttpResponse(content, content_type="application/pdf")
        name = slugify(title) or "outil-partenaires"
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response

    def booklet_title(self) -> str:
        return Booklet(self.centre, self.edition, [], timezone.localdate()).title

    def render_html(self) -> str:
        return render_to_string("editions/booklet_pdf.html", {"booklet": self.booklet()})


class BookletChangesView(BookletScopeMixin, TemplateView):
    """An edition against the one before it; without an edition, the live directory against
    the latest edition."""

    template_name = "editions/booklet_changes.html"

    def get_context_data(self, **kwargs):
        if self.edition is not None:
            after, after_entries = self.edition, edition_entries(self.edition)
            before = self.edition.previous()
        else:
            after, after_entries = None, live_entries(self.centre)
            before = self.editions().latest_first().first()
        changes = compare(edition_entries(before), after_entries) if before else None
        return super().get_context_data(
            centre=self.centre,
            before=before,
            after=after,
            changes=changes,
            scope_query=self.scope_query(),
            **kwargs,
        )
