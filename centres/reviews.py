"""The yearly review of the partner directory, as the Chantiers project sheet asks: when a
partner's page was last confirmed, and by whom (the partner itself, or a coordinator)."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import ReviewSource


def one_year_before(moment: datetime) -> datetime:
    """The same day and hour a year earlier (29 February becomes the 28th)."""
    try:
        return moment.replace(year=moment.year - 1)
    except ValueError:
        return moment.replace(year=moment.year - 1, day=28)


def review_due_condition(now: datetime | None = None) -> models.Q:
    """Never reviewed, or not for twelve months."""
    cutoff = one_year_before(now or timezone.now())
    return models.Q(last_reviewed_at__isnull=True) | models.Q(last_reviewed_at__lt=cutoff)


class YearlyReview(models.Model):
    last_reviewed_at = models.DateTimeField(
        _("dernière mise à jour confirmée le"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("La dernière fois que cette fiche a été vérifiée, par le partenaire ou "
                    "par un coordinateur."),
    )  # fmt: skip
    last_reviewed_by = models.CharField(
        _("confirmée par"), max_length=20, choices=ReviewSource, blank=True
    )
    # The coordinator who confirmed it; shown to staff only (a named person is published
    # only with consent), kept when the account goes.
    last_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coordinateur ayant confirmé"),
    )

    class Meta:
        abstract = True

    @property
    def review_due(self) -> bool:
        return self.last_reviewed_at is None or self.last_reviewed_at < one_year_before(
            timezone.now()
        )

    def mark_reviewed(self, *, by: str, user=None, now: datetime | None = None) -> None:
        """Records the confirmation on the instance (the caller saves it)."""
        self.last_reviewed_at = now or timezone.now()
        self.last_reviewed_by = by
        self.last_reviewer = user if by == ReviewSource.COORDINATOR else None


# The fields a confirmation writes.
REVIEW_FIELDS = ("last_reviewed_at", "last_reviewed_by", "last_reviewer")
