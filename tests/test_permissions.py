"""The permission matrix of the workspace: every role, at every door, on its own centre's
records and on another centre's, by the screens and by crafted requests (URLs, bulk actions,
autocompletes).

A coordinator does everything everywhere; a centre's team lists, reads, edits and adds its
own centres' sheets and partners and nothing else (no deletion, no publishing, no import);
staff without a role and anonymous visitors do nothing.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from centres.models import Partner
from centres.permissions import allowed_publication_states, is_coordinator, managed_centre_ids
from core.publication import PublicationState
from fiches.models import Action, ProjectSheet
from tests.admin_forms import admin_url, changeform_data
from tests.centres.factories import PartnerFactory, UserFactory
from tests.fiches.factories import ActionFactory, ProjectSheetFactory

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "centre_staff", "plain_staff", "anonymous"]
OPERATIONS = ["list", "view", "change", "add", "delete", "bulk_publish", "autocomplete",
              "history", "import"]  # fmt: skip
MODELS = {"action": Action, "projectsheet": ProjectSheet, "partner": Partner}

EVERYWHERE = frozenset({"own", "other"})
NOWHERE = frozenset()
ALLOWED = {
    "coordinator": dict.fromkeys(OPERATIONS, EVERYWHERE),
    "centre_staff": {
        "list": {"own"},
        "view": {"own"},
        "change": {"own"},
        "add": {"own"},
        "delete": set(),
        "bulk_publish": set(),
        "autocomplete": {"own"},
        "history": {"own"},
        "import": set(),
    },
    "plain_staff": dict.fromkeys(OPERATIONS, NOWHERE),
    "anonymous": dict.fromkeys(OPERATIONS, NOWHERE),
}


def make_record(model_name: str, centre):
    """A draft of the given kind belonging to ``centre``."""
    draft = PublicationState.DRAFT
    if model_name == "action":
        return ActionFactory(centre=centre, publication_state=draft)
    if model_name == "projectsheet":
        return ProjectSheetFactory(centre=centre, publication_state=draft)
    partner = PartnerFactory(publication_state=draft)
    partner.centres.add(centre)
    return partner


def title_field(model_name: str) -> str:
    return "name" if model_name == "partner" else "title"


class Attempt:
    """One role trying one operation; ``run`` says whether it happened."""

    def __init__(self, client, coordinator_client, model_name, record, centre):
        self.client = client
        self.coordinator_client = coordinator_client
        self.model_name = model_name
        self.model = MODELS[model_name]
        self.record = record
        self.centre = centre

    def check(self, response):
        assert response.status_code < 500
        return response

    def refreshed(self):
        return self.model.objects.filter(pk=self.record.pk).first()

    def list(self):
        response = self.check(self.client.get(admin_url(self.model, "changelist")))
        return response.status_code == 200 and admin_url(self.record, "change") in (
            response.content.decode()
        )

    def view(self):
        response = self.check(self.client.get(admin_url(self.record, "change")))
        return response.status_code == 200 and "adminform" in response.context

    def change(self):
        # What the form posts, as a coordinator's browser reads it: the attacker's best guess.
        form = self.coordinator_client.get(admin_url(self.record, "change"))
        field = title_field(self.model_name)
        data = changeform_data(form, **{field: "Titre changé"})
        self.check(self.client.post(admin_url(self.record, "change"), data))
        return getattr(self.refreshed(), field) == "Titre changé"

    def add(self):
        form = self.coordinator_client.get(admin_url(self.model, "add"))
        field = title_field(self.model_name)
        values = {field: "Toute nouvelle fiche", "publication_state": PublicationState.DRAFT}
        if self.model_name == "partner":
            values |= {"centres": [str(self.centre.pk)], "category": "associatif"}
        else:
            values |= {"centre": str(self.centre.pk)}
        self.check(self.client.post(admin_url(self.model, "add"), changeform_data(form, **values)))
        return self.model.objects.filter(**{field: "Toute nouvelle fiche"}).exists()

    def delete(self):
        self.check(self.client.post(admin_url(self.record, "delete"), {"post": "yes"}))
        return self.refreshed() is None

    def bulk_publish(self):
        data = {"action": "publish", "_selected_action": [self.record.pk], "index": 0}
        self.check(self.client.post(admin_url(self.model, "changelist"), data))
        return self.refreshed().publication_state == PublicationState.PUBLISHED

    def autocomplete(self):
        field = "centres" if self.model_name == "partner" else "centre"
        query = {"app_label": "fiches", "model_name": self.model_name, "field_name": field}
        if self.model_name == "partner":
            query["app_label"] = "centres"
        response = self.check(self.client.get(reverse("admin:autocomplete"), query))
        if response.status_code != 200 or response.get("Content-Type") != "application/json":
            return False
        return str(self.centre.pk) in {item["id"] for item in response.json()["results"]}

    def history(self):
        response = self.check(self.client.get(admin_url(self.record, "history")))
        return response.status_code == 200

    def import_(self):
        response = self.check(self.client.get(reverse("admin:fiches_import")))
        return response.status_code == 200

    def run(self, operation: str) -> bool:
        return getattr(self, "import_" if operation == "import" else operation)()


@pytest.fixture
def users(coordinator, centre_staff, plain_staff):
    return {"coordinator": coordinator, "centre_staff": centre_staff, "plain_staff": plain_staff}


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model_name", list(MODELS))
def test_permission_matrix(
    model_name, role, operation, which, users, own_centre, other_centre, coordinator_client
):
    centre = own_centre if which == "own" else other_centre
    record = make_record(model_name, centre)
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])

    happened = Attempt(client, coordinator_client, model_name, record, centre).run(operation)

    assert happened == (which in ALLOWED[role][operation])


@pytest.mark.parametrize("role", ["centre_staff", "plain_staff"])
def test_bulk_actions_beyond_the_role_are_not_offered(client, users, own_centre, role):
    make_record("action", own_centre)
    client.force_login(users[role])

    response = client.get(admin_url(Action, "changelist"))

    offered = (
        {value for value, _label in response.context["action_form"].fields["action"].choices}
        if response.status_code == 200
        else set()
    )
    assert not offered & {"publish", "unpublish", "archive", "delete_selected"}


def test_a_team_lists_only_its_own_centres_in_choices_and_filters(
    client, centre_staff, own_centre, other_centre
):
    own = make_record("action", own_centre)
    make_record("action", other_centre)
    client.force_login(centre_staff)

    changelist = client.get(admin_url(Action, "changelist")).content.decode()
    add_form = client.get(admin_url(Action, "add"))

    assert own_centre.display_name in changelist
    assert other_centre.display_name not in changelist
    assert list(add_form.context["adminform"].form.fields["centre"].queryset) == [own_centre]
    assert own.title in changelist


def test_a_team_cannot_move_its_sheet_to_another_centre(
    client, coordinator_client, centre_staff, own_centre, other_centre
):
    action = make_record("action", own_centre)
    data = changeform_data(
        coordinator_client.get(admin_url(action, "change")), centre=str(other_centre.pk)
    )
    client.force_login(centre_staff)

    response = client.post(admin_url(action, "change"), data)

    assert response.status_code == 200  # the form again, with its error
    assert "centre" in response.context["adminform"].form.errors
    action.refresh_from_db()
    assert action.centre == own_centre


def test_a_team_cannot_link_a_project_sheet_to_another_centres_action(
    client, coordinator_client, centre_staff, own_centre, other_centre
):
    project = make_record("projectsheet", own_centre)
    foreign_action = make_record("action", other_centre)
    data = changeform_data(
        coordinator_client.get(admin_url(project, "change")),
        related_action=str(foreign_action.pk),
    )
    client.force_login(centre_staff)

    client.post(admin_url(project, "change"), data)

    project.refresh_from_db()
    assert project.related_action is None


def test_a_team_editing_a_shared_partner_keeps_the_other_centres_links(
    client, coordinator_client, centre_staff, own_centre, other_centre
):
    partner = make_record("partner", own_centre)
    partner.centres.add(other_centre)
    client.force_login(centre_staff)
    form = client.get(admin_url(partner, "change"))
    assert list(form.context["adminform"].form.fields["centres"].queryset) == [own_centre]

    response = client.post(admin_url(partner, "change"), changeform_data(form, missions="Aide"))

    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.missions == "Aide"
    assert set(partner.centres.all()) == {own_centre, other_centre}


def test_a_team_must_link_a_new_partner_to_one_of_its_centres(
    client, coordinator_client, centre_staff
):
    form = coordinator_client.get(admin_url(Partner, "add"))
    client.force_login(centre_staff)

    response = client.post(
        admin_url(Partner, "add"),
        changeform_data(form, name="Sans centre", category="associatif", publication_state=""),
    )

    assert "centres" in response.context["adminform"].form.errors
    assert not Partner.objects.filter(name="Sans centre").exists()


def test_a_team_changes_its_centres_contact_details_only(
    client, centre_staff, own_centre, other_centre
):
    client.force_login(centre_staff)
    form = client.get(admin_url(own_centre, "change"))
    data = changeform_data(form, commune="Sartrouville", display_name="Renommé")

    assert form.status_code == 200
    assert client.get(admin_url(other_centre, "change")).status_code == 302  # "not found"
    assert client.post(admin_url(own_centre, "change"), data).status_code == 302
    own_centre.refresh_from_db()
    assert own_centre.commune == "Sartrouville"
    assert own_centre.display_name == "Centre social des Tilleuls"
    assert client.get(admin_url(type(own_centre), "add")).status_code == 403


def test_superusers_are_coordinators():
    superuser = UserFactory(is_superuser=True)

    assert is_coordinator(superuser)
    assert managed_centre_ids(superuser) is None


def test_inactive_or_anonymous_users_manage_nothing(centre_staff):
    centre_staff.is_active = False

    assert managed_centre_ids(centre_staff) == frozenset()
    assert managed_centre_ids(AnonymousUser()) == frozenset()


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (None, ["brouillon", "a_relire"]),
        ("brouillon", ["brouillon", "a_relire"]),
        ("publiee", ["brouillon", "a_relire", "publiee"]),
    ],
)
def test_a_team_writes_and_submits_but_does_not_publish(centre_staff, current, expected):
    assert allowed_publication_states(centre_staff, current) == expected


def test_coordinators_may_set_any_state(coordinator):
    assert allowed_publication_states(coordinator, "brouillon") == PublicationState.values
