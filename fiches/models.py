"""Action sheets, project sheets and the vocabularies they are filed under.

Every heading of a sheet has a field here, so that nothing a centre wrote is lost on import.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actions_catalog.publication import Publishable, PublishableQuerySet
from centres.enums import FollowUpState
from centres.models import Centre, Partner, unique_slug
from centres.naming import match_key

from .enums import ActionStatus


class VocabularyQuerySet(models.QuerySet):
    def get_or_create_by_name(self, name: str):
        """The entry spelt this way, whatever its case and accents, created if new."""
        name = " ".join(name.split())
        entry = self.filter(match_key=match_key(name)).first()
        if entry is not None:
            return entry, False
        return self.create(name=name), True


class Vocabulary(models.Model):
    """A controlled list a sheet's multi-valued headings pick from (keywords, publics…)."""

    name = models.CharField(_("libellé"), max_length=150)
    slug = models.SlugField(_("identifiant d'URL"), max_length=100, unique=True)
    match_key = models.CharField(max_length=150, unique=True, editable=False)

    objects = VocabularyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = [Lower("name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.match_key = match_key(self.name)
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class Keyword(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("mot clé")
        verbose_name_plural = _("mots clés")


class Public(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("public")
        verbose_name_plural = _("publics")


class PartnerType(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("type de partenaire")
        verbose_name_plural = _("types de partenaires")


class Initiator(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("initiateur")
        verbose_name_plural = _("initiateurs")


class ActionQuerySet(PublishableQuerySet):
    def for_listing(self):
        return self.select_related("centre").prefetch_related("keywords", "publics")


class Action(Publishable):
    """A "fiche action": what a centre did, with whom, for whom, and how it went."""

    title = models.CharField(_("titre"), max_length=255)
    slug = models.SlugField(_("identifiant d'URL"), max_length=100, unique=True)
    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("structure organisatrice"),
    )
    organiser_as_written = models.CharField(
        _("structure organisatrice telle qu'écrite"), max_length=255, blank=True, editable=False
    )
    # Description de l'action
    status = models.CharField(
        _("statut de l'action"), max_length=20, choices=ActionStatus, blank=True, db_index=True
    )
    end_reason = models.TextField(_("raisons pour lesquelles l'action est terminée"), blank=True)
    dimension = models.CharField(_("dimension"), max_length=150, blank=True, db_index=True)
    keywords = models.ManyToManyField(
        Keyword, related_name="actions", blank=True, verbose_name=_("mots clés")
    )
    summary = models.TextField(_("résumé"), blank=True)
    # Raison d'être de l'action
    initiators = models.ManyToManyField(
        Initiator, related_name="actions", blank=True, verbose_name=_("à l'initiative de")
    )
    initiator_detail = models.TextField(_("précision (si autre)"), blank=True)
    experience = models.TextField(
        _("description de l'expérience, ses objectifs, ses acteurs et ses différentes phases"),
        blank=True,
    )
    territory = models.CharField(
        _("territoire concerné"), max_length=150, blank=True, db_index=True
    )
    # Méthodologie de l'action
    publics = models.ManyToManyField(
        Public, related_name="actions", blank=True, verbose_name=_("publics")
    )
    partner_types = models.ManyToManyField(
        PartnerType, related_name="actions", blank=True, verbose_name=_("partenaires d'action")
    )
    partners_territory = models.CharField(
        _("territoire concerné (partenaires)"),
        max_length=150,
        blank=True,
        help_text=_("Le second « Territoire concerné » de la fiche, sous les partenaires."),
    )
    general_description = models.TextField(_("description générale"), blank=True)
    financial_resources = models.TextField(
        _("ressources financières mobilisées pour cette action"), blank=True
    )
    people_mobilised = models.TextField(
        _("nombre de personnes mobilisées pour cette action"), blank=True
    )
    # Auto-évaluation de l'action
    result_territory = models.TextField(_("résultat sur le territoire"), blank=True)
    result_centre = models.TextField(_("résultat pour le centre social"), blank=True)
    result_residents = models.TextField(_("résultat pour les habitants"), blank=True)
    limits = models.TextField(_("suite de l'action : limites"), blank=True)
    perspectives = models.TextField(_("suite de l'action : perspectives"), blank=True)
    # Fichiers associés
    attached_files = models.TextField(
        _("fichiers associés"), blank=True, help_text=_("Un nom de fichier par ligne.")
    )
    # Provenance
    source_file = models.CharField(_("fichier source"), max_length=255, blank=True)
    source_line = models.PositiveIntegerField(_("ligne dans le fichier source"), null=True)
    imported_at = models.DateTimeField(_("importée le"), null=True, blank=True)
    import_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True, db_index=True)
    # Search: on PostgreSQL a weighted French tsvector (GIN-indexed by a migration); on both
    # databases the sheet's words lower-cased and without accents, for plain-word matching
    # and, on PostgreSQL, trigram typo tolerance.
    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("fiche action")
        verbose_name_plural = _("fiches actions")
        ordering = [Lower("title"), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "title"], name="unique_action_per_centre"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Action, self.title, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("fiches:action_detail", kwargs={"slug": self.slug})


class ProjectSheetQuerySet(PublishableQuerySet):
    pass


class ProjectSheet(Publishable):
    """A centre's "fiche projet": findings, objectives, actions, partners and timeline."""

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


class ProjectAction(models.Model):
    """One of the actions a project sheet announces ("Titre des actions")."""

    project = models.ForeignKey(ProjectSheet, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(_("ordre"))
    title = models.CharField(_("titre"), max_length=255)

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
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="project_links")
    position = models.PositiveSmallIntegerField(_("ordre"))
    section = models.CharField(
        _("rubrique de la fiche"), max_length=100, help_text=_("Par exemple « Institutionnels »")
    )
    as_written = models.CharField(_("tel qu'écrit"), max_length=255)
    follow_up_state = models.CharField(
        _("suivi"), max_length=20, choices=FollowUpState, default=FollowUpState.NONE, blank=True
    )
    follow_up_note = models.CharField(_("note de suivi"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("partenaire du projet")
        verbose_name_plural = _("partenaires du projet")
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "partner"], name="unique_project_partner"),
        ]

    def __str__(self) -> str:
        return self.as_written
