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
    assert {"add_action", "change_action", "change_partner", "view_centre",
            "change_centre"} <= team  # fmt: skip
    assert not {"delete_action", "delete_partner", "add_centre", "delete_centre",
                "change_keyword", "add_centremembership"} & team  # fmt: skip


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


CONTACT = {
    "address": "2 rue des Tilleuls",
    "postcode": "78500",
    "commune": "Sartrouville",
    "insee_code": "78586",
    "phone": "01 30 00 00 00",
    "email": "accueil@tilleuls.example",
    "website": "https://tilleuls.example/",
    "opening_hours": "Du lundi au vendredi, 9 h – 18 h",
}


def test_a_team_keeps_its_centres_contact_details_but_not_its_name(
    client, centre_staff, own_centre
):
    client.force_login(centre_staff)
    form = client.get(admin_url(own_centre, "change"))

    response = client.post(
        admin_url(own_centre, "change"),
        changeform_data(form, **CONTACT, name="Autre nom", slug="autre-adresse"),
    )

    assert response.status_code == 302
    own_centre.refresh_from_db()
    assert {field: getattr(own_centre, field) for field in CONTACT} == CONTACT
    assert own_centre.name != "Autre nom" and own_centre.slug != "autre-adresse"
    assert 'name="name"' not in form.content.decode()  # shown, not editable


def test_a_team_cannot_touch_another_centre(client, centre_staff, other_centre):
    client.force_login(centre_staff)

    assert client.get(admin_url(other_centre, "change")).status_code == 302  # "not found"
    client.post(admin_url(other_centre, "change"), {"phone": "01 02 03 04 05"})

    other_centre.refresh_from_db()
    assert other_centre.phone == ""


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"postcode": "785"}, "postcode"),
     ({"insee_code": "7858"}, "insee_code"),
     ({"phone": "appelez-nous"}, "phone"),
     ({"email": "pas une adresse"}, "email"),
     ({"commune": ""}, "commune")],
)  # fmt: skip
def test_contact_details_are_checked(coordinator_client, changes, field):
    centre = CentreFactory()
    form = coordinator_client.get(admin_url(centre, "change"))

    response = coordinator_client.post(
        admin_url(centre, "change"), changeform_data(form, **CONTACT | changes)
    )

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    centre.refresh_from_db()
    assert centre.phone == ""
