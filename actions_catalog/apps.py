from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import post_migrate


class CatalogueAdminConfig(AdminConfig):
    """The admin, with the coordinators' site in place of Django's default one."""

    default_site = "actions_catalog.admin.CatalogueAdminSite"


class CatalogueConfig(AppConfig):
    """What the catalogue's apps share that needs the database: the catalogue's version."""

    name = "actions_catalog"
    verbose_name = "Catalogue"

    def ready(self):
        from .versioning import install_version_triggers

        # After every migration, since a migration may rebuild a table without its triggers
        # (SQLite alters a table by copying it).
        post_migrate.connect(
            install_version_triggers, sender=self, dispatch_uid="catalogue.version_triggers"
        )
