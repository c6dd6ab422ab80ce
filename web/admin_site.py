"""The coordinators' workspace: Django's admin with French titles and the import page."""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from centres.permissions import can_import
from fiches.admin_import import SheetImportView

from .admin_desk import work_queues


class CatalogueAdminSite(admin.AdminSite):
    site_header = _("Actions des centres sociaux — espace de travail")
    site_title = _("Espace de travail")
    index_title = _("Fiches, centres et partenaires")
    index_template = "admin/catalogue_index.html"

    def each_context(self, request):
        return super().each_context(request) | {"can_import_sheets": can_import(request.user)}

    def index(self, request, extra_context=None):
        context = {"work_queues": work_queues(request, self), **(extra_context or {})}
        return super().index(request, context)

    def get_urls(self):
        import_view = SheetImportView.as_view(admin_site=self)
        return [
            path("fiches/import/", self.admin_view(import_view), name="fiches_import"),
            *super().get_urls(),
        ]
