"""The public page of a fiche projet."""

import re

import pytest

from core.publication import PublicationState
from fiches.models import ProjectSheet
from tests.centres.factories import PartnerFactory
from tests.fiches.factories import (
    ActionFactory,
    ProjectPartnerFactory,
    ProjectSheetFactory,
    TimelineEntryFactory,
)
from tests.fiches.test_views import main_of
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def test_the_project_sheet_shows_timeline_partners_by_section_and_actions(client, seeded):
    project = ProjectSheet.objects.get()

    response = client.get(project.get_absolute_url())

    assert response.status_code == 200
    html = main_of(response)
    text = text_of(response)
    timeline = html[html.index('<ol class="timeline">') :]
    periods = re.findall(r'<h3 class="timeline__period">([^<]+)</h3>', timeline)
    assert periods[0] == "Décembre 2017" and periods[-1] == "Septembre – Décembre 2018"
    partners = text[text.index("Partenaires – transversalité") :]
    sections = [partners.index(name) for name in ("Institutionnels", "Associatifs et cultuels")]
    assert sections[0] < partners.index("AEJF (Actions Educatives") < sections[1]
    assert sections[1] < partners.index("Croix Rouge") < partners.index("Bailleurs Sociaux")
    assert "Animation d’un réseau partenarial" in text
    # The follow-up is the team's business.
    assert "relancer" not in text.lower() and "Suivi :" not in text


def test_the_project_sheet_shows_follow_up_to_coordinators(coordinator_client, seeded):
    project = ProjectSheet.objects.get()

    text = text_of(coordinator_client.get(project.get_absolute_url()))

    assert "Suivi : À relancer" in text


def test_the_project_sheet_links_only_what_the_reader_may_see(client):
    draft_action = ActionFactory(title="Action en brouillon", publication_state="brouillon")
    project = ProjectSheetFactory(related_action=draft_action)
    ProjectPartnerFactory(project=project, partner=PartnerFactory(name="Visible"))
    hidden = PartnerFactory(name="Caché", publication_state=PublicationState.DRAFT)
    ProjectPartnerFactory(project=project, partner=hidden, as_written="Caché")
    TimelineEntryFactory(project=project, period="Janvier", text="Réunion\nBilan")

    html = main_of(client.get(project.get_absolute_url()))

    assert ">Visible</a>" in html
    assert "Caché" in html and hidden.get_absolute_url() not in html
    assert "Action en brouillon" not in html
    assert "<li>Réunion</li><li>Bilan</li>" in html


def test_a_draft_project_sheet_answers_404_to_the_public(client):
    project = ProjectSheetFactory(publication_state=PublicationState.DRAFT)

    assert client.get(project.get_absolute_url()).status_code == 404


def test_project_sheet_runs_a_bounded_number_of_queries(
    client, seeded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        assert client.get(ProjectSheet.objects.get().get_absolute_url()).status_code == 200
