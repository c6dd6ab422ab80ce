from django.db import models


class CatalogueVersion(models.Model):
    """A single row whose ``token`` changes with every write to the catalogue's tables, set
    by database triggers (see ``core.versioning``): what is computed from the
    catalogue and kept in memory (the facet index) is current while the token is the same."""

    token = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "version du catalogue"

    def __str__(self) -> str:
        return str(self.token)


class CatalogueChange(models.Model):
    """A row of a catalogue table that a transaction wrote, recorded by the same database
    triggers as the version (see ``core.versioning``), so that what is kept in memory can
    re-read the rows that changed rather than everything (``core.changes``).

    ``row`` is the written row's key; for a many-to-many link table, the key of the row that
    declares the link (the sheet of ``fiches_action_keywords``); None when a whole table was
    emptied. On PostgreSQL ``transaction`` is the writing transaction's id, which tells a
    reader whether a change was committed before or after the snapshot it read."""

    table = models.CharField(max_length=63)
    row = models.BigIntegerField(null=True)
    transaction = models.BigIntegerField(null=True)
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "modification du catalogue"
        verbose_name_plural = "modifications du catalogue"
        indexes = [
            models.Index(fields=["transaction"], name="catalogue_change_transaction"),
            models.Index(fields=["recorded_at"], name="catalogue_change_recorded_at"),
        ]

    def __str__(self) -> str:
        return f"{self.table} {self.row}"


class FormerSlug(models.Model):
    """A slug a page had before its current one: its old address redirects (301) to the new
    one (``core.slugs``)."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    slug = models.SlugField(max_length=100)

    class Meta:
        verbose_name = "ancien identifiant d'URL"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "slug"], name="former_slug_unique_per_model"
            ),
        ]

    def __str__(self) -> str:
        return self.slug
