"""Centres (the structures that write sheets) and the partners they work with."""

import re
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import connections, models
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.history import CatalogueHistoricalRecords
from core.publication import PUBLISHED, Publishable, PublishableQuerySet
from core.slugs import KeepsFormerSlugs
from parsing.naming import match_key

from .enums import CentreKind, FollowUpState, PartnerCategory
from .permissions import scope_condition, scope_to_user
from .reviews import YearlyReview, one_year_before, review_due_condition

# Elsewhere than on PostgreSQL (``_taken_slugs``), a slug query names this many bases at
# most, each a condition Django compiles. PostgreSQL gets all the bases in one statement of
# index probes, which no lag of its statistics behind a large import turns into a full read
# of the table, as a long enough OR of conditions could.
SLUG_BASES_PER_QUERY = 50


# A base's numbered variants ("base-2"…) are the slugs from "base-0" to "base-a", a range
# the slug's unique index answers on every database (SQLite scans the table for a LIKE
# 'base%'): digits sort before letters, so not the many "base-suite…" of longer titles.
NUMBERED_VARIANTS = ("-0", "-a")
# Anything but letters, digits, spaces and hyphens: slugify would glue the words around it.
_PUNCTUATION = re.compile(r"[^\w\s-]|_")


def reserved_slugs(model) -> frozenset[str]:
    """The slugs a row of ``model`` never gets: the fixed addresses beside its pages (a
    partner called « Livret » is not served at /partenaires/livret/, the booklet is)."""
    return getattr(model, "reserved_slugs", frozenset())


def unique_slug(model, text: str, *, exclude_pk=None) -> str:
    """A slug for ``text`` that no other row of ``model`` uses yet."""
    base = slug_base(text)
    taken = set(
        model.objects.filter(_slug_variants(base))
        .exclude(pk=exclude_pk)
        .order_by()
        .values_list("slug", flat=True)
    )
    return _first_free_slug(base, taken | reserved_slugs(model))[0]


def unique_slugs(model, texts: Iterable[str]) -> list[str]:
    """Slugs for new rows of ``model``, one for each of ``texts``: those that
    :func:`unique_slug` would give them were the rows saved one after the other, from the
    slugs taken (:func:`_taken_slugs`)."""
    bases = [slug_base(text) for text in texts]
    taken = _taken_slugs(model, list(dict.fromkeys(bases))) | reserved_slugs(model)
    slugs, next_number = [], {}
    for base in bases:
        # Every variant below the last one given out is taken: the search resumes after it.
        slug, next_number[base] = _first_free_slug(base, taken, next_number.get(base, 1))
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _taken_slugs(model, bases: list[str]) -> set[str]:
    """The slugs of ``model``'s rows that are one of ``bases`` or a numbered variant of one.

    On PostgreSQL, one statement for all the bases, two index probes each (``LATERAL``):
    a thousand titles' conditions compiled by Django and planned by PostgreSQL took a tenth
    of an import's time, where the probes take a few milliseconds. Elsewhere, the conditions
    of :data:`SLUG_BASES_PER_QUERY` bases per query."""
    rows = model._base_manager
    connection = connections[rows.db]
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        table, slug = quote(model._meta.db_table), quote(model._meta.get_field("slug").column)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT taken.slug FROM unnest(%s::text[]) AS wanted(base) "
                f"CROSS JOIN LATERAL ("
                f"SELECT {slug} AS slug FROM {table} WHERE {slug} = wanted.base "
                f"UNION ALL SELECT {slug} FROM {table} "
                f"WHERE {slug} >= wanted.base || %s AND {slug} < wanted.base || %s"
                f") AS taken",
                [bases, *NUMBERED_VARIANTS],
            )
            return {found for (found,) in cursor.fetchall()}
    taken = set()
    for start in range(0, len(bases), SLUG_BASES_PER_QUERY):
        chunk = bases[start : start + SLUG_BASES_PER_QUERY]
        variants = Q(*map(_slug_variants, chunk), _connector=Q.OR)
        taken.update(rows.filter(variants).order_by().values_list("slug", flat=True))
    return taken


def slug_base(text: str) -> str:
    """The slug of ``text``, its words apart: punctuation is a break, as a space is
    ("Fête de quartier/Animation" is "fete-de-quartier-animation")."""
    return slugify(_PUNCTUATION.sub(" ", text))[:80].strip("-") or "sans-titre"


def _slug_variants(base: str) -> Q:
    lowest, above = NUMBERED_VARIANTS
    return Q(slug=base) | Q(slug__gte=f"{base}{lowest}", slug__lt=f"{base}{above}")


