"""python manage.py rebuild_search — recomputes every fiche action's derived data: its search
document and its completeness.

The code that writes sheets refreshes them (``fiches.derived``); this is for rows written
another way (``QuerySet.update()``, SQL, fixtures) or after a change of how they are computed.
"""

from django.core.management.base import BaseCommand

from fiches.derived import refresh_derived
from fiches.models import Action


class Command(BaseCommand):
    help = "Recalcule les champs de recherche et la complétude de toutes les fiches actions."

    def handle(self, *args, **options):
        count = refresh_derived(actions=Action.objects.all())
        self.stdout.write(self.style.SUCCESS(f"Champs de recherche recalculés : {count} fiche(s)."))
