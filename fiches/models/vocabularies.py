"""The controlled lists a sheet's multi-valued headings pick from (keywords, publics…)."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from centres.models import unique_slug
from parsing.naming import match_key


def entry_name(written: str) -> str:
    """An entry's name as stored, from the name as a sheet writes it."""
    return " ".join(written.split())


class VocabularyQuerySet(models.QuerySet):
    def get_or_create_by_name(self, name: str):
        """The entry spelt this way, whatever its case and accents, created if new."""
        name = entry_name(name)
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
