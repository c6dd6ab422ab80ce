"""A file uploaded on the admin's import page, kept between its dry run and its confirmation.

In the database rather than in the session or a file: the session is read on every request
(a 4.9 Mo dump made a 1.5 Mo session row, read by each page the coordinator opened after it),
and a temporary file lives on one machine, where the confirmation may reach a process on
another; the database is what every process of every machine shares, and unlike MEDIA_ROOT it
is not served to the public. Only the coordinator who uploaded a file reads it,
by the random token its report's confirmation carries; it goes on confirmation, on
cancellation, when the same coordinator uploads another file, and after a day.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A report older than this is stale: the catalogue has moved on since the dry run.
PENDING_IMPORT_LIFETIME = timedelta(days=1)


class PendingImportQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - PENDING_IMPORT_LIFETIME)

    def current(self, now=None):
        return self.filter(created_at__gte=(now or timezone.now()) - PENDING_IMPORT_LIFETIME)

    def forget(self, *, user) -> None:
        """Drops the file ``user`` left waiting, if any."""
        self.filter(user=user).delete()

    def hold(self, *, user, name: str, content: bytes, publication_state: str) -> str:
        """Keeps ``content`` for ``user`` in place of any file he left waiting, and drops
        everyone's expired files; returns the token that confirms it."""
        self.forget(user=user)
        self.expired().delete()
        token = secrets.token_urlsafe(32)
        self.create(
            token=token,
            user=user,
            name=name,
            content=content,
            publication_state=publication_state,
        )
        return token

    def take(self, *, user, token: str):
        """The file ``user`` left waiting under ``token``, removed so that it is confirmed
        once; None if there is none (confirmed, cancelled, replaced, expired, another's)."""
        pending = self.current().filter(user=user, token=token).first()
        if pending is None or not self.filter(pk=pending.pk).delete()[0]:
            return None  # a confirmation sent twice at once: the other one took it
        return pending


class PendingImport(models.Model):
    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    name = models.CharField(_("fichier"), max_length=255)
    content = models.BinaryField()
    publication_state = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = PendingImportQuerySet.as_manager()
    # Not the catalogue's content: writing it leaves the catalogue's version as it is.
    catalogue_content = False

    class Meta:
        verbose_name = _("import en attente de confirmation")
        verbose_name_plural = _("imports en attente de confirmation")

    def __str__(self) -> str:
        return self.name
