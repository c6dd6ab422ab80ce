"""The people to contact at a partner, and the one rule for every named person the catalogue
shows: a name is published only once the person's consent to it is recorded (when, and by
whom). Staff read every name in the workspace and on the pages of what they may edit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .enums import ConsentSource

# The fields that record a consent (``PublicationConsent``, and the person's source of it).
CONSENT_FIELDS = (
    "publication_consent_at",
    "publication_consent_recorded_by",
    "publication_consent_source",
)


class PublicationConsent(models.Model):
    """The record of a person's consent to see his or her name and contact published."""

    publication_consent_at = models.DateTimeField(
        _("accord de publication donné le"),
        null=True,
        blank=True,
        help_text=_("Laissez vide tant que la personne n'a pas accepté d'être nommée sur le "
                    "site public."),
    )  # fmt: skip
    publication_consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accord enregistré par"),
    )

    class Meta:
        abstract = True

    @property
    def may_be_published(self) -> bool:
        return self.publication_consent_at is not None

    def record_consent_recorder(self, user) -> None:
        """Who recorded the consent: the person who entered its date (kept if already said);
        no consent, no recorder."""
        if self.publication_consent_at is None:
            self.publication_consent_recorded_by = None
        elif self.publication_consent_recorded_by_id is None:
            self.publication_consent_recorded_by = user


class ContactPersonQuerySet(models.QuerySet):
    def public(self):
        """The people whose consent to publication is recorded: the only ones a public page,
        feed, sitemap or export may name."""
        return self.filter(publication_consent_at__isnull=False)

    def visible_to(self, user, *, may_edit: bool):
        """Everyone for staff who may edit the partner; the public ones otherwise."""
        return self if may_edit and user.is_authenticated and user.is_staff else self.public()


class ContactPerson(PublicationConsent):
    partner = models.ForeignKey(
        "centres.Partner",
        on_delete=models.CASCADE,
        related_name="contact_persons",
        verbose_name=_("partenaire"),
    )
    name = models.CharField(_("nom"), max_length=255)
    role = models.CharField(_("fonction"), max_length=255, blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    publication_consent_source = models.CharField(
        _("accord recueilli"), max_length=30, choices=ConsentSource, blank=True
    )

    objects = ContactPersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("personne à contacter")
        verbose_name_plural = _("personnes à contacter")
        ordering = ["partner", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name

    def get_absolute_url(self) -> str:
        return self.partner.get_absolute_url()

    def record_consent_recorder(self, user) -> None:
        super().record_consent_recorder(user)
        if self.publication_consent_at is None:
            self.publication_consent_source = ""
        elif not self.publication_consent_source:
            self.publication_consent_source = ConsentSource.WORKSPACE

    def record_consent_from_partner_link(self, *, given_at, reviewer) -> None:
        """The partner said, through its update link, that the person agrees; the
        coordinator who accepted it recorded it."""
        self.publication_consent_at = given_at
        self.publication_consent_recorded_by = reviewer
        self.publication_consent_source = ConsentSource.PARTNER_LINK

    def withdraw_consent(self) -> None:
        self.publication_consent_at = None
        self.publication_consent_recorded_by = None
        self.publication_consent_source = ""
