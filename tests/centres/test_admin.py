"""Centres, their teams and the partner directory in the workspace; the roles' groups."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from centres.models import CentreMembership, Partner, one_year_before
from centres.permissions import CENTRE_TEAM_GROUP, COORDINATORS_GROUP
from tests.admin_forms import admin_url, changeform_data
from tests.centres.factories import CentreFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_roles_exist_with_their_permissions():
    coordinators = set(
        Group.objects.get(name=COORDINATORS_GROUP).permissions.values_list("codename", flat=True)
    )
    team = set(
        Group.objects.get(name=CENTRE_TEAM_GROUP).permissions.values_list("codename", flat=True)
    )

    assert {"delete_action", "change_centre", "add_centremembership", "delete_keyword"} <= (
        coordinators
    )
    assert {"add_action", "change_action", "change_partner", "view_centre"} <= team
    assert not {"delete_action", "delete_partner", "change_centre", "change_keyword",
                "add_centremembership"} & team  # fmt: skip


@pytest.fixture
def partners():
    now = timezone.now()
    return {
        "never": PartnerFactory(name="Jamais revu"),
        "stale": PartnerFactory(name="Revu il y a deux ans", last_reviewed_at=now - timedelta(730)),
        "fresh": PartnerFactory(name="Revu le mois dernier", last_reviewed_at=now - timedelta(30)),
    }


def test_partners_not_reviewed_for_a_year_are_due(partners):
    due = set(Partner.objects.review_due().values_list("name", flat=True))

    assert due == {"Jamais revu", "Revu il y a deux ans"}
    assert partners["never"].review_due and not partners["fresh"].review_due


def test_a_year_before_29_february_is_28_february():
    leap_day = timezone.now().replace(year=2028, month=2, day=29)

    assert one_year_before(leap_day).date().isoformat() == "2027-02-28"


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("a_mettre_a_jour", {"Jamais revu", "Revu il y a deux ans"}),
     ("a_jour", {"Revu le mois dernier"})],
)  # fmt: skip
def test_the_directory_filters_partners_to_update(coordinator_client, partners, choice, expected):
    response = coordinator_client.get(admin_url(Partner, "changelist"), {"revue": choice})

    assert {partner.name for partner in response.context["cl"].result_list} == expected


def test_marking_partners_reviewed(coordinator_client, partners):
    coordinator_client.post(
        admin_url(Partner, "changelist"),
        {"action": "mark_reviewed", "index": 0,
         "_selected_action": [partners["never"].pk, partners["stale"].pk]},
    )  # fmt: skip

    assert not Partner.objects.review_due().exists()
    latest = partners["never"].history.latest("history_date")
    assert latest.history_change_reason == "Revu"


def test_a_coordinators_save_counts_as_a_review(coordinator_client, partners):
    partner = partners["never"]
    form = coordinator_client.get(admin_url(partner, "change"))

    coordinator_client.post(admin_url(partner, "change"), changeform_data(form, phone="01 02"))

    partner.refresh_from_db()
    assert partner.last_reviewed_at is not None
    assert not partner.review_due


def test_a_teams_save_is_not_a_review(client, centre_staff, own_centre):
    partner = PartnerFactory()
    partner.centres.add(own_centre)
    client.force_login(centre_staff)
    form = client.get(admin_url(partner, "change"))

    client.post(admin_url(partner, "change"), changeform_data(form, phone="01 02"))

    partner.refresh_from_db()
    assert partner.phone == "01 02"
    assert partner.last_reviewed_at is None


def test_a_team_cannot_mark_partners_reviewed(client, centre_staff, own_centre):
    partner = PartnerFactory()
    partner.centres.add(own_centre)
    client.force_login(centre_staff)

    client.post(
        admin_url(Partner, "changelist"),
        {"action": "mark_reviewed", "index": 0, "_selected_action": [partner.pk]},
    )

    partner.refresh_from_db()
    assert partner.last_reviewed_at is None


def test_a_coordinator_attaches_people_to_a_centre(coordinator_client):
    centre = CentreFactory()
    member = UserFactory(username="animatrice")
    form = coordinator_client.get(admin_url(centre, "change"))
    data = changeform_data(form)
    data |= {"memberships-TOTAL_FORMS": "1", "memberships-0-user": str(member.pk)}

    response = coordinator_client.post(admin_url(centre, "change"), data)

    assert response.status_code == 302
    assert CentreMembership.objects.filter(user=member, centre=centre).exists()


def test_the_user_admin_shows_the_centres_of_a_person(coordinator_client, centre_staff):
    response = coordinator_client.get(admin_url(centre_staff, "change"))

    assert response.status_code == 200
    assert "Centre social des Tilleuls" in response.content.decode()
    assert coordinator_client.get(admin_url(User, "changelist")).status_code == 200
