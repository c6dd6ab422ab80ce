"""The API's sheets: the public list's results for the same filters, paged by cursor, and
published sheets only."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from core.publication import PublicationState
from fiches.models import Action
from tests.fiches.factories import ActionFactory, KeywordFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("api:list_actions")
# Queries the public list understands, each with its sort: the API must give the same sheets.
LIST_QUERIES = [
    {},
    {"sort": "updated"},
    {"sort": "centre"},
    {"keyword": "parentalite"},
    {"keyword": ["parentalite", "sante"], "sort": "title"},
    {"q": "parents"},
    {"q": "jardin partagé", "sort": "updated"},
    {"q": "parentalitée"},  # typo tolerance: the list's corrected search
    {"departement": "Yvelines", "status": "en_cours"},
]


def walk(client, query: dict, *, limit: int) -> list[dict]:
    """Every record of the API's list for ``query``, following the cursors."""
    records, cursor = [], None
    while True:
        params = {**query, "limit": limit, **({"cursor": cursor} if cursor else {})}
        response = client.get(f"{LIST_URL}?{urlencode(params, doseq=True)}")
        assert response.status_code == 200, response.content
        page = response.json()
        records.extend(page["results"])
        cursor = page["next"]
        if cursor is None:
            return records


def list_page_slugs(client, query: dict) -> list[str]:
    """The public list's sheets for ``query``, page after page."""
    slugs, number = [], 1
    while True:
        params = urlencode({**query, "page": number}, doseq=True)
        response = client.get(f"{reverse('fiches:action_list')}?{params}")
        page = response.context["page_obj"]
        slugs.extend(action.slug for action in page.object_list)
        if not page.has_next():
            return slugs
        number += 1


@pytest.mark.parametrize("query", LIST_QUERIES, ids=lambda query: urlencode(query, doseq=True))
def test_the_api_gives_the_public_lists_sheets_in_its_order(client, seeded, query):
    expected = list_page_slugs(client, query)
    assert expected or query.get("q") == "jardin partagé"
    records = walk(client, query, limit=7)
    assert [record["slug"] for record in records] == expected
    first = client.get(f"{LIST_URL}?{urlencode(query, doseq=True)}").json()
    assert first["count"] == len(expected)


def test_the_cursor_walks_the_list_once_while_sheets_are_published(client, db):
    for number in range(10):
        ActionFactory(title=f"Atelier {number:02}")
    first = client.get(LIST_URL, {"limit": 4}).json()
    seen = [record["title"] for record in first["results"]]
    # Published between two pages, before and after the cursor: neither shifts the list.
    ActionFactory(title="Atelier 00 bis")
    ActionFactory(title="Atelier 99")
    cursor = first["next"]
    while cursor:
        page = client.get(LIST_URL, {"limit": 4, "cursor": cursor}).json()
        seen.extend(record["title"] for record in page["results"])
        cursor = page["next"]
    assert seen == [f"Atelier {number:02}" for number in range(10)] + ["Atelier 99"]


@pytest.mark.parametrize(
    "cursor", ["nimportequoi", "eyJvcmRlciI6InRpdGxlIn0:forged:signature", "%00"]
)
def test_a_bad_cursor_is_a_400_that_says_why(client, db, cursor):
    ActionFactory()
    response = client.get(LIST_URL, {"cursor": cursor})
    assert response.status_code == 400
    assert "curseur" in response.json()["detail"].lower()


def test_a_cursor_of_another_sort_is_refused(client, db):
    for _ in range(3):
        ActionFactory()
    cursor = client.get(LIST_URL, {"limit": 1}).json()["next"]
    response = client.get(LIST_URL, {"limit": 1, "cursor": cursor, "sort": "updated"})
    assert response.status_code == 400
    assert "tri" in response.json()["detail"]


@pytest.mark.parametrize("state", [s for s in PublicationState if s != "publiee"])
def test_an_unpublished_sheet_is_nowhere_even_for_staff(client, coordinator, state):
    keyword = KeywordFactory(name="Santé")
    hidden = ActionFactory(title="Atelier caché", publication_state=state, keywords=[keyword])
    shown = ActionFactory(title="Atelier public", keywords=[keyword])
    client.force_login(coordinator)
    for query in ({}, {"keyword": "sante"}, {"q": "atelier"}):
        slugs = [record["slug"] for record in client.get(LIST_URL, query).json()["results"]]
        assert slugs == [shown.slug]
    assert client.get(reverse("api:get_action", args=[hidden.slug])).status_code == 404
    assert client.get(reverse("api:get_action", args=[shown.slug])).status_code == 200


def test_a_sheet_is_its_export_record_with_absolute_urls(client, db):
    action = ActionFactory(title="Jardin partagé", keywords=[KeywordFactory(name="Santé")])
    response = client.get(reverse("api:get_action", args=[action.slug]))
    record = response.json()
    assert record["url"] == f"http://testserver{action.get_absolute_url()}"
    assert record["keywords"] == ["Santé"]
    assert record["title"] == "Jardin partagé"
    assert "publication_state" not in record and "completeness" not in record
    assert 'rel="license"' in response["Link"]


def test_a_sheet_gives_the_figures_read_from_its_text(client, db):
    action = ActionFactory(financial_resources="50 x 6= 300€", people_mobilised="une trentaine")
    action.refresh_from_db()

    record = client.get(reverse("api:get_action", args=[action.slug])).json()

    assert (record["budget_euros"], record["budget_set_by_hand"]) == (300, False)
    assert record["people_count"] == action.people_count == 30
    assert record["people_note"] == action.people_note != ""


def test_the_list_names_its_licence(client, db, settings):
    settings.DATA_LICENCE_NAME = "Licence Ouverte 2.0"
    ActionFactory()
    page = client.get(LIST_URL).json()
    assert page["licence"] == {"name": "Licence Ouverte 2.0", "url": settings.DATA_LICENCE_URL}


def test_the_list_reads_a_bounded_number_of_queries(client, seeded, django_assert_max_num_queries):
    client.get(LIST_URL)  # the facet index is built once per process and version
    assert Action.objects.published().count() > 20
    with django_assert_max_num_queries(12):
        page = client.get(LIST_URL, {"limit": 20}).json()
    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL, {"limit": 20, "cursor": page["next"]})
    assert response.status_code == 200
    search = {"q": "parents", "limit": 3}
    client.get(LIST_URL, search)
    with django_assert_max_num_queries(12):
        page = client.get(LIST_URL, search).json()
    with django_assert_max_num_queries(12):
        assert client.get(LIST_URL, {**search, "cursor": page["next"]}).status_code == 200


def test_a_former_slug_answers_a_301_to_the_current_one(client, db):
    action = ActionFactory(title="Jardin partagé")
    former = action.slug
    action.title = "Jardin partagé des Chantiers"
    action.slug = ""
    action.save()
    assert action.slug != former

    response = client.get(reverse("api:get_action", args=[former]))

    assert response.status_code == 301
    assert response["Location"] == reverse("api:get_action", args=[action.slug])
    assert client.get(reverse("api:get_action", args=["jamais-vue"])).status_code == 404
