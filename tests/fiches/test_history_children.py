"""The history of a sheet's children (a project sheet's actions, partners and timeline, an
action's files): shown on the sheet's history page, and restored with it."""

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from centres.enums import FollowUpState
from fiches.history import restore_children
from fiches.importing import import_paths
from fiches.models import (
    Attachment,
    ProjectAction,
    ProjectPartner,
    ProjectSheet,
    TimelineEntry,
)
from tests.admin_forms import admin_url, changeform_data
from tests.centres.factories import PartnerFactory
from tests.fiches.factories import (
    ActionFactory,
    AttachmentFactory,
    ProjectActionFactory,
    ProjectPartnerFactory,
    ProjectSheetFactory,
    TimelineEntryFactory,
)
from tests.fiches.sample_files import PDF_BYTES
from tests.fiches.test_history import revert_url

pytestmark = pytest.mark.django_db


def child_changes(response) -> list:
    """The changes to the children that a sheet's history page lists, latest first."""
    assert response.status_code == 200
    return [change for save in response.context["child_saves"] for change in save.changes]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def child_history_html(response) -> str:
    content = response.content.decode()
    return content[content.index('id="child-history"') :]


def test_an_inline_edit_of_the_timeline_is_recorded_and_shown_on_the_sheets_history(
    coordinator_client, coordinator
):
    sheet = ProjectSheetFactory()
    entry = TimelineEntryFactory(project=sheet, period="Septembre", text="Réunion de rentrée")
    form = coordinator_client.get(admin_url(sheet, "change"))

    response = coordinator_client.post(
        admin_url(sheet, "change"),
        changeform_data(form, **{"timeline-0-text": "Réunion des familles"}),
    )

    assert response.status_code == 302
    latest = entry.history.latest("history_date")
    assert (latest.history_type, latest.history_user) == ("~", coordinator)
    page = coordinator_client.get(admin_url(sheet, "history"))
    change, creation = child_changes(page)
    assert change.record == latest
    assert change.changes == [
        "Étapes : « Réunion de rentrée » remplacé par « Réunion des familles »"
    ]
    assert creation.record.history_type == "+"
    html = child_history_html(page)
    assert "Étape de l&#x27;échéancier « Septembre »" in html
    assert "Étapes : « Réunion de rentrée » remplacé par « Réunion des familles »" in html
    assert "&rarr;" not in html and "→" not in html
    assert coordinator.username in html
    # Below the sheet's own versions: its creation, and the form's save.
    content = page.content.decode()
    assert content.index('id="change-history"') < content.index('id="child-history"')
    assert len(page.context["page_obj"]) == 2


def test_a_partner_added_from_the_sheet_form_is_shown_with_its_values(
    coordinator_client, coordinator
):
    sheet = ProjectSheetFactory()
    partner = PartnerFactory(name="Caisse d'allocations familiales")
    form = coordinator_client.get(admin_url(sheet, "change"))
    data = changeform_data(form) | {
        "partner_links-TOTAL_FORMS": "1",
        "partner_links-0-partner": str(partner.pk),
        "partner_links-0-position": "1",
        "partner_links-0-section": "Institutionnels",
        "partner_links-0-as_written": "CAF",
        "partner_links-0-follow_up_state": FollowUpState.TO_CHASE,
    }

    assert coordinator_client.post(admin_url(sheet, "change"), data).status_code == 302

    (added,) = child_changes(coordinator_client.get(admin_url(sheet, "history")))
    assert added.record.history_user == coordinator
    assert (added.operation, added.kind, added.label) == ("ajout", "Partenaire du projet", "CAF")
    assert added.changes == [
        "Partenaire : « Caisse d'allocations familiales »",
        "Ordre : « 1 »",
        "Rubrique de la fiche : « Institutionnels »",
        "Tel qu'écrit : « CAF »",
        "Suivi : « À relancer »",
    ]


def test_deleting_a_child_is_shown_on_the_sheets_history(coordinator_client, coordinator):
    sheet = ProjectSheetFactory()
    ProjectActionFactory(project=sheet, title="Sortie au musée")
    form = coordinator_client.get(admin_url(sheet, "change"))

    coordinator_client.post(
        admin_url(sheet, "change"), changeform_data(form, **{"actions-0-DELETE": "on"})
    )

    assert not sheet.actions.exists()
    deletion, _creation = child_changes(coordinator_client.get(admin_url(sheet, "history")))
    assert (deletion.operation, deletion.label) == ("suppression", "Sortie au musée")
    assert deletion.record.history_user == coordinator


