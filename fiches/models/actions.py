"""The fiche action: what a centre did, with whom, for whom, and how it went; and the files
attached to it.

Every heading of the sheet has a field, made from its declaration (``parsing.action_sheet``),
so that nothing a centre wrote is lost on import.
"""

from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, CentreScopedQuerySet, Partner, unique_slug
from core.history import CatalogueHistoricalRecords
from core.publication import Publishable
from core.slugs import KeepsFormerSlugs
from parsing.action_sheet import (
    COMPLETENESS_HEADINGS,
    EXCERPT_FIELDS,
    HEADINGS,
    HEADINGS_BY_NAME,
    SECTIONS,
    SUMMARY_HEADINGS,
    VOCABULARY_FIELDS,
    Heading,
    Kind,
    Section,
)
from parsing.naming import match_key

from .. import search
from ..attachments import without_bidi_controls
from ..enums import ActionStatus, CompletenessBand
from .figures import FIGURE_FIELDS, SheetFigures

# The texts whose filling a sheet's completeness counts, then its lists.
COMPLETENESS_TEXT_HEADINGS = tuple(
    heading.field for heading in COMPLETENESS_HEADINGS if heading.kind is not Kind.VOCABULARY
)
COMPLETENESS_VOCABULARIES = tuple(
    heading.field for heading in COMPLETENESS_HEADINGS if heading.kind is Kind.VOCABULARY
)
COMPLETENESS_HEADING_COUNT = len(COMPLETENESS_HEADINGS)
# Under this completeness (%), a published sheet's page says it is still being written.
DRAFTING_COMPLETENESS = 50

# What a list reads of each action it filters, counts or orders (see ``Action.Meta``).
LIST_KEY_FIELDS = ["publication_state", "centre", "status", "dimension", "territory", "id",
                   "sort_key", "budget_euros", "people_count"]  # fmt: skip

# Long texts that a card of the action (``includes/action_card.html``) never shows: a list
# leaves them in the database. The excerpt's texts and the list's keys stay.
LISTING_DEFERRED_FIELDS = (
    *(
        heading.field
        for heading in HEADINGS
        if heading.kind is not Kind.VOCABULARY
        and heading.field not in EXCERPT_FIELDS
        and heading.field not in LIST_KEY_FIELDS
    ),
    "source_file", "source_line", "imported_at", "import_fingerprint",
)  # fmt: skip


def sheet_field(heading: Heading) -> models.Field:
    """The stored field of a heading of the sheet, by its kind."""
    options = {"verbose_name": heading.verbose_name, "blank": True}
    if heading.help_text:
        options["help_text"] = heading.help_text
    match heading.kind:
        case Kind.TEXT | Kind.LINES:
            return models.TextField(**options)
        case Kind.SHORT:
            return models.CharField(max_length=150, db_index=heading.indexed, **options)
        case Kind.CHOICE:
            return models.CharField(
                max_length=20, choices=ActionStatus, db_index=heading.indexed, **options
            )
        case Kind.ORGANISER:
            # The centre is the sheet's ``centre``; this is the name as the sheet wrote it.
            return models.CharField(max_length=255, editable=False, **options)
        case Kind.VOCABULARY:
            return models.ManyToManyField(heading.vocabulary, related_name="actions", **options)
    raise ValueError(f"no stored field for a heading of kind {heading.kind}")


# The sheet's headings as the fields of an abstract model, so that the history model and
# the migrations see them as they see any field written in a class.
SheetHeadings = type(
    "SheetHeadings",
    (models.Model,),
    {
        "__module__": __name__,
        "__doc__": "The fields of a fiche action's headings (``parsing.action_sheet``).",
        "Meta": type("Meta", (), {"abstract": True}),
        **{heading.field: sheet_field(heading) for heading in HEADINGS},
    },
)


def completeness_score(filled_headings: int) -> int:
    """The share of the sheet's headings that are filled, as a whole percentage."""
    return round(100 * filled_headings / COMPLETENESS_HEADING_COUNT)


def _has_vocabulary_entries(name: str) -> models.Exists:
    through = Action._meta.get_field(name).remote_field.through
    return models.Exists(through.objects.filter(action_id=models.OuterRef("pk")))


def _is_filled(value) -> bool:
    return bool(value.strip()) if isinstance(value, str) else bool(value)


# Derived columns are left out: they are recomputed from the fields kept here. Kept by name
# so that the importer can write one record for a sheet and its vocabularies together.
ACTION_HISTORY = CatalogueHistoricalRecords(
    excluded_fields=["completeness", "import_fingerprint"],
    m2m_fields=[*VOCABULARY_FIELDS, "partners"],
)


class ActionQuerySet(CentreScopedQuerySet):
    def for_listing(self):
        """What a card of the action shows: its centre, keywords and publics, and the texts
        its excerpt is cut from; the other long texts stay in the database."""
        return (
            self.select_related("centre")
            .prefetch_related("keywords", "publics")
            .defer(*LISTING_DEFERRED_FIELDS)
        )

    def for_export(self):
        """Everything an exported record reads: the centre and every vocabulary."""
        return self.select_related("centre").prefetch_related(*VOCABULARY_FIELDS)

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

    def incomplete(self):
        return self.filter(completeness__lt=CompletenessBand.COMPLETE.bounds[0])

    def in_completeness_band(self, band: str):
        low, high = CompletenessBand(band).bounds
        return self.filter(completeness__gte=low, completeness__lt=high)

    def refresh_completeness(self) -> int:
        """Recomputes the stored completeness of these actions; returns how many changed."""
        flags = {f"has_{name}": _has_vocabulary_entries(name)
                 for name in COMPLETENESS_VOCABULARIES}  # fmt: skip
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


