"""A NUL in a request is refused with a 400 before any view runs: PostgreSQL text can never
hold one, and every filter, search or lookup that passed it on made the database raise."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.admin_forms import admin_url
from tests.fiches.factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/actions/?keyword=%00",
        "/actions/?centre=%00",
        "/actions/?public=%00",
        "/actions/?partner_type=%00",
        "/actions/?initiator=%00",
        "/actions/?q=a%00b",
        "/actions/?%00=1",
        "/partenaires/?centre=%00",
        "/actions/%00/",
    ],
)
def test_a_nul_in_a_public_url_is_a_400_with_a_french_page(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "Requête invalide" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/fiches/action/?departement=%00",
        "/admin/fiches/action/?publication_state__exact=%00",
        "/admin/fiches/action/?status__exact=%00",
        "/admin/fiches/action/?q=%00",
        "/admin/fiches/projectsheet/?year=%00",
        "/admin/autocomplete/?app_label=fiches&model_name=action&field_name=centre&term=%00",
    ],
)
def test_a_nul_in_a_workspace_url_is_a_400(coordinator_client, url):
    assert coordinator_client.get(url).status_code == 400


def test_a_nul_in_a_posted_form_is_a_400(coordinator_client):
    action = ActionFactory(title="Atelier")

    response = coordinator_client.post(admin_url(action, "change"), {"title": "Atelier\x00"})

    assert response.status_code == 400
    action.refresh_from_db()
    assert action.title == "Atelier"


def test_a_nul_in_a_multipart_form_is_a_400(coordinator_client):
    upload = SimpleUploadedFile("programme.pdf", b"%PDF-1.4")
    data = {"attachments-0-title": "Pro\x00gramme", "attachments-0-file": upload}

    response = coordinator_client.post(admin_url(ActionFactory(), "change"), data)

    assert response.status_code == 400


def test_other_control_characters_go_through(client):
    assert client.get("/actions/?keyword=%01&q=%1F").status_code == 200


def test_a_query_string_too_long_to_read_is_left_to_the_view(client):
    too_many = "&".join(f"x{index}=1" for index in range(1100))

    assert client.get(f"/admin/fiches/import/?{too_many}").status_code == 302  # to the login
    assert client.get(f"/actions/?{too_many}").status_code == 400  # the list reads it
