"""Files attached to a sheet: what is accepted, where it is stored, who uploaded it, and the
download links on the public sheet."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfWriter

from fiches.attachments import MAX_ATTACHMENT_SIZE, validate_attachment
from fiches.models import Attachment
from tests.admin_forms import admin_url, changeform_data
from tests.fiches.factories import ActionFactory, AttachmentFactory
from tests.fiches.sample_files import (
    EXE_BYTES,
    OLE2_HEADER,
    PDF_BYTES,
    PNG_BYTES,
    image_bytes,
    ooxml_bytes,
    opendocument_bytes,
    zip_bytes,
)

RIGHT_TO_LEFT_OVERRIDE = "\u202e"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("programme.pdf", PDF_BYTES),
        ("Affiche.PNG", PNG_BYTES),
        ("photo.jpg", image_bytes("JPEG")),
        ("photo.jpeg", image_bytes("JPEG")),
        ("logo.gif", image_bytes("GIF")),
        ("photo.webp", image_bytes("WEBP")),
        ("bilan.docx", ooxml_bytes("word/document.xml")),
        ("budget.xlsx", ooxml_bytes("xl/workbook.xml")),
        ("diaporama.pptx", ooxml_bytes("ppt/presentation.xml")),
        ("compte-rendu.odt", opendocument_bytes("text")),
        ("budget.ods", opendocument_bytes("spreadsheet")),
        ("diaporama.odp", opendocument_bytes("presentation")),
        ("compte-rendu.doc", OLE2_HEADER + b"\x00" * 504),
        ("budget.xls", OLE2_HEADER + b"\x00" * 504),
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
        # A PDF's signature and end, nothing in between: no document to read.
        ("programme.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "invalid_pdf"),
        ("programme.pdf", PDF_BYTES[: len(PDF_BYTES) // 2], "invalid_pdf"),  # cut short
        ("photo.png", PNG_BYTES[:20] + b"\x00" * 32, "content_mismatch"),  # a signature only
        ("photo.png", image_bytes("JPEG"), "content_mismatch"),
        ("photo.png", PDF_BYTES, "content_mismatch"),
        ("photo.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", "content_mismatch"),
        ("bilan.docx", zip_bytes({"autre.txt": "texte"}), "content_mismatch"),  # a plain zip
        ("bilan.docx", zip_bytes({"[Content_Types].xml": "<Types/>"}), "content_mismatch"),
        ("bilan.docx", ooxml_bytes("xl/workbook.xml"), "content_mismatch"),  # a spreadsheet
        ("bilan.docx", b"PK\x03\x04 not really a zip", "content_mismatch"),
        ("budget.ods", opendocument_bytes("text"), "content_mismatch"),  # a text document
        ("compte-rendu.doc", EXE_BYTES, "content_mismatch"),
    ],
)
def test_other_files_are_refused(name, content, code):
    with pytest.raises(ValidationError) as refusal:
        validate_attachment(SimpleUploadedFile(name, content))

    assert refusal.value.code == code


def test_a_pdf_header_followed_by_a_web_page_is_refused_in_plain_french():
    page = b"%PDF-1.7\n<!DOCTYPE html><html><script>fetch('/admin/')</script></html>"

    with pytest.raises(ValidationError) as refusal:
        validate_attachment(SimpleUploadedFile("programme.pdf", page + PDF_BYTES[9:]))

    assert refusal.value.code == "html_in_pdf"
    assert refusal.value.messages == [
        "Ce fichier se présente comme un PDF mais contient une page web (HTML) : il est refusé."
    ]


def test_a_pdf_without_a_page_is_refused():
    buffer = io.BytesIO()
    PdfWriter().write(buffer)

    with pytest.raises(ValidationError) as refusal:
        validate_attachment(SimpleUploadedFile("vide.pdf", buffer.getvalue()))

    assert refusal.value.code == "empty_pdf"


def test_an_image_too_large_to_decode_is_refused(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10)  # Pillow refuses twice as many

    with pytest.raises(ValidationError) as refusal:
        validate_attachment(SimpleUploadedFile("affiche.png", image_bytes("PNG", (8, 8))))

    assert refusal.value.code == "image_too_large"


def test_the_checked_file_is_left_at_its_start():
    upload = SimpleUploadedFile("programme.pdf", PDF_BYTES)

    validate_attachment(upload)

    assert upload.read() == PDF_BYTES


SAMPLES = {
    "pdf": PDF_BYTES,
    "png": PNG_BYTES,
    "jpg": image_bytes("JPEG"),
    "gif": image_bytes("GIF"),
    "webp": image_bytes("WEBP"),
    "docx": ooxml_bytes("word/document.xml"),
    "ods": opendocument_bytes("spreadsheet"),
}


@settings(max_examples=60, deadline=None)
@given(
    extension=st.sampled_from(sorted(SAMPLES)),
    cut=st.integers(min_value=0, max_value=400),
    noise=st.binary(max_size=40),
    at=st.integers(min_value=0, max_value=400),
)
def test_damaged_files_are_refused_with_a_message_never_an_error(extension, cut, noise, at):
    sample = SAMPLES[extension]
    damaged = sample[:at] + noise + sample[at + len(noise) :]
    damaged = damaged[: len(damaged) - cut] if cut < len(damaged) else damaged

    try:
        validate_attachment(SimpleUploadedFile(f"fichier.{extension}", damaged))
    except ValidationError as refusal:
        assert refusal.messages


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
def test_the_public_sheet_links_each_file_at_its_address_under_the_sheet():
    action = ActionFactory(title="Atelier cuisine", attached_files="ancien-programme.doc")
    attachment = AttachmentFactory(action=action, title="Programme de l'atelier")

    html = render_to_string("includes/action_attachments.html", {"action": action})

    url = f"/actions/atelier-cuisine/fichiers/{attachment.pk}/programme-de-latelier.pdf"
    assert attachment.get_absolute_url() == url
    assert f'href="{url}"' in html
    assert "Programme de l&#x27;atelier" in html
    assert "(PDF)" in html
    assert "ancien-programme.doc" in html


@pytest.mark.django_db
def test_bidi_controls_are_removed_from_a_title_when_it_is_saved():
    title = f"Programme {RIGHT_TO_LEFT_OVERRIDE}fdp.exe\u2066\u200f\u061c"

    attachment = AttachmentFactory(title=title)

    attachment.refresh_from_db()
    assert attachment.title == "Programme fdp.exe"
    assert attachment.download_name == "programme-fdpexe.pdf"


@pytest.mark.django_db
def test_a_title_taken_from_the_file_name_has_no_bidi_controls():
    upload = SimpleUploadedFile(f"facture{RIGHT_TO_LEFT_OVERRIDE}fdp.exe.pdf", PDF_BYTES)

    attachment = AttachmentFactory(title="", file=upload)

    assert attachment.title == "facturefdp.exe"


@pytest.mark.django_db
def test_the_names_a_sheet_cites_are_shown_without_bidi_controls():
    action = ActionFactory(
        attached_files=f"bilan{RIGHT_TO_LEFT_OVERRIDE}cod.exe\n\u202a\u202c\nplan\u200e.pdf"
    )

    assert action.attached_file_names == ["bilancod.exe", "plan.pdf"]
    html = render_to_string("includes/action_attachments.html", {"action": action})
    assert RIGHT_TO_LEFT_OVERRIDE not in html


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
    assert f'href="{attachment.get_absolute_url()}"' in response.content.decode()
