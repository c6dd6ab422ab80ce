from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The yearly update of the partner directory: campaigns of personal links, the
    partners' proposals and their review."""

    name = "directory"
    verbose_name = "Mise à jour des partenaires"
