"""Editions of the « Outil Partenaires » and the partner meetings.

An edition is the directory as the elected official validated it: every published partner's
public fields at that moment, kept as they were (a JSON snapshot per partner), so that later
edits of the partners change the live directory, never a past edition. Editions are written
once, by :func:`editions.services.validate_directory`, and never edited.

The Chantiers project sheet also plans « deux rencontres partenaires chaque année (en juin et
décembre) »: a :class:`PartnerMeeting` records each one, with who came and what was decided.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Partner
from core.dates import french_date
from core.history import CatalogueHistoricalRecords
from fiches.models import ProjectSheet

from .enums import MeetingKind
from .snapshot import category_label


def is_number(value: str) -> bool:
    """Whether ``value`` is a number a query may look up: ASCII digits (``"²".isdigit()``
    is true, and ``int("²")`` an error), not so many that the database refuses it."""
    return value.isascii() and value.isdigit() and len(value) <= 9


class DirectoryEditionQuerySet(models.QuerySet):
    def of_centre(self, centre: Centre | None):
        """The editions of a centre's directory; ``None``: those of the whole directory."""
        return self.filter(centre__isnull=True) if centre is None else self.filter(centre=centre)

    def latest_first(self):
        return self.order_by("-validated_on", "-pk")

    def named_by(self, value: str):
        """The edition a booklet's ``?edition=`` names: a year (the latest edition validated
        that year) when one of these editions has it, else an edition's number."""
        if not is_number(value):
            return None
        by_year = self.filter(year=int(value)).latest_first().first()
        return by_year or self.filter(pk=int(value)).first()


class DirectoryEdition(models.Model):
    """A validated edition of a centre's partner directory (or of the whole directory)."""

    centre_lookup = "centre"  # its centre's team may record and read it

    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directory_editions",
        verbose_name=_("centre"),
        help_text=_("Laissé vide : l'édition de tous les partenaires publiés."),
    )
    year = models.PositiveSmallIntegerField(
        _("année de l'édition"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Laissée vide : l'année de la validation."),
    )
    validated_by = models.CharField(
        _("validé par"),
        max_length=255,
        help_text=_("Nom et qualité, par exemple « Mme Dupont, élue à la vie des quartiers »."),
    )
    validated_on = models.DateField(_("validé le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enregistrée par"),
    )
    created_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)

    objects = DirectoryEditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("édition de l'Outil Partenaires")
        verbose_name_plural = _("éditions de l'Outil Partenaires")
        ordering = ["-validated_on", "-pk"]
        indexes = [models.Index(fields=["centre", "validated_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{reverse('editions:booklet')}?edition={self.pk}"

    @property
    def title(self) -> str:
        scope = self.centre.display_name if self.centre_id else _("tous les partenaires")
        return f"Outil Partenaires {self.year} — {scope}"

    @property
    def validation_line(self) -> str:
        return _("Validé par %(who)s le %(date)s") % {
            "who": self.validated_by,
            "date": french_date(self.validated_on),
        }

    def previous(self) -> DirectoryEdition | None:
        """The edition of the same directory validated just before this one."""
        earlier = Q(validated_on__lt=self.validated_on) | Q(
            validated_on=self.validated_on, pk__lt=self.pk
        )
        siblings = DirectoryEdition.objects.of_centre(self.centre)
        return siblings.filter(earlier).latest_first().first()


class EditionEntry(models.Model):
    """A partner as an edition printed it: its public fields at the validation."""

    edition = models.ForeignKey(DirectoryEdition, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField(_("ordre"))
    # The partner's number, kept when the partner is deleted: it tells a partner renamed
    # from a partner replaced, when two editions are compared.
    partner = models.ForeignKey(
        Partner,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("partenaire"),
    )
    snapshot = models.JSONField(_("champs publics à la validation"))

    class Meta:
        verbose_name = _("partenaire de l'édition")
        verbose_name_plural = _("partenaires de l'édition")
        ordering = ["edition", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "position"], name="unique_edition_entry_position"
            ),
        ]

    def __str__(self) -> str:
        return self.snapshot.get("name", "")

    @property
    def category_label(self) -> str:
        return category_label(self.snapshot.get("category", ""))


class PartnerMeetingQuerySet(models.QuerySet):
    def upcoming(self, today: date):
        return self.filter(date__gte=today)

    def about_project(self, sheet: ProjectSheet):
        """The meetings of a project sheet, and those of its centre not tied to a sheet."""
        return self.filter(Q(project=sheet) | Q(centre=sheet.centre_id, project__isnull=True))


class PartnerMeeting(models.Model):
    """A meeting with the partners: when, what kind, who came, what was said and decided.
    Notes and decisions are the team's working record: they are shown in the workspace and
    to the sheet's editors, never on the public site."""

    centre_lookup = "centre"
    # Not the public catalogue's content: writing one does not change its version.
    catalogue_content = False

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="partner_meetings", verbose_name=_("centre")
    )
    project = models.ForeignKey(
        ProjectSheet,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_meetings",
        verbose_name=_("fiche projet"),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(
        _("type de rencontre"), max_length=20, choices=MeetingKind, default=MeetingKind.HALF_YEARLY
    )
    partners_present = models.ManyToManyField(
        Partner,
        related_name="meetings_attended",
        blank=True,
        verbose_name=_("partenaires présents"),
    )
    notes = models.TextField(_("compte rendu"), blank=True)
    decisions = models.TextField(_("décisions"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = PartnerMeetingQuerySet.as_manager()
    # Who changed the notes, the decisions or the partners present, and when.
    history = CatalogueHistoricalRecords(m2m_fields=["partners_present"])

    class Meta:
        verbose_name = _("rencontre partenaires")
        verbose_name_plural = _("rencontres partenaires")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["centre", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {french_date(self.date)}"

    def clean(self):
        if self.project_id and self.centre_id and self.project.centre_id != self.centre_id:
            raise ValidationError({"project": _("Cette fiche projet est celle d'un autre centre.")})
