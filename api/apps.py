from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only JSON API over the published catalogue."""

    name = "api"
    verbose_name = "API"
