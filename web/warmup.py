"""What a process builds before its first request: the facet indexes of the public lists,
as an anonymous visitor sees them (``core.facet_store``), and the catalogue's spellings
(``fiches.spellings``); and what Django otherwise loads on a process's first request: the
URL configuration (its views, the API's schemas: 0.6 s), the reversing of names, and the
project's templates."""

import logging
import time
from pathlib import Path

from django.conf import settings
from django.http import QueryDict
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

from centres.filters import PartnerFilterSet
from centres.models import Partner
from fiches.filters import ActionFilterSet
from fiches.models import Action
from fiches.spellings import catalogue_spellings

logger = logging.getLogger(__name__)


def warm_up() -> None:
    started = time.perf_counter()
    public_lists = [
        (ActionFilterSet, Action.objects.published()),
        (PartnerFilterSet, Partner.objects.published()),
    ]
    for filterset_class, scope in public_lists:
        filterset_class(QueryDict(), queryset=scope).facets()
    # What restores the accents of titles written in capitals (read in the background later).
    catalogue_spellings()
    load_urls_and_templates()
    logger.info("Index des listes publiques construits en %.1f s", time.perf_counter() - started)


def load_urls_and_templates() -> list[str]:
    """Loads the URL configuration, its names for reversing in the site's language, and
    compiles the project's own templates (kept by Django's cached loader); returns their
    names."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 (imports every view)
    with translation.override(settings.LANGUAGE_CODE):
        resolver.reverse_dict  # noqa: B018 (built once per language)
    names = []
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(directory).rglob("*.html")):
            name = path.relative_to(directory).as_posix()
            get_template(name)
            names.append(name)
    return names
