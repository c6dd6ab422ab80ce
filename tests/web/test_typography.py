"""What a visitor reads of a sheet: its title, quotes, dates and the centre's name set in
French, while the stored text (and the admin) keeps what the centre wrote."""

import datetime

import pytest
from django.template import Context, Template

from fiches.models import Action
from parsing.typography import NNBSP
from tests.centres.factories import CentreFactory
from tests.fiches.factories import ActionFactory, KeywordFactory
from tests.pages import text_of

pytestmark = pytest.mark.django_db

SHOUTED = "ANIMATION DE PROXIMITE / ORGANISATION DE FETES DE QUARTIER"
SHOWN = "Animation de proximité / organisation de fêtes de quartier"


def render(source: str, **context) -> str:
    return Template("{% load typography %}" + source).render(Context(context))


def test_an_all_capitals_title_takes_its_accents_from_the_catalogue_words(client):
    centre = CentreFactory(display_name="Centre social Albert Schweitzer")
    ActionFactory(title="Fête de quartier", centre=centre, keywords=[])
    KeywordFactory(name="animation de proximité")
    action = ActionFactory(title=SHOUTED, centre=centre)

    text = text_of(client.get(action.get_absolute_url()))

    assert f"{SHOWN} — " in text  # the page's title
    assert text.count(SHOWN) >= 2  # and its heading
    assert "Les autres actions du centre social Albert Schweitzer" in text
    assert Action.objects.get(pk=action.pk).title == SHOUTED  # stored as written


def test_the_admin_shows_the_title_as_stored(admin_client):
    action = ActionFactory(title=SHOUTED)
    response = admin_client.get(f"/admin/fiches/action/{action.pk}/change/")
    assert f'value="{SHOUTED}"' in response.content.decode()


def test_a_title_gets_guillemets_and_narrow_no_break_spaces(client):
    action = ActionFactory(title='"Vers le O dechet..." : un atelier!')

    html = client.get(action.get_absolute_url()).content.decode()

    assert f"«{NNBSP}Vers le O dechet...{NNBSP}»{NNBSP}: un atelier{NNBSP}!</h1>" in html


def test_the_first_day_of_a_month_is_the_1er():
    assert render('{{ day|french_date:"j F Y" }}', day=datetime.date(2024, 3, 1)) == (
        "1er mars 2024"
    )
    assert render('{{ day|french_date:"j F Y" }}', day=datetime.date(2024, 3, 11)) == (
        "11 mars 2024"
    )


def test_vocabulary_entries_are_shown_with_a_capital_first_letter(client):
    keyword = KeywordFactory(name="intergénérationnel")
    action = ActionFactory(keywords=[keyword])

    assert "Intergénérationnel" in text_of(client.get(action.get_absolute_url()))
    assert "Intergénérationnel (1)" in text_of(client.get("/actions/"))


def test_a_sheets_body_texts_are_set_in_french_and_stay_escaped(client, admin_client):
    written = 'L\'atelier "cuisine" reprend le 1 mars : <script>alert(1)</script>!'
    action = ActionFactory(summary=written, general_description=written)

    page = client.get(action.get_absolute_url()).content.decode()

    shown = f"L’atelier «{NNBSP}cuisine{NNBSP}» reprend le 1er\u00a0mars{NNBSP}: "
    assert page.count(shown + "&lt;script&gt;alert(1)&lt;/script&gt;!") == 2
    assert "<script>alert(1)" not in page
    assert Action.objects.get(pk=action.pk).summary == written  # stored as written
    admin_page = admin_client.get(f"/admin/fiches/action/{action.pk}/change/").content.decode()
    assert "L&#x27;atelier &quot;cuisine&quot; reprend le 1 mars" in admin_page


def test_a_project_sheets_texts_are_set_in_french(client):
    from tests.fiches.factories import ProjectSheetFactory

    project = ProjectSheetFactory(findings="Les familles n'ont pas d'espace ; elles le disent")

    page = client.get(project.get_absolute_url()).content.decode()

    assert f"Les familles n’ont pas d’espace{NNBSP}; elles le disent" in page


def test_a_partners_texts_are_set_in_french(client):
    from tests.centres.factories import PartnerFactory

    partner = PartnerFactory(
        missions='Accueil des familles : "écoute" et orientation',
        services="Permanences l'après-midi",
        public_served="Familles ; jeunes",
        opening_hours="Ouvert le 1 mars",
    )

    page = client.get(partner.get_absolute_url()).content.decode()

    assert f"Accueil des familles{NNBSP}: «{NNBSP}écoute{NNBSP}» et orientation" in page
    assert "Permanences l’après-midi" in page
    assert f"Familles{NNBSP}; jeunes" in page
    assert "1er\u00a0mars" in page
