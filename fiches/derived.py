"""What is derived from a fiche action and stored for it: its completeness (a column of the
sheet) and its search document (``fiches.search``).

Both are refreshed by an explicit call to :func:`refresh_derived` from the code that changes
what they are computed from, once it has written, never by signals that every writer would
have to know to defer: the importer once per file (``fiches.importing``), the vocabulary
services (``fiches.services``: an entry renamed, deleted or merged), the admin (a sheet saved
with its vocabularies, or reverted to a version), and, for a centre's names, the one
receiver of ``fiches.signals``. ``Action.save()`` computes the completeness of the sheet as
stored; publishing or archiving a sheet changes neither (``core.publication``).

``manage.py rebuild_search`` refreshes every sheet, for rows written another way (SQL,
``QuerySet.update()``, fixtures).
"""

from collections.abc import Iterable

from django.db import models, transaction

from . import search
from .models import Action


def refresh_derived(
    *, actions: models.QuerySet | Iterable[Action | int], completeness: bool = True, using=None
) -> int:
    """Recomputes the completeness and the search document of these sheets (a queryset,
    sheets or their keys), in a few queries for them all; returns how many were refreshed.
    The sheets' rows are not saved again: no history record, no new ``updated_at``.

    ``completeness=False`` is for a writer that stored each sheet's score with the sheet,
    its vocabularies known (the importer): reading the sheets back to find the same scores
    took a tenth of an import's time."""
    if isinstance(actions, models.QuerySet):
        if not actions.exists():
            return 0
        keys = actions.order_by().values_list("pk", flat=True)  # a subquery: any number
    else:
        keys = sorted({getattr(action, "pk", action) for action in actions})
        if not keys:
            return 0
    # Within the caller's transaction if there is one (an import's file): no savepoint.
    with transaction.atomic(using=using, savepoint=False):
        if completeness:
            Action.objects.using(using).filter(pk__in=keys).refresh_completeness()
        return search.refresh_search_fields(keys, using=using)
