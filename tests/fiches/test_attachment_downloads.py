"""Attached files served under their sheet's address (``web.views.AttachmentView``), with
the sheet's publication rules, in production as in development: PDF and images shown, the
rest downloaded, never sniffed, sandboxed, streamed from the storage."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.publication import PublicationState
from tests.admin_forms import admin_url
from tests.centres.factories import CentreFactory
from tests.fiches.factories import ActionFactory, AttachmentFactory
from tests.fiches.sample_files import PDF_BYTES, PNG_BYTES, ooxml_bytes

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def attached(name: str, content: bytes, **kwargs):
    return AttachmentFactory(file=SimpleUploadedFile(name, content), **kwargs)


def test_a_published_sheet_s_pdf_is_shown_in_a_sandbox(client):
    attachment = AttachmentFactory(title="Programme de l'été")

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="programme-de-lete.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == (
        "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    )
    assert streamed(response) == PDF_BYTES
    assert int(response["Content-Length"]) == len(PDF_BYTES)


def test_an_image_is_shown_and_an_office_document_downloaded(client):
    image = attached("affiche.png", PNG_BYTES, title="Affiche")
    document = attached("bilan.docx", ooxml_bytes("word/document.xml"), title="Bilan")

    shown, downloaded = (
        client.get(image.get_absolute_url()),
        client.get(document.get_absolute_url()),
    )

    assert shown["Content-Type"] == "image/png"
    assert shown["Content-Disposition"] == 'inline; filename="affiche.png"'
    assert downloaded["Content-Type"] == DOCX
    assert downloaded["Content-Disposition"] == 'attachment; filename="bilan.docx"'
    assert shown["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert downloaded["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert downloaded["X-Content-Type-Options"] == "nosniff"


def test_a_draft_s_files_are_not_public(client):
    attachment = AttachmentFactory(action=ActionFactory(publication_state=PublicationState.DRAFT))

    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_staff_read_the_files_of_the_drafts_they_may_edit(centre_staff, own_centre, other_centre):
    team = Client()
    team.force_login(centre_staff)
    own, other = (
        AttachmentFactory(action=ActionFactory(centre=centre, publication_state="brouillon"))
        for centre in (own_centre, other_centre)
    )

    response = team.get(own.get_absolute_url())

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]  # no shared cache keeps a draft's file
    assert streamed(response) == PDF_BYTES
    assert team.get(other.get_absolute_url()).status_code == 404


def test_a_coordinator_reads_every_draft_s_files(coordinator_client):
    attachment = AttachmentFactory(action=ActionFactory(publication_state="brouillon"))

    assert coordinator_client.get(attachment.get_absolute_url()).status_code == 200


def test_an_older_name_leads_to_the_current_one(client):
    attachment = AttachmentFactory(title="Programme")
    old_url = attachment.get_absolute_url()
    attachment.title = "Programme définitif"
    attachment.save()

    response = client.get(old_url)

    assert response.status_code == 302
    assert response["Location"] == attachment.get_absolute_url()
    assert response["Location"].endswith("/programme-definitif.pdf")


def test_a_file_is_found_under_its_own_sheet_only(client):
    attachment = AttachmentFactory()
    other = ActionFactory(title="Une autre fiche")
    url = attachment.get_absolute_url().replace(attachment.action.slug, other.slug)

    assert client.get(url).status_code == 404


def test_an_unknown_file_answers_404(client):
    action = ActionFactory(title="Atelier")

    assert client.get(f"/actions/{action.slug}/fichiers/999/programme.pdf").status_code == 404
    assert client.get(f"/actions/{action.slug}/fichiers/abc/programme.pdf").status_code == 404


def test_the_page_of_a_sheet_costs_no_query_per_file(client, django_assert_max_num_queries):
    centre = CentreFactory()
    action = ActionFactory(centre=centre)
    for _ in range(5):
        AttachmentFactory(action=action)
    url = action.get_absolute_url()
    client.get(url)  # the facet index, built once

    with django_assert_max_num_queries(12):
        response = client.get(url)

    assert response.content.decode().count("/fichiers/") == 5


def test_files_are_streamed_from_whatever_storage_holds_them(client, settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        }
    }
    attachment = AttachmentFactory()
    assert (tmp_path / attachment.file.name).read_bytes() == PDF_BYTES

    assert streamed(client.get(attachment.get_absolute_url())) == PDF_BYTES


def test_the_workspace_links_a_stored_file_at_its_address(coordinator_client):
    attachment = AttachmentFactory(title="Programme")

    response = coordinator_client.get(admin_url(attachment.action, "change"))

    html = response.content.decode()
    assert f'href="{attachment.get_absolute_url()}"' in html
    assert "/media/" not in html
