"""A fiche action's page: one summary at the top, each section once, the tools to print and
share it, the printout's own lines, and a word when the sheet is still being written."""

import re

import pytest

from core.publication import PublicationState
from tests.centres.factories import CentreFactory
from tests.fiches.factories import ActionFactory, KeywordFactory, PublicFactory
from tests.pages import text_of

pytestmark = pytest.mark.django_db

FULL_TEXTS = {
    field: f"Texte de {field}."
    for field in (
        "end_reason",
        "initiator_detail",
        "experience",
        "general_description",
        "financial_resources",
        "people_mobilised",
        "result_territory",
        "result_centre",
        "result_residents",
        "limits",
        "perspectives",
    )
}


def parts_of(response) -> tuple[str, str]:
    """The page's summary and the sections under it."""
    html = response.content.decode()
    start, body = html.index('class="sheet__summary"'), html.index('class="sheet__body"')
    return html[start:body], html[body : html.index('class="print-only')]


def test_the_summary_names_the_centre_with_its_commune_and_contact(client):
    centre = CentreFactory(
        display_name="Maison de quartier des Prés",
        commune="Trappes",
        phone="01 30 00 00 00",
        email="accueil@mq-pres.example",
        website="https://mq-pres.example/",
        address="4 place des Prés",
        postcode="78190",
        opening_hours="Du lundi au vendredi",
    )
    action = ActionFactory(centre=centre)

    summary, _ = parts_of(client.get(action.get_absolute_url()))

    assert '<a href="/centres/' in summary and "Maison de quartier des Prés</a>" in summary
    assert "Trappes, Yvelines" in summary
    assert '<a href="tel:0130000000">01 30 00 00 00</a>' in summary
    # Its address is not printed: the site relays messages to it.
    assert "accueil@mq-pres.example" not in summary
    assert f'<a href="/centres/{centre.slug}/contact/?fiche={action.slug}">' in summary
    assert '<a href="https://mq-pres.example/">Site web du centre' in summary
    # What a printout keeps: the address, the hours and the website's address.
    assert "4 place des Prés<br>78190 Trappes" in summary
    assert "Du lundi au vendredi" in summary
    assert '<span class="print-only"> : https://mq-pres.example/</span>' in summary


def test_a_centre_without_contact_details_shows_no_contact_list(client):
    action = ActionFactory()

    summary, _ = parts_of(client.get(action.get_absolute_url()))

    assert "contact-list" not in summary and "/contact/" not in summary


def test_centre_status_territory_and_keywords_appear_once(client):
    action = ActionFactory(
        centre=CentreFactory(display_name="Centre social des Sources"),
        territory="Quartier des Sources",
        partners_territory="Quartier des Sources",
        dimension="Animation globale",
        keywords=[KeywordFactory(name="Parentalité")],
        publics=[PublicFactory(name="Familles")],
    )

    response = client.get(action.get_absolute_url())

    article = re.search(r"<article class=\"sheet\".*?</article>", response.content.decode(), re.S)
    for shown in (
        "Centre social des Sources",
        "En cours",
        "Quartier des Sources",
        "Animation globale",
        ">Parentalité<",
        ">Familles<",
    ):
        assert article[0].count(shown) == 1, shown


def test_a_partners_territory_that_says_something_else_is_shown_in_its_section(client):
    action = ActionFactory(territory="Trappes", partners_territory="Département des Yvelines")

    summary, body = parts_of(client.get(action.get_absolute_url()))

    assert "Trappes" in summary and "Trappes" not in body
    assert "<h3>Territoire concerné</h3>" in body and "Département des Yvelines" in body


def test_a_section_left_with_nothing_beyond_the_summary_is_hidden(client):
    action = ActionFactory(summary="", dimension="Services")

    response = client.get(action.get_absolute_url())

    assert 'id="section-description"' not in response.content.decode()
    assert "Services" in parts_of(response)[0]


def test_print_and_share_work_without_javascript_and_are_enhanced_by_it(client):
    action = ActionFactory(title="Jardin partagé")

    html = client.get(action.get_absolute_url()).content.decode()

    assert (
        '<button type="button" class="button--secondary" data-print hidden>Imprimer</button>'
        in html
    )
    assert "utilisez la commande « Imprimer » de votre navigateur" in html
    share = re.search(r'<a class="sheet__share" href="([^"]+)" data-share>Partager</a>', html)
    assert share[1].startswith(
        "mailto:?subject=Jardin%20partag%C3%A9&amp;body=http%3A//testserver/"
    )
    assert '<script src="/static/js/sheet.js" defer></script>' in html
    assert " onclick=" not in html and " style=" not in html


def test_the_printout_carries_the_address_and_the_print_date(client):
    action = ActionFactory()

    response = client.get(action.get_absolute_url())

    html = response.content.decode()
    footer = html[html.index('class="print-only sheet__print-footer"') :]
    assert f"http://testserver{action.get_absolute_url()}" in footer
    assert "Imprimée le" in footer and "data-print-date" in footer


def test_a_published_sheet_less_than_half_written_says_it_is_being_written(client):
    sparse = ActionFactory()
    full = ActionFactory(
        territory="Trappes",
        dimension="Services",
        keywords=[KeywordFactory()],
        publics=[PublicFactory()],
        **FULL_TEXTS,
    )

    assert sparse.completeness < 50 <= full.completeness
    assert "Fiche en cours de rédaction" in text_of(client.get(sparse.get_absolute_url()))
    assert "Fiche en cours de rédaction" not in text_of(client.get(full.get_absolute_url()))


def test_a_draft_is_marked_as_a_draft_not_as_being_written(staff_client):
    draft = ActionFactory(publication_state=PublicationState.DRAFT)

    text = text_of(staff_client.get(draft.get_absolute_url()))

    assert "Brouillon" in text and "Fiche en cours de rédaction" not in text
