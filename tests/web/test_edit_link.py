"""A « Modifier » link on the public pages, for the people who may edit the record in the
workspace (the admin's rule), never kept in the anonymous pages' cache."""

import uuid

import pytest
from django.test import Client

from core.publication import PublicationState
from tests.admin_forms import admin_url
from tests.centres.factories import PartnerFactory
from tests.fiches.factories import ActionFactory, ProjectSheetFactory

pytestmark = pytest.mark.django_db

MAKERS = {
    "action": lambda centre: ActionFactory(centre=centre),
    "projectsheet": lambda centre: ProjectSheetFactory(
        centre=centre, publication_state=PublicationState.PUBLISHED
    ),
    "centre": lambda centre: centre,
    "partner": lambda centre: linked_partner(centre),
}


def linked_partner(centre):
    partner = PartnerFactory()
    partner.centres.add(centre)
    return partner


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_link(record) -> str:
    return f'<a href="{admin_url(record, "change")}">Modifier</a>'


@pytest.mark.parametrize("kind", MAKERS)
def test_a_coordinator_gets_the_link_on_every_page(coordinator_client, own_centre, kind):
    record = MAKERS[kind](own_centre)

    page = coordinator_client.get(record.get_absolute_url()).content.decode()

    assert edit_link(record) in page


@pytest.mark.parametrize("kind", ["action", "projectsheet", "partner"])
def test_a_centre_team_gets_it_for_its_centres_only(centre_staff, own_centre, other_centre, kind):
    own, other = MAKERS[kind](own_centre), MAKERS[kind](other_centre)
    client = signed_in(centre_staff)

    assert edit_link(own) in client.get(own.get_absolute_url()).content.decode()
    assert "Modifier</a>" not in client.get(other.get_absolute_url()).content.decode()


def test_a_centre_team_edits_its_own_centres_contact_details_only(
    centre_staff, own_centre, other_centre
):
    browser = signed_in(centre_staff)

    assert "Modifier</a>" in browser.get(own_centre.get_absolute_url()).content.decode()
    assert "Modifier</a>" not in browser.get(other_centre.get_absolute_url()).content.decode()


def test_visitors_and_staff_without_a_role_get_no_link(client, plain_staff, own_centre):
    action = ActionFactory(centre=own_centre)

    assert "Modifier</a>" not in client.get(action.get_absolute_url()).content.decode()
    page = signed_in(plain_staff).get(action.get_absolute_url()).content.decode()
    assert "Modifier</a>" not in page


def test_the_link_never_reaches_a_kept_page(settings, coordinator_client, own_centre):
    settings.CACHES = {
        **settings.CACHES,
        "kept_pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"pages-{uuid.uuid4()}",
        },
    }
    settings.PAGE_CACHE_ALIAS = "kept_pages"
    action = ActionFactory(centre=own_centre)

    assert edit_link(action) in coordinator_client.get(action.get_absolute_url()).content.decode()
    kept = Client().get(action.get_absolute_url())
    again = Client().get(action.get_absolute_url())

    assert "ETag" in kept  # the anonymous page is kept…
    assert again.content == kept.content
    assert "Modifier</a>" not in again.content.decode()  # …without the link
    assert edit_link(action) in coordinator_client.get(action.get_absolute_url()).content.decode()
