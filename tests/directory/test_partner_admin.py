"""A partner's action sheets, edited from the partner's page and from the sheet's, each change
in the sheet's history."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from fiches.models import Action
from tests.admin_forms import admin_url, changeform_data
from tests.centres.factories import PartnerFactory
from tests.fiches.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_links_sheets_from_the_partner_s_page(coordinator_client):
    partner = PartnerFactory()
    action = ActionFactory()
    url = admin_url(partner, "change")

    data = changeform_data(coordinator_client.get(url), actions=[str(action.pk)])
    response = coordinator_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(partner.actions.all()) == [action]
    record = Action.history.filter(id=action.pk).latest("history_date")
    assert [link.partner_id for link in record.partners.all()] == [partner.pk]


def test_a_coordinator_links_partners_from_the_sheet_s_page(coordinator_client):
    partner = PartnerFactory()
    action = ActionFactory()
    url = admin_url(action, "change")

    data = changeform_data(coordinator_client.get(url), partners=[str(partner.pk)])
    response = coordinator_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(action.partners.all()) == [partner]


def test_the_partner_s_sheets_are_searched_as_one_types(coordinator_client):
    ActionFactory(title="Fête des voisins")
    ActionFactory(title="Atelier cuisine")

    page = coordinator_client.get(admin_url(PartnerFactory(), "change")).content.decode()
    assert 'data-model-name="action_partners"' in page
    response = coordinator_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "fiches",
            "model_name": "action_partners",
            "field_name": "action",
            "term": "fête",
        },
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Fête des voisins"]


def test_centre_staff_keep_the_links_to_other_centres_sheets_they_cannot_see(
    centre_staff, own_centre, other_centre
):
    partner = PartnerFactory()
    partner.centres.add(own_centre)
    theirs = ActionFactory(centre=other_centre)
    ours = ActionFactory(centre=own_centre)
    partner.actions.add(theirs)
    client = Client()
    client.force_login(centre_staff)
    url = admin_url(partner, "change")

    data = changeform_data(client.get(url), actions=[str(ours.pk)])
    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert set(partner.actions.all()) == {ours, theirs}
    refused = client.post(url, changeform_data(client.get(url), actions=[str(theirs.pk + 1000)]))
    assert refused.status_code == 200


def test_the_sheet_s_history_page_tells_the_partner_added(coordinator_client):
    partner = PartnerFactory(name="Secours populaire")
    action = ActionFactory()
    # Created an hour ago: the link added now is a save of its own, not part of the creation.
    Action.history.filter(id=action.pk).update(history_date=timezone.now() - timedelta(hours=1))
    partner.actions.add(action)

    page = coordinator_client.get(admin_url(action, "history")).content.decode()

    assert "Partenaires associés : ajouté « Secours populaire »" in page
