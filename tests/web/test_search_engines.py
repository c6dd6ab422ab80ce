"""What search engines and link previews read: the sitemap, robots.txt, canonical addresses,
and a sheet's Open Graph and schema.org metadata."""

import json
import re
from html import unescape
from xml.etree import ElementTree

import pytest

from centres.models import Centre
from core.publication import PublicationState
from tests.centres.factories import CentreFactory, PartnerFactory
from tests.fiches.factories import ActionFactory, KeywordFactory, ProjectSheetFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def addresses_in_sitemap(client) -> set[str]:
    """Every address the sitemap's index leads to, each file parsed as XML."""
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    assert index.tag == f"{SITEMAP}sitemapindex"
    addresses = set()
    for location in index.iter(f"{SITEMAP}loc"):
        response = client.get(location.text.removeprefix("http://testserver"))
        assert response.status_code == 200
        urlset = ElementTree.fromstring(response.content)
        addresses |= {loc.text for loc in urlset.iter(f"{SITEMAP}loc")}
    return addresses


def test_the_sitemap_lists_the_published_pages_only(client):
    centre = CentreFactory()
    published = [
        ActionFactory(centre=centre),
        PartnerFactory(),
        ProjectSheetFactory(centre=centre, publication_state=PublicationState.PUBLISHED),
    ]
    drafts = [
        ActionFactory(centre=centre, publication_state=PublicationState.DRAFT),
        PartnerFactory(publication_state=PublicationState.IN_REVIEW),
        ProjectSheetFactory(centre=centre, publication_state=PublicationState.DRAFT),
    ]

    addresses = addresses_in_sitemap(client)

    # Every centre (those of the migrations' data too) has its public page.
    pages = [*published, *Centre.objects.all()]
    records = {f"http://testserver{page.get_absolute_url()}" for page in pages}
    assert records <= addresses
    assert not {f"http://testserver{draft.get_absolute_url()}" for draft in drafts} & addresses
    # The rest are the site's own pages, each of which answers.
    site_pages = addresses - records
    expected = {"/observatoire/", "/partenaires/livret/", "/api/"}
    assert {f"http://testserver{path}" for path in expected} <= site_pages
    for address in site_pages:
        assert client.get(address.removeprefix("http://testserver")).status_code == 200


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_workspace(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def canonical_of(response) -> str:
    (address,) = re.findall(r'<link rel="canonical" href="([^"]*)">', response.content.decode())
    return address


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("/", "/"),
        ("/actions/?keyword=sante&sort=updated", "/actions/"),
        ("/actions/?page=2&keyword=sante", "/actions/?page=2"),
        ("/centres/", "/centres/"),
        ("/donnees/", "/donnees/"),
    ],
)
def test_public_pages_name_their_canonical_address(client, path, canonical):
    sante = KeywordFactory(name="Santé")
    for _ in range(21):
        ActionFactory(keywords=[sante])

    assert canonical_of(client.get(path)) == f"http://testserver{canonical}"


def test_detail_pages_name_their_own_address_as_canonical(client):
    action = ActionFactory()
    for page in (action, action.centre, PartnerFactory()):
        assert canonical_of(client.get(page.get_absolute_url())) == (
            f"http://testserver{page.get_absolute_url()}"
        )


def test_a_missing_page_names_no_canonical_address(client):
    assert 'rel="canonical"' not in client.get("/nulle-part/").content.decode()


def test_a_sheet_describes_itself_to_link_previews_and_search_engines(client):
    centre = CentreFactory(display_name="Maison de quartier des Érables", commune="Élancourt")
    action = ActionFactory(
        title="Atelier « bien-être » & </script>",
        centre=centre,
        summary="Des séances pour les familles.",
        keywords=[KeywordFactory(name="Santé")],
    )
    html = client.get(action.get_absolute_url()).content.decode()
    address = f"http://testserver{action.get_absolute_url()}"

    properties = dict(re.findall(r'<meta property="([^"]+)" content="([^"]*)">', html))
    assert unescape(properties["og:title"]) == action.title
    assert properties["og:description"] == "Des séances pour les familles."
    assert properties["og:url"] == address
    assert properties["og:type"] == "article"
    (data,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    described = json.loads(data)
    assert described["@type"] == "CreativeWork"
    assert described["name"] == action.title
    assert described["url"] == address
    assert described["keywords"] == ["Santé"]
    assert described["author"]["name"] == "Maison de quartier des Érables"
    assert described["author"]["address"]["addressLocality"] == "Élancourt"
