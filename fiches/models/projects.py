"""A centre's "fiche projet" and what it lists: its actions, timeline and partners."""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.contact_persons import PublicationConsent
from centres.enums import FollowUpState
from centres.models import Centre, CentreScopedQuerySet, Partner, unique_slug
from core.publication import Publishable
from core.slugs import KeepsFormerSlugs

from .actions import Action


class ProjectSheetQuerySet(CentreScopedQuerySet):
    def with_sheet_details(self, *, visible_actions, visible_partners):
        """Everything a project sheet's page shows; ``partner_is_visible`` on each partner
        link and ``related_action_is_visible`` say whether the reader may follow them."""
        partner_links = ProjectPartner.objects.select_related("partner").annotate(
            partner_is_visible=models.Exists(visible_partners.filter(pk=models.OuterRef("partner")))
        )
        return (
            self.select_related("centre", "related_action")
            .prefetch_related(
                "actions", "timeline", models.Prefetch("partner_links", queryset=partner_links)
            )
            .annotate(
                related_action_is_visible=models.Exists(
                    visible_actions.filter(pk=models.OuterRef("related_action"))
                )
            )
        )


class ProjectSheet(KeepsFormerSlugs, Publishable, PublicationConsent):
    """A centre's "fiche projet": findings, objectives, actions, partners and timeline.

    Its lead and its staff (« Encadrement(s) » : « Permanents : Mme X, référente
    famille… ») name persons: published only with their consent, which the consent fields
    record for the persons the sheet names."""

    centre_lookup = "centre"  # its centre's team may edit it

    title = models.CharField(_("titre"), max_length=255)
    slug = models.SlugField(_("identifiant d'URL"), max_length=100, unique=True)
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="project_sheets", verbose_name=_("centre")
    )
    related_action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_sheets",
        verbose_name=_("fiche action liée"),
    )
    year = models.CharField(_("année de réalisation"), max_length=20, blank=True)
    findings = models.TextField(_("constat(s)"), blank=True)
    general_objectives = models.TextField(
        _("axe(s) du projet social – objectif(s) général(aux)"), blank=True
    )
    lead = models.CharField(_("porteur du projet"), max_length=255, blank=True)
    staff = models.TextField(_("encadrement"), blank=True)
    sector = models.CharField(_("secteur concerné"), max_length=150, blank=True)
    sector_details = models.TextField(_("secteurs concernés : précisions"), blank=True)
    form_notes = models.TextField(
        _("autres mentions du formulaire"),
        blank=True,
        help_text=_("Cases du formulaire d'origine reprises telles quelles."),
    )
    public = models.CharField(_("public(s) bénéficiaire(s)"), max_length=255, blank=True)
    partners = models.ManyToManyField(
        Partner,
        through="ProjectPartner",
        related_name="project_sheets",
        blank=True,
        verbose_name=_("partenaires"),
    )
    dates = models.CharField(_("dates ou période de réalisation"), max_length=255, blank=True)
    place = models.CharField(_("lieu de réalisation"), max_length=255, blank=True)
    operational_objectives = models.TextField(_("objectif(s) opérationnel(s)"), blank=True)
    progress = models.TextField(_("déroulement des actions"), blank=True)
    evaluation_criteria = models.TextField(
        _("évaluation (critères qualitatifs et quantitatifs)"), blank=True
    )
    budget_note = models.TextField(_("budget prévisionnel"), blank=True)
    perspectives = models.TextField(_("perspectives"), blank=True)
    source_file = models.CharField(_("fichier source"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("importée le"), null=True, blank=True)
    import_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ProjectSheetQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["import_fingerprint"])

    class Meta:
        verbose_name = _("fiche projet")
        verbose_name_plural = _("fiches projets")
        ordering = ["-year", Lower("title")]
        constraints = [
            models.UniqueConstraint(fields=["centre", "title"], name="unique_project_per_centre"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(ProjectSheet, f"{self.title} {self.centre}", exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("fiches:project_detail", kwargs={"slug": self.slug})

    @property
    def public_lead(self) -> str:
        """The lead as the public may read it: nobody without consent."""
        return self.lead if self.may_be_published else ""

    @property
    def public_staff(self) -> str:
        """The staff as the public may read them: nobody without consent."""
        return self.staff if self.may_be_published else ""


class ProjectAction(models.Model):
    """One of the actions a project sheet announces ("Titre des actions")."""

    project = models.ForeignKey(ProjectSheet, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(_("ordre"))
    title = models.CharField(_("titre"), max_length=255)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action du projet")
        verbose_name_plural = _("actions du projet")
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "position"], name="unique_project_action_position"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TimelineEntry(models.Model):
    """A period of the project's "Echéancier", in the sheet's order."""

    project = models.ForeignKey(ProjectSheet, on_delete=models.CASCADE, related_name="timeline")
    position = models.PositiveSmallIntegerField(_("ordre"))
    period = models.CharField(_("période"), max_length=150)
    text = models.TextField(_("étapes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("étape de l'échéancier")
        verbose_name_plural = _("échéancier")
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "position"], name="unique_timeline_position"
            ),
        ]

    def __str__(self) -> str:
        return self.period


class ProjectPartner(models.Model):
    """A partner as a project sheet lists it, with the follow-up the sheet records."""

    project = models.ForeignKey(
        ProjectSheet, on_delete=models.CASCADE, related_name="partner_links"
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="project_links",
        verbose_name=_("partenaire"),
    )
    position = models.PositiveSmallIntegerField(_("ordre"))
    section = models.CharField(
        _("rubrique de la fiche"), max_length=100, help_text=_("Par exemple « Institutionnels »")
    )
    as_written = models.CharField(_("tel qu'écrit"), max_length=255)
    follow_up_state = models.CharField(
        _("suivi"), max_length=20, choices=FollowUpState, default=FollowUpState.NONE, blank=True
    )
    follow_up_note = models.CharField(_("note de suivi"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partenaire du projet")
        verbose_name_plural = _("partenaires du projet")
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "partner"], name="unique_project_partner"),
        ]

    def __str__(self) -> str:
        return self.as_written
