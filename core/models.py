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
