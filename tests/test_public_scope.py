"""What staff read on the public site beyond what is published: the drafts and internal notes
of what the workspace lets them edit, by the workspace's own scope (``centres.permissions``).
A centre's team reads its centres' drafts and notes, not another centre's; a coordinator
reads everything; staff without a role read what the public reads. Every public page."""

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from centres.enums import FollowUpState
from core import facet_store
from core.publication import PublicationState
from fiches.filters import ActionFilterSet
from fiches.models import Action
from tests.centres.factories import CentreMembershipFactory, PartnerFactory, UserFactory
from tests.fiches.factories import (
    ActionFactory,
    KeywordFactory,
    ProjectPartnerFactory,
    ProjectSheetFactory,
)
from tests.pages import text_of

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT
SECRETS = ("Suivi : À relancer", "rappeler en mars", "Contact difficile à joindre")


@pytest.fixture
def records(own_centre, other_centre):
    """For each centre: a published sheet, a draft sheet, a draft project sheet and a
    partner followed up with internal notes, linked to a published project sheet."""
    made = {}
    for side, centre in (("own", own_centre), ("other", other_centre)):
        keyword = KeywordFactory(name=f"Thème {side}")
        made[f"{side}_published"] = ActionFactory(
            title=f"Publiée {side}", centre=centre, keywords=[keyword]
        )
        made[f"{side}_draft"] = ActionFactory(
            title=f"Brouillon {side}", centre=centre, keywords=[keyword], publication_state=DRAFT
        )
        made[f"{side}_draft_project"] = ProjectSheetFactory(
            title=f"Projet en brouillon {side}", centre=centre, publication_state=DRAFT
        )
        partner = PartnerFactory(
            name=f"Partenaire {side}",
            follow_up_state=FollowUpState.TO_CHASE,
            follow_up_note="rappeler en mars",
            notes="Contact difficile à joindre",
        )
        partner.centres.add(centre)
        made[f"{side}_partner"] = partner
        project = ProjectSheetFactory(title=f"Projet {side}", centre=centre)
        ProjectPartnerFactory(project=project, partner=partner,
                              follow_up_state=FollowUpState.TO_CHASE)  # fmt: skip
        made[f"{side}_project"] = project
    made["other_draft_partner"] = PartnerFactory(name="Partenaire en brouillon other",
                                                 publication_state=DRAFT)  # fmt: skip
    made["other_draft_partner"].centres.add(other_centre)
    return made


