from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """What the catalogue's apps share: publication, history, the catalogue's version, the
    facet index, faceted filters and pagination. It imports no domain app: what it needs
    from them comes through settings (``CATALOGUE_VERSIONED_APPS``) and parameters.

    Its label is the one the project's first package had, so that its table and its
    migrations stay as they are in every database."""

    name = "core"
    label = "actions_catalog"
    verbose_name = "Catalogue"

    def ready(self):
        from .versioning import install_version_triggers

        # After every migration, since a migration may rebuild a table without its triggers
        # (SQLite alters a table by copying it).
        post_migrate.connect(
            install_version_triggers, sender=self, dispatch_uid="catalogue.version_triggers"
        )