def test_uploading_and_deleting_a_file_is_shown_on_the_actions_history(
    coordinator_client, coordinator
):
    action = ActionFactory()
    data = changeform_data(coordinator_client.get(admin_url(action, "change"))) | {
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-title": "Programme de l'atelier",
        "attachments-0-file": SimpleUploadedFile("programme.pdf", PDF_BYTES),
    }
    coordinator_client.post(admin_url(action, "change"), data)
    form = coordinator_client.get(admin_url(action, "change"))
    coordinator_client.post(
        admin_url(action, "change"), changeform_data(form, **{"attachments-0-DELETE": "on"})
    )

    assert not action.attachments.exists()
    page = coordinator_client.get(admin_url(action, "history"))
    deletion, upload = child_changes(page)
    assert [upload.operation, deletion.operation] == ["ajout", "suppression"]
    assert upload.kind == deletion.kind == "Fichier joint"
    assert upload.label == deletion.label == "Programme de l'atelier"
    assert {upload.record.history_user, deletion.record.history_user} == {coordinator}
    assert "Fichiers joints : ajouts, modifications et suppressions" in page.content.decode()


def test_a_sheet_without_children_changes_says_so(coordinator_client):
    sheet = ProjectSheetFactory()

    page = coordinator_client.get(admin_url(sheet, "history"))

    assert child_changes(page) == []
    assert "Aucune modification enregistrée." in child_history_html(page)


def test_reverting_a_project_sheet_restores_its_children(coordinator_client, coordinator):
    sheet = ProjectSheetFactory(title="Fiche projet Famille")
    entry = TimelineEntryFactory(project=sheet, period="Septembre", text="Réunion de rentrée")
    link = ProjectPartnerFactory(project=sheet, as_written="CAF")
    version = sheet.history.latest("history_date")  # the sheet and the children above
    form = coordinator_client.get(admin_url(sheet, "change"))
    data = changeform_data(
        form,
        title="Fiche projet Famille 2019",
        **{"timeline-0-text": "Réunion des familles", "partner_links-0-DELETE": "on"},
    ) | {"actions-TOTAL_FORMS": "1", "actions-0-position": "1", "actions-0-title": "Ajoutée"}
    coordinator_client.post(admin_url(sheet, "change"), data)
    assert sheet.actions.exists() and not sheet.partner_links.exists()

    page = coordinator_client.get(revert_url(sheet, version))
    assert "le retour à cette version les rétablit aussi" in page.content.decode()
    response = coordinator_client.post(revert_url(sheet, version), changeform_data(page))

    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.title == "Fiche projet Famille"
    assert list(sheet.timeline.values_list("pk", "text")) == [(entry.pk, "Réunion de rentrée")]
    assert list(sheet.partner_links.values_list("pk", "as_written")) == [(link.pk, "CAF")]
    assert not sheet.actions.exists()
    assert "3 éléments rétablis tels qu'ils étaient à cette version." in messages_of(response)[0]
    # The revert is in the history, the sheet's and its children's, with who and why.
    reason = sheet.history.latest("history_date").history_change_reason
    assert reason.startswith("Retour à la version du ")
    restoring = [
        model.history.latest("history_date")
        for model in (TimelineEntry, ProjectPartner, ProjectAction)
    ]
    assert [record.history_type for record in restoring] == ["~", "+", "-"]
    assert {(r.history_user, r.history_change_reason) for r in restoring} == {(coordinator, reason)}
    assert child_changes(coordinator_client.get(admin_url(sheet, "history")))[0].record in restoring


def test_reverting_restores_swapped_positions(coordinator):
    sheet = ProjectSheetFactory()
    first = TimelineEntryFactory(project=sheet, position=1, period="Septembre")
    second = TimelineEntryFactory(project=sheet, position=2, period="Octobre")
    version = sheet.history.latest("history_date")
    sheet.save()  # the next version: the one above lasts until here
    for entry, position in ((first, 3), (second, 1), (first, 2)):
        entry.position = position
        entry.save()

    restored = restore_children(sheet, version, [TimelineEntry])

    assert list(sheet.timeline.values_list("period", "position")) == [
        ("Septembre", 1),
        ("Octobre", 2),
    ]
    assert (restored.changed, restored.left_out) == (2, [])