class Action(KeepsFormerSlugs, Publishable, SheetHeadings, SheetFigures):
    """A "fiche action": what a centre did, with whom, for whom, and how it went."""

    centre_lookup = "centre"  # its centre's team may edit it

    title = models.CharField(_("titre"), max_length=255)
    # The title as lists sort it: punctuation, accents and case do not count ("« Élan »" at E).
    sort_key = models.CharField(_("clé de tri"), max_length=255, editable=False, default="")
    slug = models.SlugField(_("identifiant d'URL"), max_length=100, unique=True)
    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("structure organisatrice"),
    )
    # The partners of the directory who took part; the sheet's own "Partenaires" heading is
    # the text as written, this is the link to their pages (edited from either side).
    partners = models.ManyToManyField(
        Partner, related_name="actions", blank=True, verbose_name=_("partenaires associés")
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
        ordering = ["sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "title"], name="unique_action_per_centre"),
        ]
        indexes = [
            # The list in its default order, a page at a time.
            models.Index(fields=["sort_key", "id"], name="action_title_order"),
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
        self.sort_key = self.sort_key_of(self.title)
        self.refresh_figures()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "completeness",
                "sort_key",
                *FIGURE_FIELDS,
            }
        super().save(*args, **kwargs)

    @staticmethod
    def sort_key_of(title: str) -> str:
        return match_key(title)[:255]

    def get_absolute_url(self) -> str:
        return reverse("fiches:action_detail", kwargs={"slug": self.slug})

    def compute_completeness(self, vocabularies: dict[str, list] | None = None) -> int:
        """This sheet's completeness, its vocabularies as stored (none before the first save;
        ``fiches.derived.refresh_derived`` refreshes the stored score once they are set), or
        as given: entries by vocabulary field, for a sheet created in bulk with them (no
        query)."""
        filled = sum(1 for name in COMPLETENESS_TEXT_HEADINGS if _is_filled(getattr(self, name)))
        if vocabularies is not None:
            filled += sum(1 for name in COMPLETENESS_VOCABULARIES if vocabularies.get(name))
        elif self.pk is not None:
            flags = Action.objects.filter(pk=self.pk).values_list(
                *(_has_vocabulary_entries(name) for name in COMPLETENESS_VOCABULARIES)
            )
            filled += sum(next(iter(flags), ()))
        return completeness_score(filled)

    @property
    def completeness_band(self) -> "CompletenessBand":
        return CompletenessBand.for_score(self.completeness)

    @cached_property
    def sections(self) -> list[tuple[Section, list[tuple[Heading, object]]]]:
        """The sections of the sheet that have something to show, in the sheet's order, each with
        its filled headings and what they show: a list's entries, a choice's label, the organiser's
        centre (always: "Description de l'action" always shows it), the files uploaded in the
        workspace beside the names the sheet cites. The vocabularies are best prefetched."""
        shown = []
        for section in SECTIONS:
            filled = [
                (heading, value)
                for heading in section.headings
                if _is_filled(value := self._shown_value(heading))
            ]
            if filled:
                shown.append((section, filled))
        return shown

    @property
    def summary_entries(self) -> list[tuple[Heading, object]]:
        """What the summary at the top of the page shows: its filled headings, in its order."""
        return [
            (heading, value)
            for heading in SUMMARY_HEADINGS
            if _is_filled(value := self._shown_value(heading))
        ]

    @cached_property
    def sections_below_summary(self) -> list[tuple[Section, list[tuple[Heading, object]]]]:
        """The sections as the page shows them under its summary: without the headings the
        summary shows, nor one that only repeats another; a section left empty is left out."""
        shown = []
        for section, filled in self.sections:
            rest = [
                (heading, value)
                for heading, value in filled
                if not heading.in_summary and not self._only_repeats(heading)
            ]
            if rest:
                shown.append((section, rest))
        return shown

    def _only_repeats(self, heading: Heading) -> bool:
        if not heading.repeats:
            return False
        repeated = HEADINGS_BY_NAME[heading.repeats]
        return match_key(getattr(self, heading.field)) == match_key(getattr(self, repeated.field))

    @property
    def missing_headings(self) -> list[Heading]:
        """What this sheet lacks to be complete: its empty headings that completeness counts."""
        filled = {heading.name for _, headings in self.sections for heading, _ in headings}
        return [heading for heading in COMPLETENESS_HEADINGS if heading.name not in filled]

    @property
    def is_being_written(self) -> bool:
        """A published sheet of which less than half is written: the page says so."""
        return self.is_published and self.completeness < DRAFTING_COMPLETENESS

    @property
    def filled_sections(self) -> dict[str, bool]:
        """Which sections of the sheet have something to show, by name."""
        shown = {section.name for section, _ in self.sections}
        return {section.name: section.name in shown for section in SECTIONS}

    def _shown_value(self, heading: Heading):
        match heading.kind:
            case Kind.VOCABULARY:
                return list(getattr(self, heading.field).all())
            case Kind.CHOICE:
                return getattr(self, f"get_{heading.field}_display")()
            case Kind.ORGANISER:
                return self.centre
            case Kind.LINES:
                return self.attached_file_names or list(self.attachments.all())
        return getattr(self, heading.field)

    @property
    def attached_file_names(self) -> list[str]:
        """The names the sheet cites, without the marks that would make them read backwards."""
        names = (without_bidi_controls(line).strip() for line in self.attached_files.splitlines())
        return [name for name in names if name]
