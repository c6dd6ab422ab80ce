"""python manage.py rebuild_search — recomputes every fiche action's search fields.

Saves and vocabulary changes keep them current; this is for rows written another way
(``QuerySet.update()``, SQL, fixtures) or after a change of how they are computed.
"""

from django.core.management.base import BaseCommand

from fiches.models import Action
from fiches.search import refresh_search_fields


class Command(BaseCommand):
    help = "Recalcule les champs de recherche de toutes les fiches actions."

    def handle(self, *args, **options):
        count = refresh_search_fields(Action.objects.all())
        self.stdout.write(self.style.SUCCESS(f"Champs de recherche recalculés : {count} fiche(s)."))
