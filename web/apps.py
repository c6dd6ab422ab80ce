from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class CatalogueAdminConfig(AdminConfig):
    """The admin, with the coordinators' site in place of Django's default one."""

    default_site = "web.admin_site.CatalogueAdminSite"


class WebConfig(AppConfig):
    """The pages that cross the domain apps: the public catalogue and the admin's site."""

    name = "web"
    verbose_name = "Site"
