"""The public pages of the centres and of the partner directory ("Outil Partenaires")."""

import re

import pytest
from django.urls import reverse

from centres.enums import FollowUpState, PartnerCategory
from centres.models import Centre, Partner
from core.publication import PublicationState
from tests.centres.factories import CentreFactory, ContactPersonFactory, PartnerFactory
from tests.fiches.factories import (
    ActionFactory,
    KeywordFactory,
    ProjectPartnerFactory,
    ProjectSheetFactory,
)
from tests.pages import text_of

pytestmark = pytest.mark.django_db

PARTNERS_URL = reverse("centres:partner_list")


@pytest.fixture
def centre_with_content():
    """A centre with a published and a draft item of each kind."""
    centre = CentreFactory(display_name="Centre social Les Tilleuls", commune="Trappes")
    ActionFactory(centre=centre, title="Café des parents")
    ActionFactory(centre=centre, title="Action en brouillon", publication_state="brouillon")
    PartnerFactory(name="Secours Populaire").centres.add(centre)
    PartnerFactory(name="Partenaire en brouillon", publication_state="brouillon").centres.add(
        centre
    )
    ProjectSheetFactory(centre=centre, title="Fiche projet Famille 2018")
    ProjectSheetFactory(centre=centre, title="Projet en brouillon", publication_state="brouillon")
    return centre


# --- Centres ------------------------------------------------------------------------------


def test_centre_list_counts_each_centre_s_published_actions(client, seeded):
    response = client.get(reverse("centres:centre_list"))

    text = text_of(response)
    assert "Yvelines" in text
    counts = {
        centre.display_name: centre.action_count for centre in response.context["object_list"]
    }
    assert counts["Centre social Albert Schweitzer"] == 2
    assert sum(counts.values()) == 21  # « Les petits matins », empty, is a draft
    assert len(counts) == Centre.objects.count() == 17


def test_centre_page_shows_only_published_content_to_the_public(client, centre_with_content):
    text = text_of(client.get(centre_with_content.get_absolute_url()))

    assert "Café des parents" in text and "Action en brouillon" not in text
    assert "Secours Populaire" in text and "Partenaire en brouillon" not in text
    assert "Fiche projet Famille 2018" in text and "Projet en brouillon" not in text


def test_centre_page_shows_drafts_to_coordinators_with_a_badge(
    coordinator_client, centre_with_content
):
    response = coordinator_client.get(centre_with_content.get_absolute_url())

    text = text_of(response)
    for title in ("Action en brouillon", "Partenaire en brouillon", "Projet en brouillon"):
        assert title in text
    assert response.content.decode().count('<span class="badge badge--draft">Brouillon</span>') == 3


def test_an_unknown_centre_answers_404(client):
    assert client.get(reverse("centres:centre_detail", args=["inconnu"])).status_code == 404


@pytest.mark.parametrize("count", [5, 40])
def test_centre_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries, count):
    centre = CentreFactory()
    keyword = KeywordFactory()
    for _ in range(count):
        ActionFactory(centre=centre, keywords=[keyword])
        PartnerFactory().centres.add(centre)
    ProjectSheetFactory(centre=centre)

    with django_assert_max_num_queries(6):
        assert client.get(centre.get_absolute_url()).status_code == 200


# --- The partner directory ----------------------------------------------------------------


def test_directory_lists_published_partners_by_category(client, seeded):
    Partner.objects.filter(name="Croix Rouge").update(publication_state=PublicationState.DRAFT)

    response = client.get(PARTNERS_URL)

    text = text_of(response)
    assert "28 partenaires" in text
    assert "Croix Rouge" not in text
    groups = re.findall(r'<h3 class="group-title">([^<]+)</h3>', response.content.decode())
    assert groups == ["Institutionnel", "Associatif", "Cultuel", "Bailleur social"]
    assert re.search(r"Institutionnel\s*\(5\)", text)


def test_directory_filters_by_category_and_centre(client):
    tilleuls, erables = CentreFactory(), CentreFactory()
    PartnerFactory(name="Mairie", category=PartnerCategory.INSTITUTIONAL).centres.add(tilleuls)
    PartnerFactory(name="Bailleur", category=PartnerCategory.SOCIAL_LANDLORD).centres.add(erables)
    PartnerFactory(name="Association", category=PartnerCategory.ASSOCIATIVE).centres.add(tilleuls)

    def names(**params):
        response = client.get(PARTNERS_URL, params)
        return sorted(partner.name for partner in response.context["partner_list"])

    assert names(category=["institutionnel", "bailleur_social"]) == ["Bailleur", "Mairie"]
    assert names(centre=tilleuls.slug) == ["Association", "Mairie"]
    assert names(centre=tilleuls.slug, category="bailleur_social") == []
    response = client.get(PARTNERS_URL, {"centre": tilleuls.slug, "category": "bailleur_social"})
    assert "Aucun partenaire ne correspond à ces critères." in text_of(response)


