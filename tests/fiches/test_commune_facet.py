"""The list's commune facet: by the commune of each sheet's centre, and current as soon as a
centre's team corrects it (the kept index is patched from the change log, not rebuilt).

Writes are committed (``transaction=True``): the log is read in the order of commits."""

import pytest
from django.http import QueryDict

from core import facet_store
from fiches.filters import ActionFilterSet
from fiches.models import Action
from tests.admin_forms import admin_url, changeform_data
from tests.centres.factories import CentreFactory, UserFactory
from tests.fiches.factories import ActionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _fresh_indexes():
    facet_store.forget_indexes()
    yield
    facet_store.forget_indexes()


def kept_index():
    scope = Action.objects.published()
    filters = ActionFilterSet(QueryDict(), queryset=scope).facet_filters()
    return facet_store.index_for(
        scope, {name: filter_.source(Action) for name, filter_ in filters.items()}
    )


def communes(query: str = "") -> dict[str, int]:
    filterset = ActionFilterSet(QueryDict(query), queryset=Action.objects.published())
    return {option.value: option.count for option in filterset.counted_options("commune")}


def test_a_centres_new_commune_refiles_its_sheets_in_the_facet(client):
    centre = CentreFactory()
    centre.commune = "Sartroville"  # a typo someone corrects
    centre.save()
    ActionFactory.create_batch(2, centre=centre)
    ActionFactory(centre=CentreFactory(commune="Trappes"))
    assert communes() == {"Sartroville": 2, "Trappes": 1}
    kept = kept_index()

    # A superuser needs none of the migrations' groups, which an earlier transactional
    # test's flush may have removed (the team's own edit: tests/centres/test_admin.py).
    client.force_login(UserFactory(is_superuser=True))
    form = client.get(admin_url(centre, "change"))
    response = client.post(
        admin_url(centre, "change"), changeform_data(form, commune="Sartrouville")
    )
    assert response.status_code == 302

    assert communes() == {"Sartrouville": 2, "Trappes": 1}
    assert (
        ActionFilterSet(
            QueryDict("commune=Sartrouville"), queryset=Action.objects.published()
        ).result_count
        == 2
    )
    assert (
        ActionFilterSet(
            QueryDict("commune=Sartroville"), queryset=Action.objects.published()
        ).result_count
        == 0
    )
    patched = kept_index()
    assert patched is kept  # patched in place, not rebuilt


def test_the_list_page_offers_the_commune_facet(client):
    ActionFactory(centre=CentreFactory(commune="Trappes"))

    page = client.get("/actions/?commune=Trappes").content.decode()

    assert 'name="commune"' in page and 'value="Trappes"' in page
