"""History: who changed what and when, the comparison with the previous version, reverting,
and the imports recorded in the same history (a sheet's children: test_history_children)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centres.models import Centre, Partner
from fiches.importing import import_paths
from fiches.models import (
    Action,
    ProjectSheet,
)
from tests.admin_forms import admin_url, changeform_data
from tests.centres.factories import CentreFactory, PartnerFactory
from tests.fiches.factories import (
    ActionFactory,
    KeywordFactory,
    ProjectSheetFactory,
)

pytestmark = pytest.mark.django_db


def revert_url(record, version) -> str:
    opts = record._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[record.pk, version.history_id],
    )


def test_an_admin_edit_is_recorded_with_who_and_the_changes(coordinator_client, coordinator):
    action = ActionFactory(title="Atelier cuisine")
    keyword = KeywordFactory(name="Parentalité")
    form = coordinator_client.get(admin_url(action, "change"))

    coordinator_client.post(
        admin_url(action, "change"),
        changeform_data(form, title="Atelier cuisine du samedi", keywords=[keyword.pk]),
    )

    latest = action.history.latest("history_date")
    assert latest.history_user == coordinator
    changes = latest.diff_against(latest.prev_record.prev_record or latest.prev_record)
    assert "title" in changes.changed_fields
    assert [entry.keyword_id for entry in latest.keywords.all()] == [keyword.pk]


def test_the_history_page_compares_each_version_with_the_previous(coordinator_client):
    action = ActionFactory(title="Avant", summary="Premier résumé.")
    action.title, action.summary = "Après", "Second résumé."
    action.save()

    response = coordinator_client.get(admin_url(action, "history"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Premier résumé." in content and "Second résumé." in content  # old → new


@pytest.mark.parametrize(
    "make", [ActionFactory, ProjectSheetFactory, PartnerFactory, CentreFactory],
    ids=["action", "projectsheet", "partner", "centre"],
)  # fmt: skip
def test_every_tracked_record_can_be_reverted_from_the_admin(coordinator_client, make):
    record = make()
    field = "display_name" if isinstance(record, Centre) else (
        "name" if isinstance(record, Partner) else "title"
    )  # fmt: skip
    original = getattr(record, field)
    first_version = record.history.earliest("history_date")
    setattr(record, field, "Changé")
    record.save()

    page = coordinator_client.get(revert_url(record, first_version))
    assert page.status_code == 200
    response = coordinator_client.post(revert_url(record, first_version), changeform_data(page))

    assert response.status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == original
    assert record.history.count() == 3


def test_reverting_an_action_restores_its_vocabularies(coordinator_client):
    action = ActionFactory()
    kept, added = KeywordFactory(name="Culture"), KeywordFactory(name="Sport")
    action.keywords.set([kept])
    version_with_culture = action.history.latest("history_date")
    action.keywords.set([added])

    page = coordinator_client.get(revert_url(action, version_with_culture))
    coordinator_client.post(revert_url(action, version_with_culture), changeform_data(page))

    assert list(action.keywords.all()) == [kept]


def test_a_team_cannot_revert_a_sheet_of_another_centre(
    client, centre_staff, coordinator_client, other_centre
):
    action = ActionFactory(centre=other_centre, title="Chez les autres")
    version = action.history.earliest("history_date")
    data = changeform_data(coordinator_client.get(revert_url(action, version)), title="Pris")
    client.force_login(centre_staff)

    assert client.get(revert_url(action, version)).status_code == 404
    assert client.post(revert_url(action, version), data).status_code == 404
    action.refresh_from_db()
    assert action.title == "Chez les autres"


def test_a_teams_revert_of_its_centre_restores_contact_details_not_its_name(
    client, centre_staff, coordinator_client, own_centre
):
    own_centre.commune = "Trappes"
    own_centre.save()
    version = own_centre.history.earliest("history_date")
    Centre.objects.filter(pk=own_centre.pk).update(display_name="Nouveau nom")
    data = changeform_data(coordinator_client.get(revert_url(own_centre, version)))
    client.force_login(centre_staff)

    assert client.post(revert_url(own_centre, version), data).status_code == 302
    own_centre.refresh_from_db()
    assert own_centre.commune == ""
    assert own_centre.display_name == "Nouveau nom"


def test_a_team_cannot_publish_by_reverting_to_a_published_version(
    client, centre_staff, own_centre
):
    action = ActionFactory(centre=own_centre, publication_state="publiee")
    published = action.history.earliest("history_date")
    action.publication_state = "brouillon"
    action.save()
    client.force_login(centre_staff)

    page = client.get(revert_url(action, published))
    response = client.post(revert_url(action, published), changeform_data(page))

    assert response.status_code == 200  # refused by the form: "publiee" is not a choice
    action.refresh_from_db()
    assert action.publication_state == "brouillon"


def test_imports_are_recorded_with_their_file_as_the_reason(action_dump_path, project_sheet_path):
    import_paths(paths=[action_dump_path, project_sheet_path])

    action = Action.objects.get(title="Création d'un poulailler")
    reasons = set(action.history.values_list("history_change_reason", flat=True))
    assert reasons == {"Import observatoire-yvelines-fiches-actions.txt"}
    # One record of its creation, vocabularies included: not one per list.
    (created,) = action.history.all()
    assert created.history_type == "+"
    assert {k.keyword.name for k in created.keywords.all()} == {
        "intergénérationnel",
        "Santé",
        "Environnement",
    }
    project = ProjectSheet.objects.get()
    assert project.history.earliest("history_date").history_change_reason == (
        "Import chantiers-fiche-projet-famille-2018.txt"
    )
    partner = Partner.objects.first()
    assert partner.history.filter(history_change_reason__startswith="Import").exists()


def test_a_dry_run_records_nothing(action_dump_path):
    import_paths(paths=[action_dump_path], dry_run=True)

    assert Action.history.count() == 0


def test_a_vocabulary_change_from_the_entry_side_is_recorded_on_the_sheet():
    action = ActionFactory()
    keyword = KeywordFactory()

    keyword.actions.add(action)
    keyword.actions.clear()

    types = list(action.history.order_by("history_date").values_list("history_type", flat=True))
    assert types == ["+", "~", "~"]
    assert action.history.latest("history_date").keywords.count() == 0


def test_a_saved_sheet_s_history_copies_its_links_in_one_query_each():
    keywords = KeywordFactory.create_batch(2)
    action = ActionFactory(keywords=keywords)
    action.summary = "Résumé relu."

    with CaptureQueriesContext(connection) as queries:
        action.save()

    record = action.history.latest("history_date")
    assert record.history_type == "~" and record.summary == "Résumé relu."
    assert sorted(link.keyword_id for link in record.keywords.all()) == sorted(
        keyword.pk for keyword in keywords
    )
    link_fields = type(record)._history_m2m_fields
    copies = [
        q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "fiches_historicalaction_')
    ]
    assert len(copies) == len(link_fields)
    # Neither the sheet read again for its fields left out of the history, nor its link rows
    # read as model instances.
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert not [sql for sql in reads if sql.startswith('SELECT "fiches_action"."completeness"')]
    assert not [sql for sql in reads if sql.startswith('SELECT "fiches_action_keywords"."id"')]
