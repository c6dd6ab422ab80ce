from django.contrib.admin.apps import AdminConfig


class CatalogueAdminConfig(AdminConfig):
    """The admin, with the coordinators' site in place of Django's default one."""

    default_site = "actions_catalog.admin.CatalogueAdminSite"
