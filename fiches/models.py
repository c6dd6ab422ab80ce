"""Action sheets, project sheets and the vocabularies they are filed under.

Every heading of a sheet has a field here, so that nothing a centre wrote is lost on import.
"""

from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.enums import FollowUpState
from centres.models import Centre, Partner, unique_slug
from core.history import CatalogueHistoricalRecords
from core.publication import Publishable, PublishableQuerySet
from parsing.naming import match_key

from . import search
from .attachments import attachment_upload_to, validate_attachment
from .enums import ActionStatus, CompletenessBand


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


# A sheet's multi-valued headings, each a vocabulary of its own, in the sheet's order.
VOCABULARY_FIELDS = ("keywords", "initiators", "publics", "partner_types")

# The headings of a fiche action that count for its completeness, in the sheet's order.
# Left out: headings that only apply sometimes ("raisons pour lesquelles l'action est
# terminée", "précision (si autre)"), the second "territoire concerné" and the files.
COMPLETENESS_TEXT_HEADINGS = (
    "status", "dimension", "summary", "experience", "territory", "general_description",
    "financial_resources", "people_mobilised", "result_territory", "result_centre",
    "result_residents", "limits", "perspectives",
)  # fmt: skip
COMPLETENESS_HEADING_COUNT = len(COMPLETENESS_TEXT_HEADINGS) + len(VOCABULARY_FIELDS)


# What a list reads of each action it filters, counts or orders (see ``Action.Meta``).
LIST_KEY_FIELDS = ["publication_state", "centre", "status", "dimension", "territory", "id", "title"]

# Long texts that a card of the action (``includes/action_card.html``) never shows: a list
# leaves them in the database. The excerpt's texts (``fiches.search.EXCERPT_FIELDS``) stay.
LISTING_DEFERRED_FIELDS = (
    "organiser_as_written", "initiator_detail", "partners_territory", "financial_resources",
    "people_mobilised", "attached_files", "source_file", "source_line", "imported_at",
    "import_fingerprint",
)  # fmt: skip


def completeness_score(filled_headings: int) -> int:
    """The share of the sheet's headings that are filled, as a whole percentage."""
    return round(100 * filled_headings / COMPLETENESS_HEADING_COUNT)


def _has_vocabulary_entries(name: str) -> models.Exists:
    through = Action._meta.get_field(name).remote_field.through
    return models.Exists(through.objects.filter(action_id=models.OuterRef("pk")))


# Derived columns are left out: they are recomputed from the fields kept here. Kept by name
# so that the importer can write one record for a sheet and its vocabularies together.
ACTION_HISTORY = CatalogueHistoricalRecords(
    excluded_fields=["completeness", "import_fingerprint"],
    m2m_fields=VOCABULARY_FIELDS,
)


class ActionQuerySet(PublishableQuerySet):
    def for_listing(self):
        """What a card of the action shows: its centre, keywords and publics, and the texts
        its excerpt is cut from; the other long texts stay in the database."""
        return (
            self.select_related("centre")
            .prefetch_related("keywords", "publics")
            .defer(*LISTING_DEFERRED_FIELDS)
        )

    def search(self, query):
        """The actions matching ``query``, in French, whatever its case and accents: full-text
        on PostgreSQL, accent-free words on SQLite (see ``fiches.search``); or ``query`` as
        :func:`fiches.search.approximate_query` corrected it."""
        return search.matching(self, query)

    def by_relevance(self, query):
        return search.by_relevance(self, query)

    def with_search_headline(self, query):
        return search.with_headline(self, query)

    def recently_updated(self):
        return self.order_by("-updated_at", "-pk")

    def of_centre(self, centre):
        return self.filter(centre=centre)

    def in_completeness_band(self, band: str):
        low, high = CompletenessBand(band).bounds
        return self.filter(completeness__gte=low, completeness__lt=high)

    def refresh_completeness(self) -> int:
        """Recomputes the stored completeness of these actions; returns how many changed."""
        flags = {f"has_{name}": _has_vocabulary_entries(name)
                 for name in VOCABULARY_FIELDS}  # fmt: skip
        rows = (
            self.order_by()
            .annotate(**flags)
            .values_list("pk", "completeness", *COMPLETENESS_TEXT_HEADINGS, *flags)
        )
        changed = []
        for pk, stored, *values in rows:
            score = completeness_score(sum(1 for value in values if _is_filled(value)))
            if score != stored:
                changed.append(Action(pk=pk, completeness=score))
        Action.objects.bulk_update(changed, ["completeness"])
        return len(changed)


def _is_filled(value) -> bool:
    return bool(value.strip()) if isinstance(value, str) else bool(value)


