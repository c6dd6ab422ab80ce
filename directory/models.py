"""The yearly update of the partner directory ("Outil Partenaires").

A **campaign** sends each partner of one centre's directory (or of all of them) a personal
link (an **invitation**). The link opens the partner's page as a form; what the partner
submits is a **proposal**, made of one **proposed change** per field it changed and one
**proposed person change** per contact person it changed, marked as gone or added: nothing
public changes until a coordinator accepts the changes, one by one. The public form
« Proposer un partenaire » makes proposals of a new partner, reviewed the same way.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, CentreScopedQuerySet, ContactPerson, Partner
from centres.permissions import scope_to_user

from .enums import Decision, PersonChangeKind, ProposalKind, ProposalState


class ScopedQuerySet(models.QuerySet):
    def editable_by(self, user):
        if not (user.is_authenticated and user.is_staff):
            return self.none()
        return scope_to_user(self, user)


class Campaign(models.Model):
    # A centre's team runs and follows the campaigns of its own centres; a campaign for all
    # partners (no centre) is the coordinators'.
    centre_lookup = "centre"

    centre = models.ForeignKey(
        Centre,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="partner_campaigns",
        verbose_name=_("centre"),
        help_text=_("Les partenaires de ce centre ; vide : tous les partenaires."),
    )
    started_at = models.DateTimeField(_("lancée le"), default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lancée par"),
    )
    reminder_delay_days = models.PositiveSmallIntegerField(
        _("relance après (jours)"),
        default=settings.PARTNER_CAMPAIGN_REMINDER_DAYS,
        help_text=_("Les partenaires qui n'ont pas répondu reçoivent une relance, une fois."),
    )
    link_validity_days = models.PositiveSmallIntegerField(
        _("validité des liens (jours)"), default=settings.PARTNER_LINK_VALIDITY_DAYS
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("campagne de mise à jour")
        verbose_name_plural = _("campagnes de mise à jour")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        scope = self.centre or _("tous les partenaires")
        return f"{_('Mise à jour')} — {scope} — {date_format(self.started_at, 'SHORT_DATE_FORMAT')}"

    def get_absolute_url(self) -> str:
        return reverse("admin:directory_campaign_change", args=[self.pk])


class InvitationQuerySet(ScopedQuerySet):
    def awaiting_answer(self):
        """Sent and not answered."""
        return self.filter(sent_at__isnull=False, answered_at__isnull=True).exclude(email="")

    def due_a_reminder(self, campaign: "Campaign", now=None):
        """Unanswered, never reminded, sent more than the campaign's delay ago."""
        cutoff = (now or timezone.now()) - timedelta(days=campaign.reminder_delay_days)
        return self.awaiting_answer().filter(
            campaign=campaign, reminded_at__isnull=True, sent_at__lte=cutoff
        )


class Invitation(models.Model):
    """One partner's personal link in a campaign, and what became of it."""

    centre_lookup = "partner__centres"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("campagne")
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="update_invitations",
        verbose_name=_("partenaire"),
    )
    email = models.EmailField(_("envoyée à"), blank=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    opened_at = models.DateTimeField(_("ouverte le"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("relancée le"), null=True, blank=True)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["campaign", "partner__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "partner"], name="one_invitation_per_partner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} — {self.campaign}"

    def get_absolute_url(self) -> str:
        return self.campaign.get_absolute_url()


class ProposalQuerySet(CentreScopedQuerySet):
    def pending(self):
        return self.filter(state=ProposalState.PENDING)


class Proposal(models.Model):
    """What a partner (through its link) or a visitor (« Proposer un partenaire ») proposes.
    A new partner's proposal has no partner until it is accepted; only coordinators review it
    (a centre's team reviews its centres' partners)."""

    centre_lookup = "partner__centres"

    kind = models.CharField(_("nature"), max_length=20, choices=ProposalKind)
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("partenaire"),
    )
    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("invitation"),
    )
    centre = models.ForeignKey(
        Centre,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("centre partenaire indiqué"),
    )
    submitted_at = models.DateTimeField(_("proposée le"), default=timezone.now, db_index=True)
    submitter_name = models.CharField(_("proposée par"), max_length=255, blank=True)
    submitter_email = models.EmailField(_("courriel de la personne"), blank=True)
    message = models.TextField(_("message à l'équipe"), blank=True)
    state = models.CharField(
        _("état"), max_length=20, choices=ProposalState, default=ProposalState.PENDING
    )
    reviewed_at = models.DateTimeField(_("examinée le"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("examinée par"),
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["state", "-submitted_at"])]

    def __str__(self) -> str:
        subject = self.partner or self.proposed_name or _("partenaire sans nom")
        return f"{self.get_kind_display()} : {subject}"

    def get_absolute_url(self) -> str:
        return reverse("admin:directory_proposal_change", args=[self.pk])

    @property
    def change_count(self) -> int:
        """How many changes it proposes: fields and contact persons."""
        return self.changes.count() + self.person_changes.count()

    @property
    def proposed_name(self) -> str:
        change = next((c for c in self.changes.all() if c.field == "name"), None)
        return change.after if change else ""


class ReviewedChange(models.Model):
    """What the reviewer decides for one change of a proposal, and when it was written."""

    decision = models.CharField(
        _("décision"), max_length=30, choices=Decision, default=Decision.PENDING, blank=True
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    # Set when the accepted change was written to the partner.
    applied_at = models.DateTimeField(_("appliquée le"), null=True, blank=True)

    class Meta:
        abstract = True


class ProposedChange(ReviewedChange):
    """One field of a proposal: its value when the proposal was made, the value proposed,
    and the reviewer's decision."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="changes", verbose_name=_("proposition")
    )
    field = models.CharField(_("rubrique"), max_length=40)
    before = models.TextField(_("avant"), blank=True)
    after = models.TextField(_("proposé"), blank=True)
    # The value the partner had when an acceptance was refused for a conflict.
    conflicting_value = models.TextField(_("valeur modifiée entre-temps"), blank=True)

    class Meta:
        verbose_name = _("modification proposée")
        verbose_name_plural = _("modifications proposées")
        ordering = ["proposal", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "field"], name="one_change_per_field"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return str(Partner._meta.get_field(self.field).verbose_name).capitalize()


class ProposedPersonChange(ReviewedChange):
    """One contact person of a proposal: as the partner saw it (``before``) and as it
    proposes it (``after``), each a :func:`directory.persons.person_state`; empty before
    for a new person, empty after for one who left."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="person_changes",
        verbose_name=_("proposition"),
    )
    kind = models.CharField(_("nature"), max_length=20, choices=PersonChangeKind)
    # The person changed or gone; a new person once added. Kept empty if the person is
    # removed in the workspace meanwhile (the review then says so).
    person = models.ForeignKey(
        ContactPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personne"),
    )
    before = models.JSONField(_("avant"), default=dict, blank=True)
    after = models.JSONField(_("proposé"), default=dict, blank=True)
    # The person as found when an acceptance was refused for a conflict.
    conflicting_state = models.JSONField(_("état modifié entre-temps"), default=dict, blank=True)

    class Meta:
        verbose_name = _("modification proposée d'une personne à contacter")
        verbose_name_plural = _("modifications proposées des personnes à contacter")
        ordering = ["proposal", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        name = (self.after or self.before).get("name", "")
        return f"{_('Personne à contacter')} : {name} ({self.get_kind_display().lower()})"
