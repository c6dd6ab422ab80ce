"""What the list says of a search: the words it used, and ways out of an empty list."""

import re

import pytest

from fiches.models import Keyword
from tests.fiches.test_views import LIST_URL, main_of
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def test_a_misspelt_search_names_the_words_it_searched_for_instead(client, seeded):
    response = client.get(LIST_URL, {"q": "parentalitee"})

    corrected = response.context["filterset"].search_query
    assert corrected.closest_words[0] == "parentalite"
    assert "Résultats pour « parentalite » (vous aviez écrit « parentalitee »)" in text_of(response)
    assert response.context["action_list"]


def test_a_search_found_as_typed_is_not_said_to_be_corrected(client, seeded):
    text = text_of(client.get(LIST_URL, {"q": "poulailler"}))

    assert "vous aviez écrit" not in text


def test_no_result_says_no_sheet_and_offers_the_search_alone_and_the_themes(client, seeded):
    response = client.get(LIST_URL, {"q": "poulailler", "keyword": "culture"})

    text, html = text_of(response), main_of(response)
    assert '<h2 id="resultats-titre" data-catalogue-count>Aucune fiche</h2>' in html
    assert "0 fiche" not in text
    search_alone = "chercher « poulailler » dans toutes les fiches"
    assert f'<a href="/actions/?q=poulailler" data-catalogue-link>{search_alone}</a>' in html
    assert '<a href="/#themes">parcourir les thèmes</a>' in html


def test_a_search_that_nothing_resembles_leaves_no_filter_button(client, seeded):
    response = client.get(LIST_URL, {"q": "zzyzx"})

    html, text = main_of(response), text_of(response)
    assert "Aucune fiche" in text
    assert "Voir les" not in text and "Filtrer (" not in text
    assert "chercher « zzyzx » dans toutes les fiches" not in text  # the search is alone already
    assert "voir toutes les fiches" in text and 'href="/#themes"' in html


def test_a_list_with_options_keeps_its_filter_button(client, seeded):
    text = text_of(client.get(LIST_URL))
    assert "Filtrer (0)" in text
    assert re.search(r"Voir les \d+ fiches", text)


def test_the_filter_button_counts_the_active_filters_and_the_panel_explains_them(client, seeded):
    keywords = Keyword.objects.filter(actions__isnull=False).distinct()[:2]
    response = client.get(LIST_URL, {"keyword": [keyword.slug for keyword in keywords]})

    html, text = main_of(response), text_of(response)
    count = response.context["paginator"].count
    assert "Filtrer (2)" in text
    assert (f"Voir les {count} fiches" if count > 1 else "Voir la fiche") in text
    assert "Plusieurs choix dans un filtre s'additionnent\u202f; les filtres se combinent" in html
    assert '<a class="filters-toggle__open" href="#filtres-panneau"' in html
    assert 'id="filtres-panneau"' in html
