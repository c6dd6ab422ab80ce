"""A record's history page in plain French: one row per save, its changes in words."""

import pytest

from centres.enums import FollowUpState
from tests.admin_forms import admin_url, changeform_data
from tests.centres.factories import PartnerFactory
from tests.fiches.factories import ActionFactory, PublicFactory

pytestmark = pytest.mark.django_db


def history_rows(response) -> list[str]:
    page = response.content.decode()
    start = page.index('id="change-history"')
    table = page[start : page.index("</table>", start)]
    return table.split("<tr>")[2:]  # after the header's row


def test_a_save_with_vocabularies_is_one_row_in_words(coordinator_client, coordinator):
    action = ActionFactory(summary="Un atelier pour les familles du quartier, le samedi matin.")
    families = PublicFactory(name="familles")
    form = coordinator_client.get(admin_url(action, "change"))
    longer = "Un atelier de cuisine pour les familles du quartier, chaque samedi matin au centre."
    coordinator_client.post(
        admin_url(action, "change"),
        changeform_data(form, summary=longer, publics=[families.pk]),
    )
    assert action.history.count() == 3  # created, then the save and its vocabulary

    response = coordinator_client.get(admin_url(action, "history"))

    rows = history_rows(response)
    assert len(rows) == 2
    latest = rows[0]
    assert "Publics : ajouté « familles »" in latest
    assert "Résumé : modifié (58 caractères, désormais 83)" in latest
    assert "coordinatrice" in latest
    assert "Création" in rows[1]
    page = response.content.decode()
    assert "chars]" not in page and "None" not in page
    assert "Date et heure" in page and "Modifications" in page


def test_an_empty_reason_and_user_read_as_a_dash(coordinator_client):
    partner = PartnerFactory()
    partner.follow_up_state = FollowUpState.TO_CHASE
    partner.save()

    rows = history_rows(coordinator_client.get(admin_url(partner, "history")))

    assert "<td>—</td>" in rows[0]
    assert "Suivi : « — » remplacé par « À relancer »" in rows[0]


def test_two_saves_in_the_same_second_stay_two_rows(coordinator_client):
    action = ActionFactory(title="Avant", summary="Premier résumé.")
    action.title = "Après"
    action.save()

    rows = history_rows(coordinator_client.get(admin_url(action, "history")))

    assert len(rows) == 2
    assert "Titre : « Avant » remplacé par « Après »" in rows[0]


def test_a_record_without_history_has_an_empty_history_page(coordinator_client):
    # Written by SQL, by a fixture or before the history existed: no record at all.
    partner = PartnerFactory()
    partner.history.all().delete()

    response = coordinator_client.get(admin_url(partner, "history"))

    assert response.status_code == 200
    assert 'id="change-history"' not in response.content.decode()
