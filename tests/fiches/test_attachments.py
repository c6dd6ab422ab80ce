"""Files attached to a sheet: what is accepted, where it is stored, who uploaded it, and the
download links on the public sheet."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from fiches.attachments import MAX_ATTACHMENT_SIZE, validate_attachment
from fiches.models import Attachment
from tests.admin_forms import admin_url, changeform_data
from tests.fiches.factories import PDF_BYTES, ActionFactory, AttachmentFactory

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def office_document(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<Types/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("programme.pdf", PDF_BYTES),
        ("Affiche.PNG", PNG_BYTES),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16),
        ("photo.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 "),
        ("bilan.docx", office_document("[Content_Types].xml")),
        ("budget.ods", office_document("mimetype")),
        ("compte-rendu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16),
    ],
)
def test_documents_and_images_are_accepted(name, content):
    validate_attachment(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("programme.pdf", EXE_BYTES, "content_mismatch"),  # an executable renamed .pdf
        ("programme.exe", EXE_BYTES, "type_not_allowed"),
        ("page.html", b"<script>alert(1)</script>", "type_not_allowed"),
        ("logo.svg", b"<svg onload='alert(1)'/>", "type_not_allowed"),
        ("sans-extension", PDF_BYTES, "type_not_allowed"),
        ("bilan.docx", office_document("autre.txt"), "content_mismatch"),  # a plain zip
        ("bilan.docx", b"PK\x03\x04 not really a zip", "content_mismatch"),
        ("photo.png", PDF_BYTES, "content_mismatch"),
    ],
)
def test_other_files_are_refused(name, content, code):
    with pytest.raises(ValidationError) as refusal:
        validate_attachment(SimpleUploadedFile(name, content))

    assert refusal.value.code == code


def test_a_file_over_10_mb_is_refused():
    eleven_mb = PDF_BYTES + b"0" * (11 * 1024 * 1024)
    assert len(eleven_mb) > MAX_ATTACHMENT_SIZE

    with pytest.raises(ValidationError, match="au plus") as refusal:
        validate_attachment(SimpleUploadedFile("gros.pdf", eleven_mb))

    assert refusal.value.code == "too_large"


@pytest.mark.django_db
def test_an_upload_from_the_action_form_is_stored_under_a_generated_name(
    coordinator_client, coordinator
):
    action = ActionFactory(title="Atelier cuisine")
    form = coordinator_client.get(admin_url(action, "change"))
    data = changeform_data(form)
    data |= {
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-title": "",
        "attachments-0-file": SimpleUploadedFile("../../etc/Programme été.pdf", PDF_BYTES),
    }

    response = coordinator_client.post(admin_url(action, "change"), data)

    assert response.status_code == 302
    attachment = action.attachments.get()
    assert re.fullmatch(r"fiches/atelier-cuisine/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert attachment.title == "Programme été"
    assert attachment.uploaded_by == coordinator
    assert attachment.file.read() == PDF_BYTES


@pytest.mark.django_db
def test_a_refused_upload_stores_nothing(coordinator_client):
    action = ActionFactory()
    data = changeform_data(coordinator_client.get(admin_url(action, "change")))
    data |= {
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-title": "Programme",
        "attachments-0-file": SimpleUploadedFile("programme.pdf", EXE_BYTES),
    }

    response = coordinator_client.post(admin_url(action, "change"), data)

    assert response.status_code == 200
    assert "ne correspond pas à son extension" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_a_centre_team_attaches_files_to_its_own_sheets(client, centre_staff, own_centre):
    action = ActionFactory(centre=own_centre)
    client.force_login(centre_staff)
    data = changeform_data(client.get(admin_url(action, "change")))
    data |= {
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-title": "Affiche",
        "attachments-0-file": SimpleUploadedFile("affiche.png", PNG_BYTES),
    }

    client.post(admin_url(action, "change"), data)

    assert action.attachments.get().uploaded_by == centre_staff


@pytest.mark.django_db
def test_the_public_sheet_lists_the_files_with_download_links():
    action = ActionFactory(attached_files="ancien-programme.doc")
    attachment = AttachmentFactory(action=action, title="Programme de l'atelier")

    html = render_to_string("includes/action_attachments.html", {"action": action})

    assert f'href="{attachment.file.url}"' in html
    assert "Programme de l&#x27;atelier" in html
    assert "(PDF)" in html
    assert "ancien-programme.doc" in html


@pytest.mark.django_db
def test_a_sheet_without_files_shows_no_section():
    html = render_to_string("includes/action_attachments.html", {"action": ActionFactory()})

    assert "<li>" not in html


@pytest.mark.django_db
def test_deleting_an_attachment_deletes_its_file(django_capture_on_commit_callbacks):
    attachment = AttachmentFactory()
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        attachment.delete()

    assert not storage.exists(name)


@pytest.mark.django_db
def test_replacing_the_file_of_an_attachment_deletes_the_old_one(
    django_capture_on_commit_callbacks,
):
    attachment = AttachmentFactory()
    storage, old_name = attachment.file.storage, attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        attachment.file = SimpleUploadedFile("nouveau.pdf", PDF_BYTES)
        attachment.save()

    assert not storage.exists(old_name)
    assert storage.exists(attachment.file.name)
    assert attachment.file.name != old_name


@pytest.mark.django_db
def test_saving_an_attachment_keeps_its_file(django_capture_on_commit_callbacks):
    attachment = AttachmentFactory()

    with django_capture_on_commit_callbacks(execute=True):
        attachment.title = "Programme"
        attachment.save()

    assert attachment.file.storage.exists(attachment.file.name)


@pytest.mark.django_db
def test_the_public_page_offers_the_download(client):
    attachment = AttachmentFactory(title="Programme de l'atelier")

    response = client.get(attachment.action.get_absolute_url())

    assert response.status_code == 200
    assert f'href="{attachment.file.url}"' in response.content.decode()