def _first_free_slug(base: str, taken: set[str], number: int = 1) -> tuple[str, int]:
    """The first of ``base`` (number 1), ``base-2``, ``base-3``…, from ``number`` on, that is
    not in ``taken``; and the number after it."""
    slug = base if number == 1 else f"{base}-{number}"
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug, number + 1


class CentreQuerySet(models.QuerySet):
    def find_by_name(self, name: str):
        """The centre this name designates, under its own name or one of its aliases."""
        return self.find_by_names([name]).get(match_key(name))

    def find_by_names(self, names: Iterable[str]) -> dict[str, "Centre"]:
        """The centres these names designate, under their own names or their aliases, by the
        names' ``match_key`` (a name no centre has is left out); in one query."""
        keys = {match_key(name) for name in names}
        rows = (
            self.filter(models.Q(match_key__in=keys) | models.Q(aliases__match_key__in=keys))
            .annotate(alias_key=models.F("aliases__match_key"))
            .order_by("display_name", "pk")
        )
        found = {}
        for centre in rows:
            for key in (centre.match_key, centre.alias_key):
                if key in keys:
                    found.setdefault(key, centre)
        return found

    def in_departement(self, departement: str):
        return self.filter(departement=departement)

    def without_contact(self):
        """Centres a visitor cannot reach: no phone, no email, no website."""
        return self.filter(phone="", email="", website="")

    def with_action_count(self, actions):
        """Each centre with how many of ``actions`` (a queryset) are its own
        (``action_count``)."""
        counts = (
            actions.filter(centre=models.OuterRef("pk"))
            .order_by()
            .values("centre")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(action_count=Coalesce(models.Subquery(counts), 0))


class CentreScopedQuerySet(PublishableQuerySet):
    """Publishable records that belong to centres (the model's ``centre_lookup`` leads to
    them). Their editors are the teams of those centres and the coordinators: on the public
    site, staff read the drafts and internal notes of what they may edit in the workspace,
    by the workspace's own rule (``centres.permissions``), and nothing more."""

    def editable_by(self, user):
        """The records this user may edit in the workspace: none but for staff."""
        if not (user.is_authenticated and user.is_staff):
            return self.none()
        return scope_to_user(self, user)

    def visible_to(self, user):
        """The published records, and the others this user may edit in the workspace."""
        if not (user.is_authenticated and user.is_staff):
            return self.published()
        editable = scope_condition(self.model, user)
        return self if editable is None else self.filter(PUBLISHED | editable)


# A commune's code in the INSEE's official geographic code (COG): five digits, or 2A/2B and
# three digits for Corsica. Not the postcode: several communes share one postcode.
insee_code_validator = RegexValidator(
    r"^(?:\d{5}|2[AB]\d{3})$", _("Un code INSEE a cinq caractères : 78586, ou 2A004 en Corse.")
)
postcode_validator = RegexValidator(r"^\d{5}$", _("Un code postal a cinq chiffres : 78000."))


class ContactDetails(models.Model):
    """Where a structure is and how to reach it: centres and partners alike."""

    address = models.TextField(
        _("adresse"), blank=True, help_text=_("Numéro et voie, sans le code postal ni la commune.")
    )
    postcode = models.CharField(
        _("code postal"), max_length=5, blank=True, validators=[postcode_validator]
    )
    commune = models.CharField(_("commune"), max_length=120, blank=True, db_index=True)
    insee_code = models.CharField(
        _("code INSEE de la commune"),
        max_length=5,
        blank=True,
        validators=[insee_code_validator],
        help_text=_("Le code officiel géographique de la commune (78586 pour Sartrouville)."),
    )
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    opening_hours = models.TextField(
        _("horaires d'ouverture"),
        blank=True,
        help_text=_("Par exemple : « Du lundi au vendredi, 9 h – 12 h et 14 h – 18 h »."),
    )

    class Meta:
        abstract = True


class Centre(KeepsFormerSlugs, ContactDetails):
    # How the workspace's scope reaches a record's centres (``centres.permissions``).
    centre_lookup = "pk"

    name = models.CharField(
        _("nom tel qu'écrit"),
        max_length=255,
        help_text=_("Le nom tel que la structure l'écrit dans ses fiches, sans le département."),
    )
    display_name = models.CharField(_("nom d'affichage"), max_length=255)
    slug = models.SlugField(_("identifiant d'URL"), max_length=100, unique=True)
    kind = models.CharField(
        _("type de structure"), max_length=30, choices=CentreKind, default=CentreKind.OTHER
    )
    departement = models.CharField(_("département"), max_length=60, blank=True, db_index=True)
    match_key = models.CharField(max_length=255, unique=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = CentreQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["match_key"])

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        self.match_key = match_key(self.name)
        if not self.display_name:
            self.display_name = self.name
        if not self.slug:
            self.slug = unique_slug(Centre, self.display_name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("centres:centre_detail", kwargs={"slug": self.slug})


class CentreAlias(models.Model):
    """Another spelling of a centre's name, so that every import finds the same centre.

    "Maison de Quartier des Chantiers" (its project sheet) is "CENTRE SOCIAL CHANTIERS"
    (the observatory's dump).
    """

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("autre nom"), max_length=255)
    match_key = models.CharField(max_length=255, unique=True, editable=False)

    class Meta:
        verbose_name = _("autre nom de centre")
        verbose_name_plural = _("autres noms de centres")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.match_key = match_key(self.name)
        super().save(*args, **kwargs)


class CentreMembership(models.Model):
    """A member of a centre's team: who may write that centre's sheets and partners."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="centre_memberships",
        verbose_name=_("personne"),
    )
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("centre")
    )
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("membre de l'équipe d'un centre")
        verbose_name_plural = _("membres des équipes des centres")
        ordering = ["centre", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "centre"], name="unique_centre_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.centre}"


class PartnerQuerySet(CentreScopedQuerySet):
    def find_by_name(self, name: str):
        return self.filter(match_key=match_key(name)).first()

    def in_category(self, category: str):
        return self.filter(category=category)

    def in_directory_order(self):
        """By category, in the order the project sheet lists them, then by name."""
        category_rank = models.Case(
            *(
                models.When(category=value, then=models.Value(rank))
                for rank, value in enumerate(PartnerCategory.values)
            ),
            default=models.Value(len(PartnerCategory.values)),
        )
        return self.order_by(category_rank, Lower("name"), "pk")

    def review_due(self, now: datetime | None = None):
        """Partners nobody has reviewed for twelve months, or ever: the project sheet asks
        for a yearly update of the directory."""
        return self.filter(review_due_condition(now))

    def to_follow_up(self, now: datetime | None = None):
        """Partners to chase or to review: marked « à relancer », or due their yearly review."""
        return self.filter(
            models.Q(follow_up_state=FollowUpState.TO_CHASE) | review_due_condition(now)
        )

    def reviewed_within_a_year(self, now: datetime | None = None):
        return self.filter(last_reviewed_at__gte=one_year_before(now or timezone.now()))


class Partner(KeepsFormerSlugs, ContactDetails, Publishable, YearlyReview):
    """A local partner of the centres: the "Outil Partenaires" directory entry."""

    # The teams of all its centres may edit it.
    centre_lookup = "centres"
    # /partenaires/livret/ (editions) and /partenaires/proposer/ (directory) come before a
    # partner's /partenaires/<slug>/ (tests/web/test_urls.py keeps the list whole).
    reserved_slugs = frozenset({"livret", "proposer"})

    name = models.CharField(_("nom"), max_length=255)
    slug = models.SlugField(_("identifiant d'URL"), max_length=100, unique=True)
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    expanded_name = models.CharField(
        _("nom développé"),
        max_length=255,
        blank=True,
        help_text=_("Ce que le sigle veut dire, par exemple « Actions Educatives Jeunesse »."),
    )
    category = models.CharField(_("catégorie"), max_length=30, choices=PartnerCategory)
    missions = models.TextField(_("missions"), blank=True)
    services = models.TextField(
        _("ce que propose le partenaire"),
        blank=True,
        help_text=_("Quelques lignes sur ses actions et ses services."),
    )
    public_served = models.TextField(_("public accueilli"), blank=True)
    notes = models.TextField(
        _("notes internes"), blank=True, help_text=_("Réservées à l'équipe, jamais publiées.")
    )
    centres = models.ManyToManyField(
        Centre, related_name="partners", blank=True, verbose_name=_("centres partenaires")
    )
    follow_up_state = models.CharField(
        _("suivi"), max_length=20, choices=FollowUpState, default=FollowUpState.NONE, blank=True
    )
    follow_up_note = models.CharField(_("note de suivi"), max_length=255, blank=True)
    match_key = models.CharField(max_length=255, unique=True, editable=False)
    import_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = PartnerQuerySet.as_manager()
    history = CatalogueHistoricalRecords(
        excluded_fields=["match_key", "import_fingerprint"], m2m_fields=["centres"]
    )

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        ordering = [Lower("name")]
        indexes = [models.Index(fields=["category", "publication_state"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.match_key = match_key(self.name)
        if not self.slug:
            self.slug = unique_slug(Partner, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("centres:partner_detail", kwargs={"slug": self.slug})


# Kept in a module of their own, imported here so that Django finds them with the app's models.
from .contact_persons import ContactPerson  # noqa: E402, F401
