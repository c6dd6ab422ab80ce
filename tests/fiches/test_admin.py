"""The sheets in the workspace: every page renders, the change list's columns, filters and
search, the publication workflow, and completeness."""

import pytest
from django.urls import reverse

from centres.models import Centre, CentreMembership, Partner
from core.publication import PublicationState
from fiches.enums import CompletenessBand
from fiches.importing import import_paths
from fiches.models import (
    COMPLETENESS_HEADING_COUNT,
    Action,
    Initiator,
    Keyword,
    PartnerType,
    ProjectSheet,
    Public,
)
from fiches.models.actions import COMPLETENESS_TEXT_HEADINGS
from tests.admin_forms import admin_url, changeform_data
from tests.fiches.factories import (
    ActionFactory,
    InitiatorFactory,
    KeywordFactory,
    PartnerTypeFactory,
    PublicFactory,
)

pytestmark = pytest.mark.django_db

ADMIN_MODELS = [Action, ProjectSheet, Keyword, Public, PartnerType, Initiator, Centre, Partner]


@pytest.fixture
def seeds(action_dump_path, project_sheet_path):
    reports = import_paths(
        paths=[action_dump_path, project_sheet_path], publication_state="publiee"
    )
    assert all(report.ok for report in reports)


def test_the_admin_index_renders_with_the_import_link(coordinator_client):
    response = coordinator_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert reverse("admin:fiches_import") in response.content.decode()


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model.__name__)
def test_every_page_renders_on_an_empty_database(coordinator_client, model):
    for view in ("changelist", "add"):
        assert coordinator_client.get(admin_url(model, view)).status_code == 200


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model.__name__)
def test_every_page_renders_with_the_seeds(coordinator_client, seeds, model):
    record = model.objects.first()

    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(record, "change"),
    ):
        assert coordinator_client.get(url).status_code == 200, url


def test_a_team_sees_its_pages_render(client, centre_staff, own_centre, seeds):
    own_action = Action.objects.first()
    CentreMembership.objects.create(user=centre_staff, centre=own_action.centre)
    client.force_login(centre_staff)

    for url in (
        reverse("admin:index"),
        admin_url(Action, "changelist"),
        admin_url(Action, "add"),
        admin_url(own_action, "change"),
        admin_url(own_action, "history"),
        admin_url(Partner, "changelist"),
        admin_url(ProjectSheet, "changelist"),
    ):
        assert client.get(url).status_code == 200, url
    assert reverse("admin:fiches_import") not in client.get(reverse("admin:index")).content.decode()


def test_the_change_list_shows_state_and_completeness(
    coordinator_client, seeds, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        response = coordinator_client.get(admin_url(Action, "changelist"))

    content = response.content.decode()
    assert "Les petits matins" in content
    assert "6 % (vide)" in content
    assert "Publiée" in content
    assert response.context["cl"].result_count == 22


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"completude": "vide"}, {"Les petits matins"}),
        ({"q": "poulailler"}, {"Création d'un poulailler"}),
        ({"q": "composteur"}, {"On composte"}),
    ],
)
def test_the_change_list_filters_and_searches(coordinator_client, seeds, query, expected):
    response = coordinator_client.get(admin_url(Action, "changelist"), query)

    titles = {action.title for action in response.context["cl"].result_list}
    assert expected <= titles
    if "completude" in query:
        assert titles == expected


def test_every_filter_of_the_change_list_applies(coordinator_client, seeds):
    keyword = Keyword.objects.get(name="intergénérationnel")
    centre = Action.objects.get(title="Les petits matins").centre
    for query in (
        {"centre__id__exact": centre.pk},
        {"departement": "Yvelines"},
        {"publication_state__exact": "publiee"},
        {"status__exact": "en_cours"},
        {"keywords__id__exact": keyword.pk},
        {"completude": "complete"},
        {"completude": "a_completer"},
    ):
        response = coordinator_client.get(admin_url(Action, "changelist"), query)
        assert response.status_code == 200, query
        assert response.context["cl"].result_count > 0, query


def test_the_change_form_follows_the_sheet_and_links_to_the_site(coordinator_client, seeds):
    action = Action.objects.get(title="Les petits matins")

    response = coordinator_client.get(admin_url(action, "change"))

    titles = [fieldset.name for fieldset in response.context["adminform"]]
    assert titles[1:5] == [
        "Description de l'action",
        "Raison d'être de l'action",
        "Méthodologie de l'action",
        "Auto-évaluation de l'action",
    ]
    form = response.context["adminform"].form
    assert form.fields["summary"].help_text.startswith("Quelques lignes")
    content = response.content.decode()
    assert reverse("admin:view_on_site", args=[response.context["content_type_id"], action.pk]) in (
        content
    )


def test_a_new_sheet_gets_its_slug_from_its_title(coordinator_client, own_centre):
    form = coordinator_client.get(admin_url(Action, "add"))
    data = changeform_data(form, title="Café des parents", centre=own_centre.pk, slug="")

    response = coordinator_client.post(admin_url(Action, "add"), data)

    assert response.status_code == 302
    assert Action.objects.get(title="Café des parents").slug == "cafe-des-parents"


# --- Publication workflow ------------------------------------------------------------------


def test_a_team_submits_its_draft_for_review(client, centre_staff, own_centre):
    action = ActionFactory(centre=own_centre, publication_state=PublicationState.DRAFT)
    client.force_login(centre_staff)
    form = client.get(admin_url(action, "change"))
    assert [value for value, _ in form.context["adminform"].form.fields[
        "publication_state"
    ].choices] == ["brouillon", "a_relire"]  # fmt: skip

    client.post(admin_url(action, "change"), changeform_data(form, publication_state="a_relire"))

    action.refresh_from_db()
    assert action.publication_state == PublicationState.IN_REVIEW