def browser(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def team(centre_staff):
    return browser(centre_staff)


def test_a_centre_team_reads_its_own_drafts_and_not_another_centre_s(team, records):
    assert team.get(records["own_draft"].get_absolute_url()).status_code == 200
    assert team.get(records["own_draft_project"].get_absolute_url()).status_code == 200
    assert team.get(records["other_draft"].get_absolute_url()).status_code == 404
    assert team.get(records["other_draft_project"].get_absolute_url()).status_code == 404
    assert team.get(records["other_draft_partner"].get_absolute_url()).status_code == 404


def test_the_list_and_its_facets_count_the_team_s_own_drafts_only(team, records):
    response = team.get(reverse("fiches:action_list"))

    titles = [action.title for action in response.context["page_obj"]]
    assert titles == ["Brouillon own", "Publiée other", "Publiée own"]
    facets = {facet.name: facet for facet in response.context["facets"]}
    counts = {option.label: option.count for option in facets["keyword"].options}
    assert counts == {"Thème own": 2, "Thème other": 1}


def test_the_home_page_counts_what_the_reader_may_read(client, team, coordinator_client, records):
    def counts(browser):
        context = browser.get("/").context
        return context["action_count"], context["partner_count"]

    assert counts(client) == (2, 2)
    assert counts(team) == (3, 2)
    assert counts(coordinator_client) == (4, 3)


def test_a_centre_page_shows_the_team_its_own_drafts_only(team, records, own_centre, other_centre):
    own = text_of(team.get(own_centre.get_absolute_url()))
    other = text_of(team.get(other_centre.get_absolute_url()))

    assert "Brouillon own" in own and "Projet en brouillon own" in own
    assert "Brouillon other" not in other and "Projet en brouillon other" not in other
    assert "Partenaire en brouillon other" not in other


def test_a_sheet_s_neighbours_and_centre_list_hide_another_centre_s_drafts(team, records):
    response = team.get(records["other_published"].get_absolute_url())

    shown = [action.title for action in response.context["related_actions"]]
    shown += [action.title for action in response.context["centre_actions"]]
    assert "Brouillon other" not in shown
    own = team.get(records["own_published"].get_absolute_url()).context
    assert "Brouillon own" in [action.title for action in own["centre_actions"]]


def test_the_partner_directory_lists_the_team_s_own_drafts_only(team, records):
    own_draft = PartnerFactory(name="Partenaire en brouillon own", publication_state=DRAFT)
    own_draft.centres.add(records["own_published"].centre)

    text = text_of(team.get(reverse("centres:partner_list")))

    assert "Partenaire en brouillon own" in text
    assert "Partenaire en brouillon other" not in text


def test_internal_notes_and_follow_up_show_to_the_team_of_the_partner_s_centre_only(team, records):
    own_partner = text_of(team.get(records["own_partner"].get_absolute_url()))
    other_partner = text_of(team.get(records["other_partner"].get_absolute_url()))
    own_project = text_of(team.get(records["own_project"].get_absolute_url()))
    other_project = text_of(team.get(records["other_project"].get_absolute_url()))

    for secret in SECRETS:
        assert secret in own_partner
        assert secret not in other_partner
    assert "Suivi : À relancer" in own_project
    assert "Suivi : À relancer" not in other_project


def test_a_partner_of_both_centres_shows_notes_to_both_teams_but_follow_up_per_project(
    team, records, other_centre
):
    shared = records["own_partner"]
    shared.centres.add(other_centre)
    ProjectPartnerFactory(project=records["other_project"], partner=shared,
                          follow_up_state=FollowUpState.TO_CHASE)  # fmt: skip

    response = team.get(shared.get_absolute_url())

    assert "Contact difficile à joindre" in text_of(response)
    followed = {
        link.project.title: link.shows_follow_up for link in response.context["project_links"]
    }
    assert followed == {"Projet own": True, "Projet other": False}


def test_a_coordinator_reads_every_draft_and_every_note(coordinator_client, records):
    for name in ("own_draft", "other_draft", "other_draft_project", "other_draft_partner"):
        assert coordinator_client.get(records[name].get_absolute_url()).status_code == 200
    for name in ("own_partner", "other_partner"):
        text = text_of(coordinator_client.get(records[name].get_absolute_url()))
        assert all(secret in text for secret in SECRETS)
    assert "Suivi : À relancer" in text_of(
        coordinator_client.get(records["other_project"].get_absolute_url())
    )


@pytest.mark.parametrize("role", ["plain_staff", None])
def test_staff_without_a_role_and_the_public_read_what_is_published(request, records, role):
    reader = browser(request.getfixturevalue(role) if role else None)

    assert reader.get(records["own_draft"].get_absolute_url()).status_code == 404
    text = text_of(reader.get(records["own_partner"].get_absolute_url()))
    assert not any(secret in text for secret in SECRETS)


def test_teams_of_the_same_centres_share_one_facet_index(records, own_centre, monkeypatch):
    facet_store.forget_indexes()
    reads = []
    read_index = facet_store._read_index
    monkeypatch.setattr(
        facet_store, "_read_index", lambda *args: reads.append(args) or read_index(*args)
    )
    colleagues = [UserFactory() for _ in range(3)]
    for colleague in colleagues:
        CentreMembershipFactory(user=colleague, centre=own_centre)

    for colleague in colleagues:
        scope = Action.objects.visible_to(colleague)
        assert ActionFilterSet(QueryDict(), queryset=scope).result_count == 3

    assert len(reads) == 1