# The sections of a fiche action, each with its headings' fields, in the sheet's order.
SHEET_SECTIONS = {
    "description": ("status", "end_reason", "dimension", "keywords", "summary"),
    "purpose": ("initiators", "initiator_detail", "experience", "territory"),
    "methodology": (
        "publics", "partner_types", "partners_territory", "general_description",
        "financial_resources", "people_mobilised",
    ),
    "self_assessment": (
        "result_territory", "result_centre", "result_residents", "limits", "perspectives",
    ),
    "files": ("attached_files",),
}  # fmt: skip


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
    completeness = models.PositiveSmallIntegerField(
        _("complétude (%)"),
        default=0,
        editable=False,
        db_index=True,
        help_text=_("La part des rubriques de la fiche qui sont remplies."),
    )
    # Provenance
    source_file = models.CharField(_("fichier source"), max_length=255, blank=True)
    source_line = models.PositiveIntegerField(_("ligne dans le fichier source"), null=True)
    imported_at = models.DateTimeField(_("importée le"), null=True, blank=True)
    import_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True, db_index=True)

    objects = ActionQuerySet.as_manager()
    history = ACTION_HISTORY

    class Meta:
        verbose_name = _("fiche action")
        verbose_name_plural = _("fiches actions")
        ordering = [Lower("title"), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "title"], name="unique_action_per_centre"),
        ]
        indexes = [
            # The list in its default order, a page at a time.
            models.Index(Lower("title"), "id", name="action_title_order"),
            # The latest published sheets (the home page, the list by date).
            models.Index(fields=["publication_state", "-updated_at", "-id"], name="action_latest"),
            # Everything a list reads of each action it filters, counts or orders (but the
            # rows of the page it shows): the facets, the counts, and the keys of a search's
            # or a centre's order scan this index alone (an index-only scan on PostgreSQL, a
            # covering index on SQLite), never the wide rows of the table.
            models.Index(fields=LIST_KEY_FIELDS, name="action_list_keys"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Action, self.title, exclude_pk=self.pk)
        self.completeness = self.compute_completeness()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "completeness"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("fiches:action_detail", kwargs={"slug": self.slug})

    def compute_completeness(self, vocabularies: dict[str, list] | None = None) -> int:
        """This sheet's completeness, its vocabularies as stored (none before the first save;
        a signal refreshes the stored score when they change), or as given: entries by
        vocabulary field, for a sheet created in bulk with them (no query)."""
        filled = sum(1 for name in COMPLETENESS_TEXT_HEADINGS if _is_filled(getattr(self, name)))
        if vocabularies is not None:
            filled += sum(1 for name in VOCABULARY_FIELDS if vocabularies.get(name))
        elif self.pk is not None:
            flags = Action.objects.filter(pk=self.pk).values_list(
                *(_has_vocabulary_entries(name) for name in VOCABULARY_FIELDS)
            )
            filled += sum(next(iter(flags), ()))
        return completeness_score(filled)

    @property
    def completeness_band(self) -> "CompletenessBand":
        return CompletenessBand.for_score(self.completeness)

    @cached_property
    def filled_sections(self) -> dict[str, bool]:
        """Which sections of the sheet have something to show, by name (``description``,
        ``purpose``…); the vocabularies are best prefetched. "Description de l'action"
        always has its organiser."""
        filled = {
            name: any(_is_filled(self._heading_value(field)) for field in fields)
            for name, fields in SHEET_SECTIONS.items()
        }
        # Files uploaded in the workspace are shown with the names the sheet cites.
        filled["files"] = filled["files"] or bool(self.attachments.all())
        return filled | {"description": True}

    def _heading_value(self, field: str):
        value = getattr(self, field)
        return list(value.all()) if field in VOCABULARY_FIELDS else value

    @property
    def attached_file_names(self) -> list[str]:
        return [line.strip() for line in self.attached_files.splitlines() if line.strip()]


class ActionSearch(models.Model):
    """An action's search document (see ``fiches.search``), kept apart from the action's
    row: a search reads the document of every sheet it matches, which is fast in a table of
    documents alone, and nothing else has to carry the documents. Written only by
    :func:`fiches.search.refresh_search_fields`.

    On PostgreSQL, ``vector`` is the weighted French ``tsvector``, stored compressed in the
    row rather than out of line (migration ``fiches/0007``) and GIN-indexed; on both
    databases ``text`` is the sheet's words lower-cased and without accents, for plain-word
    matching and, on PostgreSQL, trigram typo tolerance."""

    action = models.OneToOneField(
        Action,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("fiche action"),
    )
    vector = SearchVectorField(null=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("document de recherche")
        verbose_name_plural = _("documents de recherche")

    def __str__(self) -> str:
        return str(self.action_id)


class SearchWord(models.Model):
    """A word that some sheet's search document holds, as ``fiches.search.search_words``
    writes it: the catalogue's lexicon, where a query word that matches nothing finds the
    words it may be a typo of. A few tens of thousands of short rows, trigram-indexed on
    PostgreSQL (migration ``fiches/0009``): much faster to search than every document's text.
    Written by :func:`fiches.search.store_words`; a word no sheet holds any more stays, and
    then finds nothing."""

    word = models.CharField(_("mot"), max_length=search.WORD_MAX_LENGTH, unique=True)

    class Meta:
        verbose_name = _("mot du lexique")
        verbose_name_plural = _("mots du lexique")

    def __str__(self) -> str:
        return self.word


class ProjectSheetQuerySet(PublishableQuerySet):
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
        if not self.title:
            # Before the first save the file still has the name it was uploaded under.
            self.title = PurePath(self.file.name).stem[:255]
        replaced = self._stored_file_name() if self.pk else None
        super().save(*args, **kwargs)
        if replaced and replaced != self.file.name:
            # A replaced file goes once the change is committed, as a deleted one does: nothing
            # stays downloadable by its old URL, and a rolled back change keeps it.
            storage = self.file.storage
            transaction.on_commit(lambda: storage.delete(replaced))

    def get_absolute_url(self) -> str:
        return self.file.url

    def _stored_file_name(self) -> str | None:
        return Attachment.objects.filter(pk=self.pk).values_list("file", flat=True).first()

    @property
    def extension(self) -> str:
        return PurePath(self.file.name).suffix.lstrip(".").upper()
