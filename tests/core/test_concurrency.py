"""Two people editing the same record in the workspace: a save made from an outdated version
is refused with what changed meanwhile, the other person's save is kept, and the refused
values are too, in the form shown again (core.concurrency), on every change form of the
catalogue: fiche action, partner, centre, project sheet, and their inlines."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from centres.models import Centre, Partner
from core.concurrency import VERSION_FIELD
from fiches.admin import ActionAdmin
from fiches.models import Action, ProjectSheet
from tests.admin_forms import admin_url, changeform_data
from tests.centres.factories import CentreFactory, PartnerFactory
from tests.core.edit_conflicts import differences
from tests.fiches.factories import (
    PDF_BYTES,
    ActionFactory,
    AttachmentFactory,
    KeywordFactory,
    ProjectActionFactory,
    ProjectPartnerFactory,
    ProjectSheetFactory,
    TimelineEntryFactory,
)

pytestmark = pytest.mark.django_db

REFUSAL = "Quelqu&#x27;un d&#x27;autre a enregistré des modifications de"


def make_partner():
    partner = PartnerFactory(name="Association Lire")
    partner.centres.add(CentreFactory())
    return partner


# record, the field changed by both people, and its label
CHANGE_FORMS = {
    "action": (lambda: ActionFactory(title="Atelier"), "title", "Titre"),
    "partner": (make_partner, "name", "Nom"),
    "centre": (lambda: CentreFactory(commune="Mantes"), "commune", "Commune"),
    "projectsheet": (lambda: ProjectSheetFactory(title="Projet"), "title", "Titre"),
}


@pytest.mark.parametrize("kind", CHANGE_FORMS)
def test_a_save_from_an_outdated_version_is_refused_until_reloaded(first, second, kind):
    make_record, field, label = CHANGE_FORMS[kind]
    record = make_record()
    url = admin_url(record, "change")
    started_from = getattr(record, field)
    first_page, second_page = first.get(url), second.get(url)
    assert f'name="{VERSION_FIELD}"' in second_page.content.decode()  # no script needed

    saved = first.post(url, changeform_data(first_page, **{field: "Version de la première"}))
    refused = second.post(url, changeform_data(second_page, **{field: "Version de la seconde"}))

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert REFUSAL in refused.content.decode()
    assert differences(refused) == [
        (label, started_from, "Version de la première", "Version de la seconde")
    ]
    record.refresh_from_db()
    assert getattr(record, field) == "Version de la première"
    # The refused values are still in the form.
    assert refused.context["adminform"].form[field].value() == "Version de la seconde"

    reloaded = second.get(url)
    saved_again = second.post(url, changeform_data(reloaded, **{field: "Version de la seconde"}))

    assert saved_again.status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == "Version de la seconde"


def test_the_refused_form_saves_once_the_values_are_merged(first, second):
    action = ActionFactory(title="Atelier", summary="Pour les familles.")
    url = admin_url(action, "change")
    first_page, second_page = first.get(url), second.get(url)
    first.post(url, changeform_data(first_page, title="Atelier cuisine"))
    refused = second.post(url, changeform_data(second_page, summary="Pour les parents."))
    assert differences(refused) == [("Titre", "Atelier", "Atelier cuisine", "Atelier")]

    merged = second.post(url, changeform_data(refused, title="Atelier cuisine"))

    assert merged.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.summary) == ("Atelier cuisine", "Pour les parents.")


def test_saves_one_after_the_other_are_not_refused(first):
    action = ActionFactory(title="Atelier")
    url = admin_url(action, "change")

    first.post(url, changeform_data(first.get(url), title="Atelier cuisine"))
    response = first.post(url, changeform_data(first.get(url), title="Atelier pâtisserie"))

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Atelier pâtisserie"


def test_text_saved_again_with_a_browsers_line_endings_is_unchanged(first, second):
    action = ActionFactory(summary="Pour les familles.\nLe mardi.")
    url = admin_url(action, "change")
    first_page, second_page = first.get(url), second.get(url)
    # What a browser posts for a text area that nobody touched.
    first.post(url, changeform_data(first_page, summary="Pour les familles.\r\nLe mardi.\r\n"))

    response = second.post(url, changeform_data(second_page, title="Atelier cuisine"))

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Atelier cuisine"


def test_the_links_to_vocabularies_are_part_of_the_version(first, second):
    action = ActionFactory(keywords=[KeywordFactory(name="parentalité")])
    health = KeywordFactory(name="santé")
    url = admin_url(action, "change")
    first_page, second_page = first.get(url), second.get(url)
    keywords = [str(pk) for pk in action.keywords.values_list("pk", flat=True)]
    first.post(url, changeform_data(first_page, keywords=[*keywords, str(health.pk)]))

    refused = second.post(url, changeform_data(second_page, summary="Changé."))

    assert differences(refused) == [
        ("Mots clés", "parentalité", "parentalité, santé", "parentalité")
    ]
    assert set(action.keywords.values_list("name", flat=True)) == {"parentalité", "santé"}


def test_the_centres_of_a_partner_are_part_of_the_version(first, second):
    partner = make_partner()
    (centre,) = partner.centres.all()
    other = CentreFactory(display_name="Maison de quartier des Érables")
    url = admin_url(partner, "change")
    first_page, second_page = first.get(url), second.get(url)
    first.post(url, changeform_data(first_page, centres=[str(centre.pk), str(other.pk)]))

    refused = second.post(url, changeform_data(second_page, phone="01 02"))

    expected_now = ", ".join(sorted([str(centre), str(other)]))
    assert differences(refused) == [("Centres partenaires", str(centre), expected_now, str(centre))]
    partner.refresh_from_db()
    assert partner.phone == ""


def test_a_change_to_a_project_sheets_timeline_refuses_a_save_of_its_title(first, second):
    sheet = ProjectSheetFactory(title="Projet Famille")
    TimelineEntryFactory(project=sheet, period="Septembre", text="Réunion de rentrée")
    url = admin_url(sheet, "change")
    first_page, second_page = first.get(url), second.get(url)
    first.post(url, changeform_data(first_page, **{"timeline-0-text": "Réunion des familles"}))

    refused = second.post(url, changeform_data(second_page, title="Projet Famille 2019"))

    assert differences(refused) == [
        (
            "Étape de l'échéancier « Septembre » : étapes",
            "Réunion de rentrée",
            "Réunion des familles",
            "Réunion de rentrée",
        )
    ]
    sheet.refresh_from_db()
    assert sheet.title == "Projet Famille"
    assert sheet.timeline.get().text == "Réunion des familles"


def test_rows_added_and_deleted_meanwhile_are_shown_and_kept(first, second):
    sheet = ProjectSheetFactory()
    link = ProjectPartnerFactory(project=sheet, partner__name="CAF", as_written="CAF",
                                 section="Institutionnels", position=1)  # fmt: skip
    url = admin_url(sheet, "change")
    first_page, second_page = first.get(url), second.get(url)
    first.post(
        url,
        changeform_data(first_page, **{"partner_links-0-DELETE": "on"})
        | {"actions-TOTAL_FORMS": "1", "actions-0-position": "1", "actions-0-title": "Sortie"},
    )

    refused = second.post(url, changeform_data(second_page, **{"partner_links-0-section": "État"}))

    assert differences(refused) == [
        ("Action du projet « Sortie »", "(absent)", "Ordre : 1\nTitre : Sortie",
         "(pas dans votre formulaire)"),
        ("Partenaire du projet « CAF »",
         "Partenaire : CAF\nOrdre : 1\nRubrique de la fiche : Institutionnels\n"
         "Tel qu'écrit : CAF\nSuivi : (vide)\nNote de suivi : (vide)",
         "(supprimé)",
         "Partenaire : CAF\nOrdre : 1\nRubrique de la fiche : État\n"
         "Tel qu'écrit : CAF\nSuivi : (vide)\nNote de suivi : (vide)"),
    ]  # fmt: skip
    assert not sheet.partner_links.filter(pk=link.pk).exists()
    assert list(sheet.actions.values_list("title", flat=True)) == ["Sortie"]


def test_a_change_to_an_actions_files_is_part_of_the_version(first, second):
    action = ActionFactory()
    AttachmentFactory(action=action, title="Programme")
    url = admin_url(action, "change")
    first_page, second_page = first.get(url), second.get(url)
    first.post(url, changeform_data(first_page, **{"attachments-0-title": "Programme 2019"}))

    refused = second.post(url, changeform_data(second_page, summary="Changé."))

    assert differences(refused) == [
        ("Fichier joint « Programme 2019 » : titre", "Programme", "Programme 2019", "Programme")
    ]


def test_an_upload_meanwhile_is_part_of_the_version(first, second):
    action = ActionFactory()
    url = admin_url(action, "change")
    first_page, second_page = first.get(url), second.get(url)
    first.post(
        url,
        changeform_data(first_page)
        | {
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "Affiche",
            "attachments-0-file": SimpleUploadedFile("affiche.pdf", PDF_BYTES),
        },
    )

    refused = second.post(url, changeform_data(second_page, summary="Changé."))

    ((label, started_from, _stored, submitted),) = differences(refused)
    assert (label, started_from, submitted) == (
        "Fichier joint « Affiche »",
        "(absent)",
        "(pas dans votre formulaire)",
    )
    assert action.attachments.get().title == "Affiche"


@pytest.mark.parametrize(
    "version", [None, "n-importe-quoi", "another record's"], ids=["missing", "forged", "moved"]
)
def test_a_form_without_its_own_version_saves_nothing(first, version):
    action = ActionFactory(title="Atelier")
    url = admin_url(action, "change")
    data = changeform_data(first.get(url), title="Atelier cuisine")
    if version == "another record's":
        other = ActionFactory()
        version = changeform_data(first.get(admin_url(other, "change")))[VERSION_FIELD]
    data[VERSION_FIELD] = version

    refused = first.post(url, {key: value for key, value in data.items() if value is not None})

    assert refused.status_code == 200
    assert "Ce formulaire ne dit pas de quelle version" in refused.content.decode()
    action.refresh_from_db()
    assert action.title == "Atelier"
    # The form shown again carries the stored version: the user may now decide to save.
    assert first.post(url, changeform_data(refused)).status_code == 302
    action.refresh_from_db()
    assert action.title == "Atelier cuisine"


def test_a_record_deleted_during_the_save_is_not_brought_back(first, monkeypatch):
    action = ActionFactory(title="Atelier")
    url = admin_url(action, "change")
    data = changeform_data(first.get(url), title="Atelier cuisine")
    read = ActionAdmin.get_object

    def read_then_deleted_by_someone_else(self, request, object_id, from_field=None):
        record = read(self, request, object_id, from_field)
        Action.objects.filter(pk=record.pk).delete()
        return record

    monkeypatch.setattr(ActionAdmin, "get_object", read_then_deleted_by_someone_else)

    refused = first.post(url, data)

    assert refused.status_code == 200
    assert "Quelqu&#x27;un a supprimé « Atelier »" in refused.content.decode()
    assert not Action.objects.exists()


def test_a_field_the_form_does_not_edit_refuses_nothing(client, centre_staff, own_centre, first):
    partner = PartnerFactory()
    partner.centres.add(own_centre)
    client.force_login(centre_staff)
    url = admin_url(partner, "change")
    page = client.get(url)
    first.post(
        admin_url(Partner, "changelist"),
        {"action": "mark_reviewed", "index": 0, "_selected_action": [partner.pk]},
    )

    response = client.post(url, changeform_data(page, phone="01 02"))

    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.phone == "01 02"
    assert partner.last_reviewed_at is not None  # the review is not undone


def test_reverting_to_a_version_is_an_explicit_overwrite(first, second):
    sheet = ProjectSheetFactory(title="Projet Famille")
    version = sheet.history.latest("history_date")
    revert_url = admin_url(sheet, "history") + f"{version.history_id}/"
    page = first.get(revert_url)
    assert VERSION_FIELD not in page.content.decode()
    change_url = admin_url(sheet, "change")
    second.post(change_url, changeform_data(second.get(change_url), title="Projet 2019"))

    response = first.post(revert_url, changeform_data(page))

    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.title == "Projet Famille"


@pytest.mark.parametrize("model", [Action, Partner, Centre, ProjectSheet])
def test_a_new_record_has_no_version(first, model):
    page = first.get(admin_url(model, "add"))

    assert page.context["edited_version"] is None
    assert VERSION_FIELD not in page.content.decode()


def test_the_rows_of_an_inline_keep_their_place_in_the_version(first, second):
    """Both saved rows of the same kind: each compared with its own former self."""
    sheet = ProjectSheetFactory()
    ProjectActionFactory(project=sheet, position=1, title="Sortie")
    ProjectActionFactory(project=sheet, position=2, title="Atelier")
    url = admin_url(sheet, "change")
    first_page, second_page = first.get(url), second.get(url)
    first.post(url, changeform_data(first_page, **{"actions-1-title": "Atelier cuisine"}))

    refused = second.post(url, changeform_data(second_page, **{"actions-0-title": "Sortie"}))

    assert differences(refused) == [
        ("Action du projet « Atelier cuisine » : titre", "Atelier", "Atelier cuisine", "Atelier")
    ]
