"""Rows written in bulk by ``core.bulk_rows`` (``COPY`` on PostgreSQL): stored as the ORM would
store them, and named by the catalogue's change log and version like any other write."""

import pytest
from django.forms.models import model_to_dict

from centres.models import Centre
from core.bulk_rows import copy_rows, insert_instances
from core.models import CatalogueChange
from core.versioning import current_version
from fiches.models import Action
from tests.fiches.factories import ActionFactory, KeywordFactory

pytestmark = pytest.mark.django_db


def test_instances_are_stored_with_their_keys_as_bulk_create_stores_them():
    # What ``save()`` would work out, given: bulk writes call no ``save()``.
    centres = [
        Centre(name="CENTRE SOCIAL LES LILAS", match_key="centre social les lilas", slug="lilas"),
        Centre(name="ESPACE « Mosaïque »", match_key="espace mosaique", slug="mosaique"),
    ]
    version = current_version()

    insert_instances(centres)

    assert all(centre.pk and not centre._state.adding for centre in centres)
    for centre in centres:
        stored = Centre.objects.get(pk=centre.pk)
        assert model_to_dict(stored) == model_to_dict(centre)
        assert stored.created_at == centre.created_at is not None
    logged = CatalogueChange.objects.filter(table=Centre._meta.db_table)
    assert {centre.pk for centre in centres} <= set(logged.values_list("row", flat=True))
    assert current_version() != version


def test_copied_links_are_stored_and_logged():
    action, keywords = ActionFactory(), KeywordFactory.create_batch(2)
    through = Action._meta.get_field("keywords").remote_field.through

    copy_rows(through, ["action_id", "keyword_id"], [(action.pk, k.pk) for k in keywords])

    assert set(action.keywords.all()) == set(keywords)
    logged = CatalogueChange.objects.filter(table=through._meta.db_table)
    assert action.pk in set(logged.values_list("row", flat=True))
