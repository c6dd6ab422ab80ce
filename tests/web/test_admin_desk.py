"""The coordinators' desk on the admin's home: the work queues of the signed-in person."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from centres.enums import FollowUpState
from core.publication import PublicationState
from tests.centres.factories import CentreFactory, PartnerFactory
from tests.fiches.factories import ActionFactory

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")


def queue(response, name: str) -> str:
    """The HTML of one queue of the home page."""
    page = response.content.decode()
    start = page.index(f'id="queue-{name}"')
    return page[start : page.index("</div>", start)]


def test_sheets_to_review_are_listed_with_their_count_and_a_link(coordinator_client):
    ActionFactory.create_batch(2, publication_state=PublicationState.IN_REVIEW)
    ActionFactory(title="Déjà publiée", publication_state=PublicationState.PUBLISHED)

    to_review = queue(coordinator_client.get(HOME), "a-relire")

    assert "(2)" in to_review
    assert "Déjà publiée" not in to_review
    assert "?publication_state__exact=a_relire" in to_review


def test_an_incomplete_sheet_says_what_it_lacks(coordinator_client):
    ActionFactory(title="Atelier à finir", result_territory="", limits="")

    incomplete = queue(coordinator_client.get(HOME), "incompletes")

    assert "Atelier à finir" in incomplete
    assert "manque : " in incomplete
    assert "Résultat sur le territoire" in incomplete
    assert "Suite de l&#x27;action : limites" in incomplete
    assert "Résumé" not in incomplete.split("manque")[1]  # the factory writes a summary


def test_partners_to_follow_up_are_those_to_chase_or_not_reviewed(coordinator_client):
    now = timezone.now()
    PartnerFactory(name="Jamais revu")
    PartnerFactory(name="À relancer", follow_up_state=FollowUpState.TO_CHASE, last_reviewed_at=now)
    PartnerFactory(name="Revu ce mois", last_reviewed_at=now - timedelta(days=20))

    partners = queue(coordinator_client.get(HOME), "partenaires")

    assert "(2)" in partners
    assert "Jamais revu" in partners and "À relancer" in partners
    assert "Revu ce mois" not in partners
    follow_up_list = coordinator_client.get(
        reverse("admin:centres_partner_changelist") + "?revue=a_suivre"
    )
    listed = {partner.name for partner in follow_up_list.context["cl"].result_list}
    assert listed == {"À relancer", "Jamais revu"}


def test_centres_without_any_contact_are_listed(coordinator_client):
    CentreFactory(display_name="Centre injoignable")
    CentreFactory(display_name="Centre au téléphone", phone="01 02 03 04 05")
    CentreFactory(display_name="Centre en ligne", website="https://centre.example.org")

    centres = queue(coordinator_client.get(HOME), "sans-coordonnees")

    assert "Centre injoignable" in centres
    assert "Centre au téléphone" not in centres and "Centre en ligne" not in centres
    listed = coordinator_client.get(reverse("admin:centres_centre_changelist") + "?contact=aucune")
    listed_names = {str(centre) for centre in listed.context["cl"].result_list}
    assert "Centre injoignable" in listed_names
    assert not listed_names & {"Centre au téléphone", "Centre en ligne"}


def test_recent_imports_are_grouped_by_file(coordinator_client, action_dump_path):
    call_command("import_sheets", str(action_dump_path), stdout=StringIO())

    imports = queue(coordinator_client.get(HOME), "imports")

    assert f"Import {action_dump_path.name}" in imports
    assert imports.count("<li>") == 1
    assert "fiches actions, le " in imports
    assert f"source_file={action_dump_path.name}" in imports


def test_a_centre_team_sees_only_its_centres_work(client, centre_staff, own_centre, other_centre):
    ActionFactory(title="La nôtre", centre=own_centre, publication_state=PublicationState.IN_REVIEW)
    ActionFactory(
        title="La leur", centre=other_centre, publication_state=PublicationState.IN_REVIEW
    )
    client.force_login(centre_staff)

    response = client.get(HOME)

    to_review = queue(response, "a-relire")
    assert "La nôtre" in to_review and "La leur" not in to_review
    assert "(1)" in to_review
    assert "Maison de quartier des Érables" not in queue(response, "sans-coordonnees")


def test_staff_without_a_role_sees_no_queue(client, plain_staff):
    client.force_login(plain_staff)

    assert 'id="work-queues"' not in client.get(HOME).content.decode()


@pytest.mark.parametrize("sheets", [3, 30])
def test_the_desk_reads_a_fixed_number_of_queries(
    coordinator_client, django_assert_max_num_queries, sheets
):
    ActionFactory.create_batch(sheets, publication_state=PublicationState.IN_REVIEW)
    PartnerFactory.create_batch(sheets)

    with django_assert_max_num_queries(30):
        response = coordinator_client.get(HOME)

    assert f"({sheets})" in queue(response, "a-relire")