def test_reverting_leaves_out_what_cannot_come_back(coordinator_client):
    sheet = ProjectSheetFactory()
    link = ProjectPartnerFactory(project=sheet, as_written="Partenaire disparu")
    older = TimelineEntryFactory(project=sheet, period="Plus ancienne que l'historique")
    older.history.all().delete()  # as a row written before its history was kept
    version = sheet.history.latest("history_date")
    sheet.save()
    link.partner.delete()  # and the link with it

    page = coordinator_client.get(revert_url(sheet, version))
    response = coordinator_client.post(revert_url(sheet, version), changeform_data(page))

    assert response.status_code == 302
    assert not sheet.partner_links.exists()
    assert list(sheet.timeline.all()) == [older]  # its past is unknown: it stays
    assert "Non rétablis" in messages_of(response)[1]
    assert "Partenaire disparu" in messages_of(response)[1]


def test_reverting_an_action_leaves_its_files(coordinator_client):
    action = ActionFactory(title="Avant")
    version = action.history.latest("history_date")
    action.title = "Après"
    action.save()
    attachment = AttachmentFactory(action=action)

    page = coordinator_client.get(revert_url(action, version))
    assert "le retour à cette version les laisse tels qu'ils sont" in page.content.decode()
    coordinator_client.post(revert_url(action, version), changeform_data(page))

    action.refresh_from_db()
    assert action.title == "Avant"
    assert list(action.attachments.all()) == [attachment]


def test_imports_record_the_children_with_their_file_as_the_reason(
    coordinator_client, project_sheet_path
):
    import_paths(paths=[project_sheet_path])

    sheet = ProjectSheet.objects.get()
    reason = "Import chantiers-fiche-projet-famille-2018.txt"
    for model, rows in (
        (ProjectAction, sheet.actions),
        (TimelineEntry, sheet.timeline),
        (ProjectPartner, sheet.partner_links),
    ):
        records = model.history.filter(project_id=sheet.pk)
        assert rows.count() > 0
        assert sorted(records.values_list("id", "history_type", "history_change_reason")) == [
            (pk, "+", reason) for pk in sorted(rows.values_list("pk", flat=True))
        ]
    changes = child_changes(coordinator_client.get(admin_url(sheet, "history")))
    assert len(changes) == sheet.actions.count() + sheet.timeline.count() + 29
    assert {change.record.history_change_reason for change in changes} == {reason}


def test_the_history_page_reads_the_children_in_a_few_queries(
    coordinator_client, project_sheet_path, django_assert_max_num_queries
):
    import_paths(paths=[project_sheet_path])
    sheet = ProjectSheet.objects.get()
    for link in sheet.partner_links.all()[:5]:
        link.follow_up_state = FollowUpState.OK
        link.save()

    with django_assert_max_num_queries(12):
        coordinator_client.get(admin_url(sheet, "history"))


def test_a_team_sees_its_sheets_children_history_and_no_other_centres(
    client, centre_staff, own_centre, other_centre
):
    own = ProjectSheetFactory(centre=own_centre)
    TimelineEntryFactory(project=own, period="Chez nous")
    other = ProjectSheetFactory(centre=other_centre)
    TimelineEntryFactory(project=other, period="Chez les autres")
    client.force_login(centre_staff)

    assert "Chez nous" in child_history_html(client.get(admin_url(own, "history")))
    response = client.get(admin_url(other, "history"))
    assert response.status_code in {403, 404}
    assert "Chez les autres" not in response.content.decode()


@pytest.mark.parametrize("model", [ProjectAction, ProjectPartner, TimelineEntry, Attachment])
def test_the_children_history_has_no_admin_page_of_its_own(model):
    # Shown only inside its sheet's history page, which checks the sheet's centre.
    assert not admin.site.is_registered(model)
    assert not admin.site.is_registered(model.history.model)


def test_one_save_of_several_children_is_one_row_in_words(coordinator_client):
    sheet = ProjectSheetFactory()
    TimelineEntryFactory(project=sheet, period="Septembre", text="Réunion")
    ProjectActionFactory(project=sheet, title="Sortie au musée")
    form = coordinator_client.get(admin_url(sheet, "change"))
    coordinator_client.post(
        admin_url(sheet, "change"),
        changeform_data(form, **{"timeline-0-period": "Octobre", "actions-0-DELETE": "on"}),
    )

    page = coordinator_client.get(admin_url(sheet, "history"))

    latest = page.context["child_saves"][0]
    assert sorted(change.operation for change in latest.changes) == ["modification", "suppression"]
    html = child_history_html(page)
    assert "Étape de l&#x27;échéancier « Octobre » : modification" in html
    assert "Période : « Septembre » remplacé par « Octobre »" in html
    assert "Action du projet « Sortie au musée » : suppression" in html
    assert "→" not in html and "&rarr;" not in html and "chars]" not in html
