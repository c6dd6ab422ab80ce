"""One rule for every named person the catalogue shows (a partner's contact persons, a
project sheet's lead and staff): published only once the person's consent is recorded; staff who may
edit the record read the name, flagged."""

import pytest
from django.test import Client
from django.urls import reverse

from centres.enums import ConsentSource
from centres.models import ContactPerson
from fiches.models import ProjectSheet
from tests.admin_forms import changeform_data
from tests.centres.factories import ContactPersonFactory, PartnerFactory
from tests.fiches.factories import ActionFactory, ProjectPartnerFactory, ProjectSheetFactory

pytestmark = pytest.mark.django_db

NOT_AGREED = "Jeanne Sansaccord"
AGREED = "Paul Daccord"
LEAD = "Isabelle Porteuse"
STAFF = "Permanents : Marc Encadrant, référent famille"


@pytest.fixture
def named():
    """A published partner with one person who agreed and one who did not, in a published
    project sheet whose lead did not agree, linked to a published action sheet."""
    action = ActionFactory(title="Fête des familles")
    partner = PartnerFactory(name="AEJF")
    partner.centres.add(action.centre)
    action.partners.add(partner)
    ContactPersonFactory(partner=partner, name=NOT_AGREED, email="jeanne@ex.org")
    ContactPersonFactory(partner=partner, name=AGREED, consented=True)
    project = ProjectSheetFactory(
        lead=LEAD, staff=STAFF, centre=action.centre, related_action=action
    )
    ProjectPartnerFactory(project=project, partner=partner)
    return partner, project, action


def public_urls(partner, project, action) -> list[str]:
    return [
        partner.get_absolute_url(),
        reverse("centres:partner_list"),
        project.get_absolute_url(),
        action.get_absolute_url(),
        action.centre.get_absolute_url(),
        reverse("fiches:action_export_csv"),
        reverse("fiches:action_export_json"),
        reverse("fiches:action_json", kwargs={"slug": action.slug}),
        reverse("fiches:action_feed"),
        reverse("fiches:home"),
        "/sitemap.xml",
        "/sitemap-partenaires.xml",
        "/sitemap-projets.xml",
    ]


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_no_public_page_feed_sitemap_or_export_names_a_person_without_consent(client, named):
    for url in public_urls(*named):
        response = client.get(url)
        assert response.status_code == 200, url
        text = body(response)
        assert NOT_AGREED not in text, url
        assert "jeanne@ex.org" not in text, url
        assert LEAD not in text, url
        assert "Marc Encadrant" not in text, url


def test_a_person_who_agreed_is_on_the_partner_page(client, named):
    partner, _, _ = named

    assert AGREED in client.get(partner.get_absolute_url()).content.decode()


def test_a_lead_and_staff_who_agreed_are_on_the_project_sheet(client, named):
    _, project, _ = named
    project.publication_consent_at = project.created_at
    project.save()

    page = client.get(project.get_absolute_url()).content.decode()
    assert LEAD in page and "Marc Encadrant" in page


def test_staff_who_may_edit_read_every_name_flagged(staff_client, named):
    partner, project, _ = named

    partner_page = staff_client.get(partner.get_absolute_url()).content.decode()
    project_page = staff_client.get(project.get_absolute_url()).content.decode()

    assert NOT_AGREED in partner_page and LEAD in project_page
    assert "Marc Encadrant" in project_page
    assert "accord de publication non recueilli" in partner_page
    assert "accord de publication non recueilli" in project_page


def test_centre_staff_of_another_centre_read_what_the_public_reads(centre_staff, named):
    client = Client()
    client.force_login(centre_staff)
    partner, project, _ = named

    assert NOT_AGREED not in client.get(partner.get_absolute_url()).content.decode()
    project_page = client.get(project.get_absolute_url()).content.decode()
    assert LEAD not in project_page and "Marc Encadrant" not in project_page


def test_the_public_queryset_is_the_consented_people(named):
    assert list(ContactPerson.objects.public().values_list("name", flat=True)) == [AGREED]


def test_the_workspace_records_who_recorded_the_consent(coordinator, coordinator_client):
    partner = PartnerFactory()
    person = ContactPersonFactory(partner=partner, name=NOT_AGREED)
    url = reverse("admin:centres_partner_change", args=[partner.pk])
    data = changeform_data(coordinator_client.get(url))
    prefix = next(key for key in data if key.endswith("-0-name")).removesuffix("name")
    data[f"{prefix}publication_consent_at_0"] = "01/12/2026"
    data[f"{prefix}publication_consent_at_1"] = "10:00:00"

    response = coordinator_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.publication_consent_at is not None
    assert person.publication_consent_recorded_by == coordinator
    assert person.publication_consent_source == ConsentSource.WORKSPACE


def test_the_seeded_project_sheet_s_lead_is_not_public(client, seeded):
    project = ProjectSheet.objects.get(lead="Rouault Isabelle")

    assert "Rouault" not in client.get(project.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_former_contact_name_becomes_an_unpublished_contact_person(migration_executor):
    executor = migration_executor
    executor.migrate([("centres", "0004_contact_details_and_partner_offer")])
    old_apps = executor.loader.project_state(
        [("centres", "0004_contact_details_and_partner_offer")]
    ).apps
    OldPartner = old_apps.get_model("centres", "Partner")
    OldPartner.objects.create(
        name="AEJF", slug="aejf", category="associatif", match_key="aejf",
        contact_name="Mme Martin",
    )  # fmt: skip
    executor.loader.build_graph()
    executor.migrate([("centres", "0005_contact_persons_and_confirmation")])
    new_apps = executor.loader.project_state(
        [("centres", "0005_contact_persons_and_confirmation")]
    ).apps

    person = new_apps.get_model("centres", "ContactPerson").objects.get()
    assert (person.partner.name, person.name) == ("AEJF", "Mme Martin")
    assert person.publication_consent_at is None
    assert not hasattr(new_apps.get_model("centres", "Partner").objects.get(), "contact_name")
