"""The booklet as an A4 PDF: its text read back from the PDF, its cache, its local files."""

import re
from io import BytesIO

import pytest
from django.core.cache import cache
from django.urls import reverse
from pdfminer.high_level import extract_text
from pypdf import PdfReader
from weasyprint.urls import URLFetchingError

import editions.pdf
from editions.pdf import LocalAssetsFetcher, assets_root
from editions.services import validate_directory
from tests.editions.conftest import OFFICIAL, VALIDATION_DAY

pytestmark = pytest.mark.django_db

PDF = reverse("editions:booklet_pdf")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return " ".join(extract_text(BytesIO(response.content)).split())


def test_an_editions_pdf_has_its_cover_contents_entries_and_validation(
    client, own_centre, directory
):
    edition = validate_directory(
        centre=own_centre, validated_by=OFFICIAL, validated_on=VALIDATION_DAY
    )

    response = client.get(PDF, {"edition": edition.pk})

    text = pdf_text(response)
    reader = PdfReader(BytesIO(response.content))
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Outil Partenaires 2027 — Centre social des Tilleuls" in cover
    assert f"Validé par {OFFICIAL} le 12 mars 2027" in cover
    assert "Sommaire" in text
    assert "Institutionnel" in text and "Associatif" in text
    assert "Prestations familiales et action sociale." in text
    assert "01 02 03 04 05" in text and "contact@example.org" in text
    assert "Brouillon associatif" not in text and "Partenaire d'ailleurs" not in text
    assert reader.metadata.title == "Outil Partenaires 2027 — Centre social des Tilleuls"
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)  # A4, in mm


def test_the_contents_give_each_categorys_page(client, own_centre, directory):
    reader = PdfReader(BytesIO(client.get(PDF, {"centre": own_centre.slug}).content))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]

    contents = next(page for page in pages if page.startswith("Sommaire"))
    # Each category starts a page with its first partner; the contents give that page.
    for category, first_partner in (("Institutionnel", "Caf des Yvelines"), ("Associatif", "RIVE")):
        number = int(re.search(rf"{category} \.+ (\d+)", contents)[1])
        assert number > 2  # after the cover and the contents
        assert category in pages[number - 1] and first_partner in pages[number - 1]
        assert category not in pages[number - 2].replace(contents, "")


def test_the_pdf_of_a_centre_lists_its_partners_only(client, own_centre, directory):
    text = pdf_text(client.get(PDF, {"centre": own_centre.slug}))

    assert "Caf des Yvelines" in text
    assert "Partenaire d'ailleurs" not in text
    assert "Édition de travail, non validée" in text


@pytest.fixture
def made(monkeypatch):
    """The PDFs made, one HTML each."""
    made = []
    real_render = editions.pdf.render_pdf

    def counted_render(html):
        made.append(html)
        return real_render(html)

    monkeypatch.setattr(editions.pdf, "render_pdf", counted_render)
    return made


def test_the_pdf_is_made_once_per_version_of_the_catalogue(client, own_centre, directory, made):
    client.get(PDF, {"centre": own_centre.slug})
    client.get(PDF, {"centre": own_centre.slug, "autre": "paramètre"})
    assert len(made) == 1
    directory["caf"].phone = "09 00 00 00 00"
    directory["caf"].save()
    assert "09 00 00 00 00" in pdf_text(client.get(PDF, {"centre": own_centre.slug}))
    assert len(made) == 2


def test_an_editions_pdf_is_made_once_whatever_changes_later(client, own_centre, directory, made):
    edition = validate_directory(
        centre=own_centre, validated_by=OFFICIAL, validated_on=VALIDATION_DAY
    )
    client.get(PDF, {"edition": edition.pk})
    directory["caf"].phone = "09 00 00 00 00"
    directory["caf"].save()

    text = pdf_text(client.get(PDF, {"edition": "2027", "centre": own_centre.slug}))

    assert "01 02 03 04 05" in text and "09 00 00 00 00" not in text
    assert len(made) == 1


def test_when_the_server_is_busy_making_pdfs_it_says_so(client, directory, made, monkeypatch):
    monkeypatch.setattr(editions.pdf, "MAX_CONCURRENT_RENDERS", 0)

    response = client.get(PDF)

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "réessayez dans quelques secondes" in response.content.decode()
    assert made == []
    # The slot is given back: once renderings are allowed again, the PDF is made.
    monkeypatch.setattr(editions.pdf, "MAX_CONCURRENT_RENDERS", 1)
    assert client.get(PDF).status_code == 200


def test_the_fetcher_reads_the_booklets_own_files_only(tmp_path):
    fetcher = LocalAssetsFetcher(assets_root())
    stylesheet = (assets_root() / "booklet.css").as_uri()

    assert b"@page" in fetcher.fetch(stylesheet).read()
    elsewhere = tmp_path / "secret.txt"
    elsewhere.write_text("secret")
    for url in (
        "https://example.org/police.woff",
        "http://127.0.0.1:8000/admin/",
        elsewhere.as_uri(),
        (assets_root() / ".." / ".." / "pyproject.toml").as_uri(),
        "data:text/plain,bonjour",
    ):
        with pytest.raises(URLFetchingError):
            fetcher.fetch(url)
