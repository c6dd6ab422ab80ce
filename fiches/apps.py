from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FichesConfig(AppConfig):
    name = "fiches"
    verbose_name = _("Fiches actions et projets")

    def ready(self):
        from . import search, signals  # noqa: F401  (signals connects its receivers)

        # Keeps every sheet's search fields current on saves and vocabulary changes.
        search.connect_receivers()
