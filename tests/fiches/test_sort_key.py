"""Titles sort on a stored key that ignores punctuation, accents and case."""

import pytest
from django.urls import reverse

from fiches.models import Action
from tests.fiches.factories import ActionFactory

pytestmark = pytest.mark.django_db

TITLES = ['"Vers le O dechet..."', "Élan sportif", "atelier cuisine", "Eco-gestes", "Zumba"]
SORTED = ["atelier cuisine", "Eco-gestes", "Élan sportif", '"Vers le O dechet..."', "Zumba"]


def test_saving_a_sheet_keeps_its_sort_key():
    action = ActionFactory(title="« Fête » de L'ÉTÉ")
    assert action.sort_key == "fete de l ete"

    action.title = "Zèbre"
    action.save(update_fields=["title"])
    action.refresh_from_db()
    assert action.sort_key == "zebre"


def test_the_default_order_and_the_list_s_title_sort_ignore_punctuation_accents_and_case(client):
    for title in TITLES:
        ActionFactory(title=title)

    assert list(Action.objects.values_list("title", flat=True)) == SORTED
    response = client.get(reverse("fiches:action_list"), {"sort": "title"})
    assert [action.title for action in response.context["action_list"]] == SORTED


def test_an_import_fills_the_sort_key(seeded):
    assert not Action.objects.filter(sort_key="").exists()
    action = Action.objects.get(title="Création d'un poulailler")
    assert action.sort_key == "creation d un poulailler"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_fills_the_sort_keys_of_existing_sheets(migration_executor):
    ActionFactory(title="Élan SPORTIF !")
    Action.objects.update(sort_key="")
    executor = migration_executor
    executor.migrate([("fiches", "0011_pending_import")])
    executor.loader.build_graph()
    executor.migrate([("fiches", "0012_action_sort_key")])

    assert list(Action.objects.values_list("sort_key", flat=True)) == ["elan sportif"]
