"""The catalogue as open data: the list's CSV and JSON exports with its filters, a sheet's
JSON, and the Atom feed of the latest sheets."""

import csv
import io
import json
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
from django.conf import settings
from django.urls import reverse

from core.publication import PublicationState
from fiches import export
from fiches.export import CSV_LIST_SEPARATOR, EXPORT_FIELDS, FIGURE_FIELDS
from fiches.models import Action
from parsing.action_sheet import HEADINGS
from tests.centres.factories import CentreFactory
from tests.fiches.factories import ActionFactory, KeywordFactory, PublicFactory
from tests.pages import text_of

pytestmark = pytest.mark.django_db

CSV_URL = reverse("fiches:action_export_csv")
JSON_URL = reverse("fiches:action_export_json")
FEED_URL = reverse("fiches:action_feed")
SCHEMA = json.loads(
    (Path(settings.BASE_DIR) / "static" / export.EXPORT_SCHEMA_PATH).read_text(encoding="utf-8")
)
ATOM = "{http://www.w3.org/2005/Atom}"


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_records(response) -> list[dict]:
    content = body_of(response)
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def json_document(response) -> dict:
    document = json.loads(body_of(response) if response.streaming else response.content)
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    return document


@pytest.fixture
def catalogue(db):
    """Two published sheets filed under « Santé », one under « Cuisine », and a draft under
    « Santé » which no export may show."""
    sante, cuisine = KeywordFactory(name="Santé"), KeywordFactory(name="Cuisine")
    familles = PublicFactory(name="Familles")
    centre = CentreFactory(display_name="Maison de quartier des Érables", commune="Élancourt")
    return {
        "bien_etre": ActionFactory(
            title="Atelier bien-être à l'Élan",
            centre=centre,
            keywords=[sante, cuisine],
            publics=[familles],
            territory="Quartier des Côtes ; Élancourt",
            attached_files="affiche.pdf\nbilan été.docx\n",
        ),
        "depistage": ActionFactory(title="Dépistage itinérant", keywords=[sante]),
        "cuisine": ActionFactory(title="Cuisine du monde", keywords=[cuisine]),
        "draft": ActionFactory(
            title="Brouillon santé", keywords=[sante], publication_state=PublicationState.DRAFT
        ),
    }


