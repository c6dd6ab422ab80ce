"""Centres (the structures that write sheets) and the partners they work with."""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from actions_catalog.publication import Publishable, PublishableQuerySet

from .enums import CentreKind, FollowUpState, PartnerCategory
from .naming import match_key


def unique_slug(model, text: str, *, exclude_pk=None) -> str:
    """A slug for ``text`` that no other row of ``model`` uses yet."""
    base = slugify(text)[:80].strip("-") or "sans-titre"
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


class CentreQuerySet(models.QuerySet):
    def find_by_name(self, name: str):
        """The centre this name designates, under its own name or one of its aliases."""
        key = match_key(name)
        return (
            self.filter(models.Q(match_key=key) | models.Q(aliases__match_key=key))
            .distinct()
            .first()
        )

    def in_departement(self, departement: str):
        return self.filter(departement=departement)


class Centre(models.Model):
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
    commune = models.CharField(_("commune"), max_length=120, blank=True, db_index=True)
    address = models.TextField(_("adresse"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    match_key = models.CharField(max_length=255, unique=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = CentreQuerySet.as_manager()

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


class PartnerQuerySet(PublishableQuerySet):
    def find_by_name(self, name: str):
        return self.filter(match_key=match_key(name)).first()

    def in_category(self, category: str):
        return self.filter(category=category)


class Partner(Publishable):
    """A local partner of the centres: the "Outil Partenaires" directory entry."""

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
    contact_name = models.CharField(_("personne à contacter"), max_length=255, blank=True)
    address = models.TextField(_("adresse"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    website = models.URLField(_("site web"), blank=True)
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
