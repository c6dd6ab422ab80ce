"""Recording a validation in the workspace: coordinators for any directory, a centre's team
for its own centres'; an edition is then read, never changed nor deleted."""

import pytest
from django.test import Client

from editions.models import DirectoryEdition
from editions.services import validate_directory
from tests.admin_forms import admin_url, changeform_data
from tests.editions.conftest import OFFICIAL, VALIDATION_DAY
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def record_validation(client, centre) -> int:
    """Posts the add form as a browser would; returns the response's status."""
    form = client.get(admin_url(DirectoryEdition, "add"))
    if form.status_code != 200:
        return form.status_code
    values = {"validated_by": OFFICIAL, "validated_on": VALIDATION_DAY.isoformat(), "year": ""}
    values["centre"] = str(centre.pk) if centre else ""
    return client.post(admin_url(DirectoryEdition, "add"), changeform_data(form, **values))


def test_a_coordinator_records_a_validation_which_freezes_the_edition(
    coordinator, own_centre, directory
):
    response = record_validation(signed_in(coordinator), own_centre)

    assert response.status_code == 302
    edition = DirectoryEdition.objects.get()
    assert (edition.centre, edition.year, edition.recorded_by) == (own_centre, 2027, coordinator)
    assert edition.entries.count() == 3


def test_a_coordinator_records_the_whole_directorys_edition(coordinator, directory):
    record_validation(signed_in(coordinator), None)

    assert DirectoryEdition.objects.get().centre is None


@pytest.mark.parametrize(("centre", "recorded"), [("own_centre", True), ("other_centre", False),
                                                  (None, False)])  # fmt: skip
def test_a_centre_team_records_its_own_centres_validation_only(
    request, centre_staff, directory, centre, recorded
):
    target = request.getfixturevalue(centre) if centre else None

    record_validation(signed_in(centre_staff), target)

    assert DirectoryEdition.objects.exists() is recorded


def test_staff_without_a_role_cannot_record_a_validation(plain_staff, own_centre, directory):
    assert record_validation(signed_in(plain_staff), own_centre) == 403
    assert not DirectoryEdition.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "centre_staff"])
def test_an_edition_is_read_never_changed_nor_deleted(request, role, own_centre, directory):
    edition = validate_directory(centre=own_centre, validated_by=OFFICIAL,
                                 validated_on=VALIDATION_DAY)  # fmt: skip
    client = signed_in(request.getfixturevalue(role))

    page = client.get(admin_url(edition, "change"))
    assert page.status_code == 200
    assert "Caf des Yvelines" in text_of(page)
    client.post(admin_url(edition, "change"), {"validated_by": "Quelqu'un d'autre",
                                               "validated_on": "2020-01-01"})  # fmt: skip
    assert client.post(admin_url(edition, "delete"), {"post": "yes"}).status_code == 403
    edition.refresh_from_db()
    assert (edition.validated_by, edition.validated_on) == (OFFICIAL, VALIDATION_DAY)


def test_a_centre_team_does_not_see_another_centres_editions(centre_staff, other_centre, directory):
    edition = validate_directory(centre=other_centre, validated_by=OFFICIAL,
                                 validated_on=VALIDATION_DAY)  # fmt: skip
    client = signed_in(centre_staff)

    assert (
        admin_url(edition, "change")
        not in client.get(admin_url(DirectoryEdition, "changelist")).content.decode()
    )
    assert client.get(admin_url(edition, "change")).status_code == 302  # "not found"