def test_the_public_never_sees_the_follow_up_or_internal_notes(client, coordinator_client):
    partner = PartnerFactory(
        name="Caf des Yvelines",
        missions="Accompagner les familles.",
        follow_up_state=FollowUpState.TO_CHASE,
        follow_up_note="rappeler en mars",
        notes="Contact difficile à joindre",
    )

    public = text_of(client.get(partner.get_absolute_url()))
    coordinator = text_of(coordinator_client.get(partner.get_absolute_url()))
    listing = text_of(client.get(PARTNERS_URL))

    for secret in ("À relancer", "rappeler en mars", "Contact difficile"):
        assert secret not in public and secret not in listing
        assert secret in coordinator
    assert "Accompagner les familles." in public


def test_partner_page_shows_missions_contact_centres_projects_and_actions(client):
    centre = CentreFactory(display_name="Maison de quartier des Lilas")
    action = ActionFactory(title="Animation d'un réseau partenarial", centre=centre)
    project = ProjectSheetFactory(
        title="Fiche projet Famille 2018", centre=centre, related_action=action
    )
    hidden_project = ProjectSheetFactory(title="Projet caché", publication_state="brouillon")
    partner = PartnerFactory(
        name="AEJF",
        expanded_name="Actions Educatives Jeunesse et Familles",
        missions="Prévention spécialisée.",
        phone="01 23 45 67 89",
        email="contact@aejf.example",
        website="https://aejf.example",
    )
    partner.centres.add(centre)
    ContactPersonFactory(partner=partner, name="Mme Martin", consented=True)
    ProjectPartnerFactory(project=project, partner=partner, section="Institutionnels")
    ProjectPartnerFactory(project=hidden_project, partner=partner)

    response = client.get(partner.get_absolute_url())

    text = text_of(response)
    for expected in (
        "Actions Educatives Jeunesse et Familles",
        "Prévention spécialisée.",
        "Mme Martin",
        "01 23 45 67 89",
        "Maison de quartier des Lilas",
        "Fiche projet Famille 2018",
        "Institutionnels",
        "Animation d'un réseau partenarial",
    ):
        assert expected in text
    assert "Projet caché" not in text
    assert 'href="mailto:contact@aejf.example"' in response.content.decode()


def test_a_draft_partner_answers_404_to_the_public(client, coordinator_client):
    partner = PartnerFactory(publication_state=PublicationState.DRAFT)

    assert client.get(partner.get_absolute_url()).status_code == 404
    assert coordinator_client.get(partner.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [5, 40])
def test_directory_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries, count):
    centres = [CentreFactory() for _ in range(3)]
    for index in range(count):
        PartnerFactory().centres.add(centres[index % 3])

    # The page, its partners' centres, the chosen centre, the catalogue's version; and once
    # the catalogue changed, the facet index's rows, names and links.
    with django_assert_max_num_queries(4 + 4):
        client.get(PARTNERS_URL, {"centre": centres[0].slug})
    with django_assert_max_num_queries(4):
        response = client.get(PARTNERS_URL, {"centre": centres[0].slug})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 40])
def test_partner_page_runs_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, count
):
    partner = PartnerFactory()
    for _ in range(count):
        partner.centres.add(CentreFactory())
        ProjectPartnerFactory(
            partner=partner, project=ProjectSheetFactory(related_action=ActionFactory())
        )

    # The partner, its centres, its contact persons, its projects, its sheets, the version.
    with django_assert_max_num_queries(6):
        assert client.get(partner.get_absolute_url()).status_code == 200


def test_the_partner_page_says_when_and_by_whom_it_was_last_confirmed(
    client, coordinator, coordinator_client
):
    from centres.enums import ReviewSource

    coordinator.first_name, coordinator.last_name = "Claire", "Coordinatrice"
    coordinator.save()
    partner = PartnerFactory()
    partner.mark_reviewed(by=ReviewSource.COORDINATOR, user=coordinator)
    partner.save()

    public = text_of(client.get(partner.get_absolute_url()))
    staff = text_of(coordinator_client.get(partner.get_absolute_url()))

    assert "Dernière mise à jour le" in public
    assert "(confirmée par un coordinateur)" in public
    assert "Claire Coordinatrice" not in public  # a named person, not published
    assert "Claire Coordinatrice" in staff


def test_a_partner_page_without_contact_details_says_so(client):
    partner = PartnerFactory()

    assert "n'a pas encore communiqué ses coordonnées" in text_of(
        client.get(partner.get_absolute_url())
    )


def test_the_partner_page_shows_its_offer_address_and_hours(client):
    partner = PartnerFactory(
        services="Aide aux devoirs.",
        public_served="Familles du quartier.",
        address="3 rue des Chantiers",
        postcode="78000",
        commune="Versailles",
        insee_code="78646",
        opening_hours="Du lundi au vendredi",
    )

    text = text_of(client.get(partner.get_absolute_url()))

    for expected in ("Aide aux devoirs.", "Familles du quartier.", "3 rue des Chantiers",
                     "78000 Versailles", "78646", "Du lundi au vendredi"):  # fmt: skip
        assert expected in text
