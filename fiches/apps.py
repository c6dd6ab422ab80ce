from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FichesConfig(AppConfig):
    name = "fiches"
    verbose_name = _("Fiches actions et projets")

    def ready(self):
        # A saved centre's sheets searched under its new names; a deleted attachment's file.
        from . import signals  # noqa: F401
        from .spellings import install_spelling_counts

        # After every migration: the counts follow this version's triggers (``spellings``).
        post_migrate.connect(
            install_spelling_counts, sender=self, dispatch_uid="fiches.spelling_counts"
        )
