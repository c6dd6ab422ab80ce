from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FichesConfig(AppConfig):
    name = "fiches"
    verbose_name = _("Fiches actions et projets")

    def ready(self):
        # Keeps every sheet's completeness and search document current.
        from . import signals  # noqa: F401