def csv_cell(value) -> str:
    """A record's value as a CSV cell: lists joined, no figure empty, yes or no."""
    if isinstance(value, list):
        return CSV_LIST_SEPARATOR.join(value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    return "" if value is None else str(value)


def expected_record(action: Action) -> dict:
    """The sheet as the database holds it, field by field, as the exports must give it."""
    action = Action.objects.for_export().get(pk=action.pk)
    record = {
        "id": action.pk,
        "title": action.title,
        "slug": action.slug,
        "url": f"http://testserver{action.get_absolute_url()}",
        "centre": action.centre.display_name,
        "commune": action.centre.commune,
        "departement": action.centre.departement,
        "created_at": action.created_at.isoformat(),
        "updated_at": action.updated_at.isoformat(),
    }
    for heading in HEADINGS:
        value = getattr(action, heading.field)
        if heading.kind.is_list:
            value = (
                [line for line in value.splitlines() if line]
                if isinstance(value, str)
                else [entry.name for entry in value.order_by("name")]
            )
        record[heading.name] = value
    for name in FIGURE_FIELDS:
        record[name] = getattr(action, name)
    return record


class TestJsonExport:
    def test_gives_the_filtered_list_as_the_database_holds_it(self, client, catalogue):
        response = client.get(JSON_URL, {"keyword": "sante"})

        assert response.status_code == 200
        assert response.streaming
        document = json_document(response)
        assert document["version"] == 1
        assert document["licence"] == {
            "name": settings.DATA_LICENCE_NAME,
            "url": settings.DATA_LICENCE_URL,
        }
        # The list's order (by title), published sheets only.
        assert document["actions"] == [
            expected_record(catalogue["bien_etre"]),
            expected_record(catalogue["depistage"]),
        ]

    def test_every_field_is_in_the_declarations_order(self, client, catalogue):
        (record,) = json_document(client.get(JSON_URL, {"q": "bien-être"}))["actions"]

        assert list(record) == list(EXPORT_FIELDS)
        assert [name for name in record if name in {h.name for h in HEADINGS}] == [
            heading.name for heading in HEADINGS
        ]
        assert record["keywords"] == ["Cuisine", "Santé"]
        assert record["attached_files"] == ["affiche.pdf", "bilan été.docx"]

    def test_follows_the_lists_sort_order(self, client, catalogue):
        document = json_document(client.get(JSON_URL, {"sort": "centre", "keyword": "cuisine"}))
        by_centre = sorted(
            [catalogue["bien_etre"], catalogue["cuisine"]],
            key=lambda action: action.centre.display_name.lower(),
        )

        assert [record["id"] for record in document["actions"]] == [a.pk for a in by_centre]

    def test_an_empty_list_is_a_valid_document(self, client, catalogue):
        assert json_document(client.get(JSON_URL, {"q": "introuvable"}))["actions"] == []

    def test_names_its_licence_and_schema_in_its_headers(self, client, catalogue):
        response = client.get(JSON_URL)

        assert f'<{settings.DATA_LICENCE_URL}>; rel="license"' in response["Link"]
        assert 'rel="describedby"' in response["Link"]
        assert "fiches-actions-v1.json" in response["Link"]

    def test_never_shows_a_draft_even_to_staff(self, staff_client, catalogue):
        document = json_document(staff_client.get(JSON_URL))

        titles = {record["title"] for record in document["actions"]}
        assert titles == {"Atelier bien-être à l'Élan", "Dépistage itinérant", "Cuisine du monde"}

    def test_reads_the_sheets_a_chunk_at_a_time(
        self, client, catalogue, monkeypatch, django_assert_num_queries
    ):
        """Three sheets read two at a time from one query: two chunks, each with the four
        prefetches of its vocabularies."""
        monkeypatch.setattr(export, "EXPORT_CHUNK_SIZE", 2)
        response = client.get(JSON_URL)

        with django_assert_num_queries(1 + 2 * 4):
            assert len(json_document(response)["actions"]) == 3


class TestCsvExport:
    def test_opens_with_the_columns_and_accents_of_the_database(self, client, catalogue):
        response = client.get(CSV_URL, {"keyword": "sante"})

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment" in response["Content-Disposition"]
        rows = csv_records(response)
        assert list(rows[0]) == list(EXPORT_FIELDS)
        expected = [
            expected_record(catalogue["bien_etre"]),
            expected_record(catalogue["depistage"]),
        ]
        for row, record in zip(rows, expected, strict=True):
            assert row == {name: csv_cell(value) for name, value in record.items()}
        assert rows[0]["title"] == "Atelier bien-être à l'Élan"
        assert rows[0]["keywords"] == "Cuisine | Santé"
        # A separator inside a value is quoted, not a new column.
        assert rows[0]["territory"] == "Quartier des Côtes ; Élancourt"

    def test_never_exports_a_draft(self, staff_client, catalogue):
        titles = [row["title"] for row in csv_records(staff_client.get(CSV_URL))]

        assert "Brouillon santé" not in titles
        assert len(titles) == 3

    def test_names_its_licence_in_its_headers(self, client, catalogue):
        assert f'<{settings.DATA_LICENCE_URL}>; rel="license"' in client.get(CSV_URL)["Link"]


class TestSheetJson:
    def test_gives_one_published_sheet(self, client, catalogue):
        action = catalogue["bien_etre"]
        response = client.get(reverse("fiches:action_json", kwargs={"slug": action.slug}))

        assert response.status_code == 200
        assert json_document(response)["action"] == expected_record(action)
        assert 'rel="license"' in response["Link"]

    @pytest.mark.parametrize("slug", ["brouillon-sante", "inconnue"])
    def test_a_draft_or_unknown_sheet_is_not_found(self, staff_client, catalogue, slug):
        assert catalogue["draft"].slug == "brouillon-sante"
        response = staff_client.get(reverse("fiches:action_json", kwargs={"slug": slug}))

        assert response.status_code == 404


class TestListPageLinks:
    def test_link_to_the_exports_and_feed_of_the_current_filters(self, client, catalogue):
        response = client.get(reverse("fiches:action_list"), {"keyword": "sante", "page": "1"})
        html = response.content.decode()

        assert f'href="{CSV_URL}?keyword=sante"' in html
        assert f'href="{JSON_URL}?keyword=sante"' in html
        assert (
            f'<link rel="alternate" type="application/atom+xml" '
            f'title="Fiches actions publiées et mises à jour" href="{FEED_URL}?keyword=sante">'
        ) in html
        assert f'href="{settings.DATA_LICENCE_URL}" rel="license"' in html
        assert "Télécharger (CSV)" in text_of(response)
        observatory = reverse("observatory:observatory")
        assert f'href="{observatory}?keyword=sante"' in html
        assert client.get(f"{observatory}?keyword=sante").status_code == 200


class TestAtomFeed:
    def entries(self, response) -> list:
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = ElementTree.fromstring(response.content)
        assert feed.tag == f"{ATOM}feed"
        return feed.findall(f"{ATOM}entry")

    def test_lists_the_latest_published_sheets_first(self, client, catalogue):
        catalogue["depistage"].save()  # updated last

        entries = self.entries(client.get(FEED_URL))

        titles = [entry.findtext(f"{ATOM}title") for entry in entries]
        assert titles[0] == "Dépistage itinérant"
        assert sorted(titles) == ["Atelier bien-être à l'Élan", "Cuisine du monde", titles[0]]
        link = entries[0].find(f"{ATOM}link").get("href")
        assert link == f"http://testserver{catalogue['depistage'].get_absolute_url()}"

    def test_takes_the_lists_filters(self, client, catalogue):
        centre = catalogue["bien_etre"].centre
        by_keyword = self.entries(client.get(FEED_URL, {"keyword": "cuisine"}))
        by_centre = self.entries(client.get(FEED_URL, {"centre": centre.slug}))

        assert {entry.findtext(f"{ATOM}title") for entry in by_keyword} == {
            "Atelier bien-être à l'Élan",
            "Cuisine du monde",
        }
        assert [entry.findtext(f"{ATOM}title") for entry in by_centre] == [
            "Atelier bien-être à l'Élan"
        ]

    def test_never_shows_a_draft(self, staff_client, catalogue):
        entries = self.entries(staff_client.get(FEED_URL, {"keyword": "sante"}))

        assert "Brouillon santé" not in {entry.findtext(f"{ATOM}title") for entry in entries}
        assert len(entries) == 2


def test_the_schema_documents_every_exported_field_in_order():
    action = SCHEMA["$defs"]["action"]

    assert list(action["properties"]) == list(EXPORT_FIELDS)
    # The figures came after the first records of version 1: those still validate.
    assert action["required"] == [name for name in EXPORT_FIELDS if name not in FIGURE_FIELDS]
    assert SCHEMA["properties"]["version"]["const"] == export.EXPORT_FORMAT_VERSION
