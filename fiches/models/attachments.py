"""The files attached to a fiche action in the workspace."""

from pathlib import PurePath

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..attachments import attachment_upload_to, validate_attachment, without_bidi_controls
from .actions import Action


class Attachment(models.Model):
    """A file a coordinator attached to a fiche action, downloadable from the public sheet."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("fiche action")
    )
    title = models.CharField(
        _("titre"),
        max_length=255,
        blank=True,
        help_text=_("Le texte du lien sur la fiche publique ; par défaut, le nom du fichier."),
    )
    file = models.FileField(
        _("fichier"),
        upload_to=attachment_upload_to,
        max_length=255,
        validators=[validate_attachment],
        help_text=_("PDF, image ou document bureautique, 10 Mo au plus."),
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("déposé par"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fichier joint")
        verbose_name_plural = _("fichiers joints")
        ordering = ["action", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Bidi controls would make a title read otherwise than it is ("exe.pdf" as "fdp.exe").
        self.title = without_bidi_controls(self.title).strip()
        if not self.title:
            # Before the first save the file still has the name it was uploaded under.
            self.title = without_bidi_controls(PurePath(self.file.name).stem).strip()[:255]
        replaced = self._stored_file_name() if self.pk else None
        super().save(*args, **kwargs)
        if replaced and replaced != self.file.name:
            # A replaced file goes once the change is committed, as a deleted one does: nothing
            # stays downloadable by its old URL, and a rolled back change keeps it.
            storage = self.file.storage
            transaction.on_commit(lambda: storage.delete(replaced))

    def get_absolute_url(self) -> str:
        """Its address under its sheet's (``web.views.AttachmentView``), which applies the
        sheet's publication rules; the name at the end is for the reader's download."""
        kwargs = {"slug": self.action.slug, "pk": self.pk, "filename": self.download_name}
        return reverse("fiches:action_attachment", kwargs=kwargs)

    @property
    def download_name(self) -> str:
        """The name it is downloaded under: its title's, with its type's extension."""
        stem = slugify(without_bidi_controls(self.title))[:80].strip("-") or "fichier"
        return f"{stem}.{self.extension.lower()}"

    def _stored_file_name(self) -> str | None:
        return Attachment.objects.filter(pk=self.pk).values_list("file", flat=True).first()

    @property
    def extension(self) -> str:
        return PurePath(self.file.name).suffix.lstrip(".").upper()
