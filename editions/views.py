"""The booklet's pages: printable HTML, PDF, and what changed since the previous edition.

Each takes ``?centre=<slug>`` (a centre's directory; every partner without it) and
``?edition=<number or year>`` (an edition as it was validated; the live directory without
it). A centre or an edition that does not exist is a 404, never an error.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.views.generic import TemplateView, View

from centres.models import Centre

from .booklet import Booklet, booklet_of, edition_entries, live_entries
from .changes import compare
from .models import DirectoryEdition


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
        if edition is None and self.centre is None and value.isdigit() and len(value) < 10:
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
        from .pdf import cached_pdf

        booklet = self.booklet()
        scope = (
            f"{self.centre.pk if self.centre else '-'}:{self.edition.pk if self.edition else '-'}"
        )
        pdf = cached_pdf(
            scope, lambda: render_to_string("editions/booklet_pdf.html", {"booklet": booklet})
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        name = slugify(booklet.title) or "outil-partenaires"
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response


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
