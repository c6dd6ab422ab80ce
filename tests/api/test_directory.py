"""The API's centres and partners: the directory's own partners in its order, for its filters,
and a bounded number of queries."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CHANTIERS = "maison-de-quartier-des-chantiers"  # the seed project sheet's centre
PARTNER_QUERIES = [{}, {"category": "associatif"}, {"category": ["institutionnel", "cultuel"]}]


def walk(client, url: str, query: dict) -> list[str]:
    slugs, cursor = [], None
    while True:
        params = {**query, "limit": 4, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"{url}?{urlencode(params, doseq=True)}").json()
        slugs.extend(record["slug"] for record in page["results"])
        cursor = page["next"]
        if cursor is None:
            return slugs


@pytest.mark.parametrize("query", PARTNER_QUERIES, ids=lambda query: urlencode(query, True))
def test_the_api_gives_the_directorys_partners_in_its_order(client, seeded, query):
    response = client.get(f"{reverse('centres:partner_list')}?{urlencode(query, doseq=True)}")
    expected = [partner.slug for partner in response.context["page_obj"].object_list]
    assert expected
    assert walk(client, reverse("api:list_partners"), query) == expected


def test_a_centres_partners_filter_as_on_the_directory(client, seeded):
    centre = client.get(reverse("api:get_centre", args=[CHANTIERS])).json()
    query = {"centre": centre["slug"]}
    response = client.get(f"{reverse('centres:partner_list')}?{urlencode(query)}")
    expected = [partner.slug for partner in response.context["page_obj"].object_list]
    partners = walk(client, reverse("api:list_partners"), query)
    assert len(partners) > 20
    assert partners == expected
    for slug in partners:
        record = client.get(reverse("api:get_partner", args=[slug])).json()
        assert centre["slug"] in record["centres"]


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("api:list_partners", []),
        ("api:list_centres", []),
        ("api:vocabularies", []),
        ("api:get_centre", [CHANTIERS]),
    ],
)
def test_a_bounded_number_of_queries(client, seeded, django_assert_max_num_queries, name, args):
    client.get(reverse(name, args=args))  # the facet index, once per process and version
    with django_assert_max_num_queries(8):
        response = client.get(reverse(name, args=args), {"limit": 100} if not args else {})
    assert response.status_code == 200