def test_a_team_cannot_publish_by_posting_the_state(client, centre_staff, own_centre):
    action = ActionFactory(centre=own_centre, publication_state=PublicationState.IN_REVIEW)
    client.force_login(centre_staff)
    form = client.get(admin_url(action, "change"))

    response = client.post(
        admin_url(action, "change"), changeform_data(form, publication_state="publiee")
    )

    assert "publication_state" in response.context["adminform"].form.errors
    action.refresh_from_db()
    assert action.publication_state == PublicationState.IN_REVIEW


def test_a_team_editing_a_published_sheet_keeps_it_published(client, centre_staff, own_centre):
    action = ActionFactory(centre=own_centre, publication_state=PublicationState.PUBLISHED)
    client.force_login(centre_staff)
    form = client.get(admin_url(action, "change"))

    client.post(admin_url(action, "change"), changeform_data(form, summary="Mis à jour."))

    action.refresh_from_db()
    assert (action.summary, action.publication_state) == ("Mis à jour.", "publiee")


def test_the_bulk_submission_moves_only_the_teams_drafts(
    client, centre_staff, own_centre, other_centre
):
    draft = ActionFactory(centre=own_centre, publication_state=PublicationState.DRAFT)
    archived = ActionFactory(centre=own_centre, publication_state=PublicationState.ARCHIVED)
    foreign = ActionFactory(centre=other_centre, publication_state=PublicationState.DRAFT)
    client.force_login(centre_staff)

    client.post(
        admin_url(Action, "changelist"),
        {"action": "submit_for_review", "index": 0,
         "_selected_action": [draft.pk, archived.pk, foreign.pk]},
    )  # fmt: skip

    states = dict(Action.objects.values_list("pk", "publication_state"))
    assert states == {draft.pk: "a_relire", archived.pk: "archivee", foreign.pk: "brouillon"}


@pytest.mark.parametrize(
    ("bulk_action", "expected"),
    [("publish", "publiee"), ("unpublish", "brouillon"), ("archive", "archivee")],
)
def test_coordinators_publish_unpublish_and_archive_in_bulk(
    coordinator_client, bulk_action, expected
):
    actions = [
        ActionFactory(publication_state=state)
        for state in ("brouillon", "a_relire", "publiee", "archivee")
    ]

    response = coordinator_client.post(
        admin_url(Action, "changelist"),
        {"action": bulk_action, "index": 0, "_selected_action": [a.pk for a in actions]},
        follow=True,
    )

    assert set(Action.objects.values_list("publication_state", flat=True)) == {expected}
    assert "3 fiches passées" in response.content.decode()
    latest = Action.history.filter(publication_state=expected).latest("history_date")
    assert latest.history_user.username == "coordinatrice"


def test_project_sheets_and_partners_have_the_same_workflow(coordinator_client, seeds):
    for model in (ProjectSheet, Partner):
        pks = list(model.objects.values_list("pk", flat=True))
        coordinator_client.post(
            admin_url(model, "changelist"),
            {"action": "archive", "index": 0, "_selected_action": pks},
        )
        assert set(model.objects.values_list("publication_state", flat=True)) == {"archivee"}


# --- Completeness --------------------------------------------------------------------------


def test_completeness_counts_the_filled_headings(own_centre):
    action = Action.objects.create(title="Vide", centre=own_centre)
    assert action.completeness == 0

    action.summary = "Un résumé."
    action.status = "en_cours"
    action.save()

    assert action.completeness == round(200 / COMPLETENESS_HEADING_COUNT)
    assert action.completeness_band == CompletenessBand.EMPTY


def test_completeness_is_refreshed_by_the_admin_form(coordinator_client, own_centre):
    action = Action.objects.create(title="Vide", centre=own_centre)
    keyword = KeywordFactory()
    form = coordinator_client.get(admin_url(action, "change"))

    coordinator_client.post(
        admin_url(action, "change"), changeform_data(form, keywords=[keyword.pk], summary="Oui")
    )

    action.refresh_from_db()
    assert action.completeness == round(200 / COMPLETENESS_HEADING_COUNT)


def test_the_seeds_are_scored_and_sortable(seeds):
    scores = dict(Action.objects.values_list("title", "completeness"))

    assert scores["Les petits matins"] == 6
    assert scores['Atelier cuisine parents"A toute âge un repas"'] == 100
    assert Action.objects.order_by("completeness").first().title == "Les petits matins"
    assert Action.objects.in_completeness_band("vide").count() == 1
    assert Action.objects.refresh_completeness() == 0  # stored scores are already current


def test_the_change_form_says_which_headings_a_sheet_lacks(coordinator_client):
    action = ActionFactory(result_territory="", limits="", perspectives="Continuer.")

    page = coordinator_client.get(admin_url(action, "change")).content.decode()

    lacks = page[page.index("manque : ") :].split("</div>")[0]
    assert f"{action.completeness} % — manque : " in page
    assert "Résultat sur le territoire" in lacks
    assert "Suite de l&#x27;action : limites" in lacks
    assert "perspectives" not in lacks  # written
    assert "Résumé" not in lacks


def test_a_complete_sheet_says_so(coordinator_client):
    texts = [name for name in COMPLETENESS_TEXT_HEADINGS if name != "status"]
    action = ActionFactory(
        **dict.fromkeys(texts, "Écrit."),
        keywords=[KeywordFactory()],
        publics=[PublicFactory()],
        initiators=[InitiatorFactory()],
        partner_types=[PartnerTypeFactory()],
    )

    page = coordinator_client.get(admin_url(action, "change")).content.decode()

    assert "100 % — complète" in page
