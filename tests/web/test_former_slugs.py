"""Slugs keep their words apart, and a page whose slug changed answers its old address
with a permanent redirect."""

import pytest

from centres.models import Centre, slug_base
from core.models import FormerSlug
from core.publication import PublicationState
from fiches.models import Action
from tests.centres.factories import CentreFactory, PartnerFactory
from tests.fiches.factories import ActionFactory, ProjectSheetFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Fête de quartier/Animation de proximité", "fete-de-quartier-animation-de-proximite"),
        ("Création d'un poulailler", "creation-d-un-poulailler"),
        ("« Vers le O déchet… »", "vers-le-o-dechet"),
        ("snake_case", "snake-case"),
        ("!!!", "sans-titre"),
    ],
)
def test_a_slug_keeps_the_word_breaks(text, slug):
    assert slug_base(text) == slug


def test_a_new_sheet_gets_a_slug_with_its_words_apart():
    action = ActionFactory(title="Fête de quartier/Animation de proximité")
    assert action.slug == "fete-de-quartier-animation-de-proximite"


@pytest.mark.parametrize(
    "factory", [ActionFactory, CentreFactory, PartnerFactory, ProjectSheetFactory]
)
def test_an_old_slug_redirects_permanently_to_the_page(client, factory):
    page = factory()
    old_url = page.get_absolute_url()
    page.slug = "nouvel-identifiant"
    page.save()

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == page.get_absolute_url()
    assert client.get(page.get_absolute_url()).status_code == 200


def test_a_slug_given_back_is_the_page_again_not_a_redirect(client):
    action = ActionFactory(title="Atelier")
    action.slug = "autre"
    action.save()
    action.slug = "atelier"
    action.save()

    assert client.get("/actions/atelier/").status_code == 200
    assert client.get("/actions/autre/").status_code == 301
    assert list(FormerSlug.objects.values_list("slug", flat=True)) == ["autre"]


def test_an_old_slug_of_a_page_the_visitor_may_not_see_is_not_found(client):
    action = ActionFactory(publication_state=PublicationState.DRAFT)
    old_url = action.get_absolute_url()
    action.slug = "brouillon"
    action.save()

    assert client.get(old_url).status_code == 404
    assert client.get("/actions/jamais-vu/").status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_gives_existing_pages_new_slugs_and_keeps_the_old_ones(
    client, migration_executor
):
    centre = CentreFactory(display_name="Centre social L'Étoile")
    action = ActionFactory(title="Fête de quartier/Animation", centre=centre)
    kept = ActionFactory(title="Atelier cuisine", centre=centre)
    Action.objects.filter(pk=action.pk).update(slug="fete-de-quartieranimation")
    Centre.objects.filter(pk=centre.pk).update(slug="centre-social-letoile")
    executor = migration_executor
    executor.migrate([("fiches", "0012_action_sort_key")])
    executor.loader.build_graph()
    executor.migrate([("fiches", "0013_slugs_keep_word_breaks")])
    # Back to the latest state, for the models as they are now to read the rows.
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    action.refresh_from_db()
    centre.refresh_from_db()
    assert action.slug == "fete-de-quartier-animation"
    assert centre.slug == "centre-social-l-etoile"
    assert Action.objects.get(pk=kept.pk).slug == kept.slug
    response = client.get("/actions/fete-de-quartieranimation/")
    assert (response.status_code, response["Location"]) == (301, action.get_absolute_url())
    response = client.get("/centres/centre-social-letoile/")
    assert (response.status_code, response["Location"]) == (301, centre.get_absolute_url())
