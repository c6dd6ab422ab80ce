"""What every public page keeps: French, accessible, nothing loaded from elsewhere."""

import re

import pytest

from tests.centres.factories import CentreFactory
from tests.fiches.factories import ActionFactory
from tests.fiches.test_views import LIST_URL
from tests.pages import text_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/", "/actions/", "/actions/?q=jardin", "/centres/", "/partenaires/", "/nulle-part/"]
)
def test_pages_are_french_accessible_and_load_nothing_from_elsewhere(client, url):
    ActionFactory()
    html = client.get(url).content.decode()

    assert '<html lang="fr">' in html
    assert '<a class="skip-link" href="#contenu">' in html and 'id="contenu"' in html
    # A canonical or alternate address names the page, the browser loads nothing from it.
    loaded_from_elsewhere = (
        r'<(script|link(?! rel="(canonical|alternate)")|img|iframe)[^>]+(src|href)="(https?:)?//'
    )
    assert not re.search(loaded_from_elsewhere, html)


def test_a_long_facet_links_to_its_other_options_and_keeps_them_open(client):
    for number in range(12):
        ActionFactory(centre=CentreFactory(display_name=f"Centre {number:02}"))

    capped = client.get(LIST_URL).content.decode()
    expanded = client.get(LIST_URL, {"toutes": "centre"}).content.decode()

    assert '<a href="/actions/?toutes=centre" data-catalogue-link>' in capped
    assert "Afficher les 2 autres options (centre)" in text_of(client.get(LIST_URL))
    assert capped.count('name="centre"') == 10
    assert expanded.count('name="centre"') == 12
    assert '<input type="hidden" name="toutes" value="centre">' in expanded
