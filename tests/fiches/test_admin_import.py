"""Importing from the browser: the dry-run report, the file waiting for its confirmation
(in the database, not the session), the confirmation, and refused files."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from centres.models import Centre
from fiches.models import Action, PendingImport, ProjectSheet
from fiches.models.pending_imports import PENDING_IMPORT_LIFETIME
from tests.centres.factories import UserFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/fiches/import/"


def upload(path, name=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/plain")


def test_the_page_is_at_its_address_and_linked_from_the_change_list(coordinator_client):
    assert reverse("admin:fiches_import") == IMPORT_URL

    changelist = coordinator_client.get(reverse("admin:fiches_action_changelist"))

    assert IMPORT_URL in changelist.content.decode()
    assert coordinator_client.get(IMPORT_URL).status_code == 200


def test_the_dry_run_reports_and_writes_nothing(coordinator_client, action_dump_path):
    response = coordinator_client.post(IMPORT_URL, {"dump": upload(action_dump_path)})

    report = response.context["report"]
    assert report.dry_run
    assert (report.sheets_read, report.created, report.duplicates) == (25, 22, 3)
    content = response.content.decode()
    assert "Aperçu (rien n'a encore été écrit)" in content
    assert "ligne 279 : « boîte à livres » est une copie exacte" in content
    assert 'name="confirm"' in content
    assert Action.objects.count() == 0
    assert Centre.objects.count() == 1  # the Chantiers centre, created by a migration


def test_confirming_imports_what_the_report_showed(
    coordinator_client, coordinator, action_dump_path
):
    dry_run = coordinator_client.post(IMPORT_URL, {"dump": upload(action_dump_path)})

    response = coordinator_client.post(
        IMPORT_URL, {"confirm": "1", "token": dry_run.context["token"]}
    )

    report = response.context["report"]
    assert not report.dry_run and report.created == 22
    assert Action.objects.count() == 22
    # Published as the observatory's dump is, but for its one empty sheet.
    assert Action.objects.published().count() == 21
    assert report.kept_as_drafts[0].startswith("ligne 180 : « Les petits matins »")
    assert "Importées en brouillon" in response.content.decode()
    record = Action.history.latest("history_date")
    assert record.history_user == coordinator
    assert record.history_change_reason == "Import observatoire-yvelines-fiches-actions.txt"
    assert not PendingImport.objects.exists()


def test_a_confirmation_is_used_once(coordinator_client, action_dump_path):
    dry_run = coordinator_client.post(IMPORT_URL, {"dump": upload(action_dump_path)})
    confirmation = {"confirm": "1", "token": dry_run.context["token"]}
    coordinator_client.post(IMPORT_URL, confirmation)

    again = coordinator_client.post(IMPORT_URL, confirmation, follow=True)

    assert "n&#x27;est plus en attente" in again.content.decode()
    assert again.redirect_chain[-1][0] == IMPORT_URL
    assert Action.history.filter(history_type="+").count() == 22


def test_a_stale_token_confirms_nothing(coordinator_client, action_dump_path):
    coordinator_client.post(IMPORT_URL, {"dump": upload(action_dump_path)})

    coordinator_client.post(IMPORT_URL, {"confirm": "1", "token": "forged"})

    assert Action.objects.count() == 0


def test_the_state_of_created_sheets_can_be_chosen(coordinator_client, action_dump_path):
    dry_run = coordinator_client.post(
        IMPORT_URL, {"dump": upload(action_dump_path), "publication_state": "brouillon"}
    )
    coordinator_client.post(IMPORT_URL, {"confirm": "1", "token": dry_run.context["token"]})

    assert set(Action.objects.values_list("publication_state", flat=True)) == {"brouillon"}


def test_cancelling_forgets_the_file(coordinator_client, action_dump_path):
    dry_run = coordinator_client.post(IMPORT_URL, {"dump": upload(action_dump_path)})

    coordinator_client.post(IMPORT_URL, {"cancel": "1", "token": dry_run.context["token"]})

    assert not PendingImport.objects.exists()
    assert Action.objects.count() == 0


def test_a_second_import_reports_unchanged_and_conflicts(coordinator_client, action_dump_path):
    first = coordinator_client.post(IMPORT_URL, {"dump": upload(action_dump_path)})
    coordinator_client.post(IMPORT_URL, {"confirm": "1", "token": first.context["token"]})
    edited = Action.objects.get(title="On composte")
    edited.summary = "Réécrit à la main."
    edited.save()

    second = coordinator_client.post(IMPORT_URL, {"dump": upload(action_dump_path)})

    report = second.context["report"]
    assert (report.created, report.unchanged, len(report.conflicts)) == (0, 22, 0)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "fichier binaire"),
        (b"\xff\xfeA\x00\x01\x00", "caractère de contrôle U+0001 lu en UTF-16 LE"),
        (b'Actions "Sans structure"\nDESCRIPTION DE L\'ACTION\n', "cassé.txt:"),
    ],
    ids=["binary", "control-character", "malformed"],
)  # fmt: skip
def test_a_refused_file_writes_nothing_and_says_where(coordinator_client, content, error):
    response = coordinator_client.post(
        IMPORT_URL, {"dump": SimpleUploadedFile("cassé.txt", content)}
    )

    report = response.context["report"]
    assert not report.ok
    assert error in report.error
    body = response.content.decode()
    assert "Fichier refusé : rien n'a été écrit." in body
    assert 'name="confirm"' not in body
    assert not PendingImport.objects.exists()
    assert Action.objects.count() == 0


def test_a_file_over_the_limit_is_refused(coordinator_client, settings):
    response = coordinator_client.post(
        IMPORT_URL, {"dump": SimpleUploadedFile("énorme.txt", b"x" * (5 * 1024 * 1024 + 1))}
    )

    assert "dump" in response.context["form"].errors
    assert Action.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_centre_team_may_not_import(client, centre_staff, action_dump_path, method):
    client.force_login(centre_staff)

    response = getattr(client, method)(IMPORT_URL, {"dump": upload(action_dump_path)})

    assert response.status_code == 403
    assert Action.objects.count() == 0


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_value_too_long_is_a_refused_file_not_an_error_page(
    coordinator_client, project_sheet_path
):
    text = project_sheet_path.read_text(encoding="utf-8")
    too_long = text.replace("· RIVE\n", f"· RIVE {'très ' * 60}\n").encode()

    response = coordinator_client.post(
        IMPORT_URL, {"dump": SimpleUploadedFile("projet.txt", too_long)}
    )

    assert response.status_code == 200
    assert "Fichier refusé : rien n'a été écrit." in response.content.decode()
    assert "projet.txt:73 : Partenaire du projet : « tel qu&#x27;écrit » trop long" in (
        response.content.decode()
    )
    assert not ProjectSheet.objects.exists()


# --- The file waiting for its confirmation --------------------------------------------------


def test_the_waiting_file_is_kept_in_the_database_and_the_session_stays_small(
    coordinator_client, coordinator, action_dump_path
):
    dry_run = coordinator_client.post(IMPORT_URL, {"dump": upload(action_dump_path)})

    pending = PendingImport.objects.get()
    assert (pending.user, pending.name) == (coordinator, action_dump_path.name)
    assert pending.token == dry_run.context["token"]
    assert bytes(pending.content) == action_dump_path.read_bytes()
    session = Session.objects.get(session_key=coordinator_client.session.session_key)
    # The 77 ko dump once made this row 25 ko (compressed), read on every request.
    assert len(session.session_data) < 1000


def test_the_confirmation_may_come_through_another_process(coordinator, action_dump_path):
    # Nothing of the dry run stays in the process or the session that served it: another
    # browser session of the same coordinator (another worker, another machine) confirms.
    first, second = Client(), Client()
    first.force_login(coordinator)
    second.force_login(coordinator)
    dry_run = first.post(IMPORT_URL, {"dump": upload(action_dump_path)})

    response = second.post(IMPORT_URL, {"confirm": "1", "token": dry_run.context["token"]})

    assert response.context["report"].created == 22
    assert Action.objects.count() == 22


def test_another_coordinator_cannot_confirm_the_file(coordinator_client, action_dump_path):
    dry_run = coordinator_client.post(IMPORT_URL, {"dump": upload(action_dump_path)})
    other = Client()
    other.force_login(UserFactory(username="autre", is_superuser=True))

    response = other.post(
        IMPORT_URL, {"confirm": "1", "token": dry_run.context["token"]}, follow=True
    )

    assert "n&#x27;est plus en attente" in response.content.decode()
    assert Action.objects.count() == 0
    assert PendingImport.objects.count() == 1  # still the first coordinator's to confirm


def test_a_file_waiting_for_more_than_a_day_expires(
    coordinator_client, action_dump_path, project_sheet_path
):
    stale = coordinator_client.post(IMPORT_URL, {"dump": upload(action_dump_path)})
    too_old = timezone.now() - PENDING_IMPORT_LIFETIME - timedelta(minutes=1)
    PendingImport.objects.update(created_at=too_old)

    coordinator_client.post(IMPORT_URL, {"confirm": "1", "token": stale.context["token"]})
    assert Action.objects.count() == 0

    # Left behind by another coordinator: cleaned when anyone uploads a file.
    PendingImport.objects.create(
        token="abandonné", user=UserFactory(), name="vieux.txt", content=b"x"
    )
    PendingImport.objects.update(created_at=too_old)
    coordinator_client.post(IMPORT_URL, {"dump": upload(project_sheet_path)})

    assert list(PendingImport.objects.values_list("name", flat=True)) == [project_sheet_path.name]


def test_the_report_names_the_encoding_read(coordinator_client, action_dump_path):
    windows = action_dump_path.read_text(encoding="utf-8").encode("cp1252")
    dry_run = coordinator_client.post(
        IMPORT_URL, {"dump": SimpleUploadedFile("dump-ansi.txt", windows)}
    )

    assert '<th scope="row">Encodage</th><td>Windows-1252</td>' in dry_run.content.decode()
    response = coordinator_client.post(
        IMPORT_URL, {"confirm": "1", "token": dry_run.context["token"]}
    )
    assert response.context["report"].encoding == "Windows-1252"
    assert response.context["report"].created == 22
    assert Action.objects.get(title="Création d'un poulailler").centre.departement == "Yvelines"
