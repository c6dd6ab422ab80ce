from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FichesConfig(AppConfig):
    name = "fiches"
    verbose_name = _("Fiches actions et projets")

    def ready(self):
        # A saved centre's sheets searched under its new names; a deleted attachment's file.
        from . import signals  # noqa: F401
