"""Importing a dump from the browser: upload, read the dry-run report, confirm.

The same service as ``manage.py import_sheets`` does the work (``fiches.importing``). Between
the two steps the uploaded text waits in the coordinator's session, not in a file: sessions
are stored server side (database backend), readable by that user only, and expire with it,
whereas MEDIA_ROOT is served to the public and a forgotten temporary file would stay there.
A dump is small (the observatory's whole export is 80 ko); the upload is capped at 5 Mo.
The confirmation carries a random token naming the dry run it confirms, so an old tab cannot
confirm a file other than the one whose report it shows.
"""

import secrets
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

from .importing import FileReport, SheetImportError, import_text
from .importing.files import decode_text
from .models import Action

MAX_DUMP_SIZE = 5 * 1024 * 1024
PENDING_IMPORT_KEY = "fiches.pending_import"
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
        request.session.pop(PENDING_IMPORT_KEY, None)
        return self.render(request, form=SheetImportForm())

    def post(self, request):
        if "confirm" in request.POST:
            return self.confirm(request)
        if "cancel" in request.POST:
            request.session.pop(PENDING_IMPORT_KEY, None)
            messages.info(request, _("Import annulé : rien n'a été écrit."))
            return redirect("admin:fiches_import")
        return self.dry_run(request)

    def dry_run(self, request):
        request.session.pop(PENDING_IMPORT_KEY, None)
        form = SheetImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form=form)
        upload = form.cleaned_data["dump"]
        source = Path(upload.name).name
        state = form.cleaned_data["publication_state"] or None
        try:
            decoded = decode_text(upload.read(), source=source)
        except SheetImportError as error:
            report = FileReport(path=source, dry_run=True, error=str(error))
        else:
            report = import_text(
                text=decoded.text,
                source=source,
                encoding=decoded.encoding,
                dry_run=True,
                publication_state=state,
            )
        token = ""
        if report.ok:
            token = secrets.token_urlsafe(16)
            request.session[PENDING_IMPORT_KEY] = {
                "token": token,
                "source": source,
                "text": decoded.text,
                "encoding": decoded.encoding,
                "publication_state": state,
            }
        return self.render(request, form=SheetImportForm(), report=report, token=token)

    def confirm(self, request):
        pending = request.session.get(PENDING_IMPORT_KEY)
        if not pending or not secrets.compare_digest(
            pending["token"], request.POST.get("token", "")
        ):
            messages.error(
                request,
                _("Cet import n'est plus en attente (déjà confirmé, annulé ou remplacé par un "
                  "autre fichier) : déposez le fichier à nouveau."),
            )  # fmt: skip
            return redirect("admin:fiches_import")
        del request.session[PENDING_IMPORT_KEY]
        report = import_text(
            text=pending["text"],
            source=pending["source"],
            encoding=pending["encoding"],
            dry_run=False,
            publication_state=pending["publication_state"],
        )
        if report.ok:
            messages.success(request, _("Import de %(source)s terminé.") % pending)
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
