"""What a process builds before its first request: the facet indexes of the public lists,
as an anonymous visitor sees them (``core.facet_store``), and the catalogue's spellings
(``fiches.spellings``)."""

import logging
import time

from django.http import QueryDict

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
    logger.info("Index des listes publiques construits en %.1f s", time.perf_counter() - started)
