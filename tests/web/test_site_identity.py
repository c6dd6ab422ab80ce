"""The site's identity on every page: its name, logo and favicon, its publisher and contact,
the three pages its footer links to, and the workspace in the same colours."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.pages import text_of

SITE_PAGES = {
    "/mentions-legales/": "Mentions légales",
    "/accessibilite/": "Déclaration d'accessibilité",
    "/donnees/": "Données et licence",
}

pytestmark = pytest.mark.django_db


def test_every_page_carries_the_name_logo_and_favicon(client):
    html = client.get("/").content.decode()

    assert '<link rel="icon" type="image/svg+xml" href="/static/img/favicon.svg">' in html
    assert 'src="/static/img/logo.svg" alt=""' in html
    assert "Actions des centres sociaux</a></p>" in html


@pytest.mark.parametrize("path", ["img/logo.svg", "img/favicon.svg"])
def test_the_logo_and_favicon_are_svg_files_of_the_site(path):
    found = finders.find(path)

    assert found is not None
    assert Path(found).read_text().startswith('<svg xmlns="http://www.w3.org/2000/svg"')


def test_the_footer_names_the_publisher_and_links_the_three_pages(client, settings):
    settings.PUBLISHER_NAME = "Fédération des Yvelines"
    settings.PUBLISHER_CONTACT_EMAIL = "contact@example.org"

    response = client.get("/")
    html = response.content.decode()

    assert "Publié par Fédération des Yvelines." in text_of(response)
    assert '<a href="mailto:contact@example.org">contact@example.org</a>' in html
    for path in SITE_PAGES:
        assert f'<a href="{path}">' in html
    assert "Accessibilité : partiellement conforme" in text_of(response)


def test_without_a_contact_address_the_footer_says_how_to_reach_the_publisher(client, settings):
    settings.PUBLISHER_CONTACT_EMAIL = ""

    response = client.get("/")

    assert "mailto:" not in response.content.decode()
    assert "adressez-vous au centre social le plus proche" in text_of(response)


@pytest.mark.parametrize(("path", "title"), SITE_PAGES.items())
def test_the_site_pages_answer_with_their_title(client, path, title):
    response = client.get(path)

    assert response.status_code == 200
    assert f'<h1 id="titre-page">{title}</h1>' in response.content.decode().replace("&#x27;", "'")


def test_the_accessibility_statement_says_its_state_tests_and_remedies(client):
    text = text_of(client.get("/accessibilite/"))

    assert "partiellement conforme" in text
    for tested in ("axe", "Nu Html Checker", "clavier", "320 pixels"):
        assert tested in text
    assert "Voies de recours" in text and "Défenseur des droits" in text


def test_the_data_page_names_the_licence_from_the_settings(client, settings):
    settings.DATA_LICENCE_NAME = "ODbL"
    settings.DATA_LICENCE_URL = "https://opendatacommons.org/licenses/odbl/"

    html = client.get("/donnees/").content.decode()

    assert '<a href="https://opendatacommons.org/licenses/odbl/">ODbL</a>' in html


def test_the_workspace_has_the_site_colours_and_logo(admin_client):
    html = admin_client.get("/admin/").content.decode()

    assert 'href="/static/css/admin/catalogue.css"' in html
    assert 'class="catalogue-admin-logo" src="/static/img/logo.svg"' in html


def test_the_workspace_style_sheet_sets_django_admin_variables():
    css = Path(finders.find("css/admin/catalogue.css")).read_text()

    for variable in ("--primary:", "--secondary:", "--header-bg:", "--button-bg:"):
        assert variable in css
