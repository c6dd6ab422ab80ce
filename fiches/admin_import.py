"""Importing a dump from the browser: upload, read the dry-run report, confirm.

The same service as ``manage.py import_sheets`` does the work (``fiches.importing``).
Between the two steps the uploaded file waits in the database (``PendingImport``: why there
rather than in the session or a temporary file is told with the model), capped at 5 Mo. The
confirmation carries the random token naming the file whose report it shows, so an old tab
cannot confirm another file, nor another coordinator this one.
"""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views import View

from centres.permissions import can_import
from core.publication import PublicationState

from .importing import import_bytes
from .models import Action, PendingImport

MAX_DUMP_SIZE = 5 * 1024 * 1024
AUTOMATIC_STATE = _("Automatique : publiées pour un dump de l'observatoire, brouillons sinon")


class SheetImportForm(forms.Form):
    dump = forms.FileField(
        label=_("Fichier à importer"),
        help_text=_("Un dump de fiches actions de l'observatoire ou une fiche projet, en texte "
                    "(UTF-8, UTF-16, Windows-1252 ou Latin-1) ; 5 Mo au plus."),
    )  # fmt: skip
    publication_state = forms.ChoiceField(
        label=_("État des fiches créées"),
        required=False,
        choices=[("", AUTOMATIC_STATE), *PublicationState.choices],
    )

    def clean_dump(self):
        dump = self.cleaned_data["dump"]
        if dump.size > MAX_DUMP_SIZE:
            raise forms.ValidationError(
                _("Le fichier pèse %(size)s ; %(max)s au plus."),
                params={"size": filesizeformat(dump.size), "max": filesizeformat(MAX_DUMP_SIZE)},
            )
        return dump


class SheetImportView(View):
    """Coordinators only: a centre's team answers 403 (an import touches every centre)."""

    admin_site = None
    template_name = "admin/fiches/import.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        PendingImport.objects.forget(user=request.user)
        return self.render(request, form=SheetImportForm())

    def post(self, request):
        if "confirm" in request.POST:
            return self.confirm(request)
        if "cancel" in request.POST:
            PendingImport.objects.forget(user=request.user)
            messages.info(request, _("Import annulé : rien n'a été écrit."))
            return redirect("admin:fiches_import")
        return self.dry_run(request)

    def dry_run(self, request):
        PendingImport.objects.forget(user=request.user)
        form = SheetImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form=form)
        upload = form.cleaned_data["dump"]
        source = Path(upload.name).name
        state = form.cleaned_data["publication_state"]
        content = upload.read()
        report = import_bytes(
            data=content, source=source, dry_run=True, publication_state=state or None
        )
        token = ""
        if report.ok:
            token = PendingImport.objects.hold(
                user=request.user, name=source, content=content, publication_state=state
            )
        return self.render(request, form=SheetImportForm(), report=report, token=token)

    def confirm(self, request):
        pending = PendingImport.objects.take(user=request.user, token=request.POST.get("token", ""))
        if pending is None:
            messages.error(
                request,
                _("Cet import n'est plus en attente (déjà confirmé, annulé, remplacé par un "
                  "autre fichier ou trop ancien) : déposez le fichier à nouveau."),
            )  # fmt: skip
            return redirect("admin:fiches_import")
        report = import_bytes(
            data=bytes(pending.content),
            source=pending.name,
            dry_run=False,
            publication_state=pending.publication_state or None,
        )
        if report.ok:
            messages.success(request, _("Import de %(source)s terminé.") % {"source": pending.name})
        return self.render(request, form=SheetImportForm(), report=report, done=True)

    def render(self, request, **context):
        return TemplateResponse(
            request,
            self.template_name,
            {
                **self.admin_site.each_context(request),
                "title": _("Importer des fiches"),
                "opts": Action._meta,
                "report": None,
                "token": "",
                "done": False,
                **context,
            },
        )
