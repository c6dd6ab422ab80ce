"""The public catalogue's sheet pages: home, list, fiche action, fiche projet."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from core.publication import PublicationState
from fiches.enums import ActionStatus
from fiches.models import Action
from tests.centres.factories import CentreFactory
from tests.fiches.factories import (
    ActionFactory,
    InitiatorFactory,
    KeywordFactory,
    PartnerTypeFactory,
    PublicFactory,
)
from tests.pages import text_of

pytestmark = pytest.mark.django_db

LIST_URL = reverse("fiches:action_list")
# The most queries a page may run, whatever the number of actions.
# Page, 2 prefetches, 2 filter values, the catalogue's version, the search's keys and check.
LIST_QUERIES = 8
FACET_INDEX_QUERIES = 10  # building the index once the catalogue changed (rows, names, links)
# The sheet, 5 prefetches, 4 for related actions (the version, 3 for the cards), 2 lists.
DETAIL_QUERIES = 12
HOME_QUERIES = 5  # version, 3 for the latest sheets, partners


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def many_actions(count: int) -> None:
    keywords = [KeywordFactory(name="Cuisine"), KeywordFactory(name="Santé")]
    public = PublicFactory(name="Familles")
    centres = [CentreFactory() for _ in range(3)]
    for index in range(count):
        ActionFactory(
            title=f"Atelier cuisine {index:03}",
            centre=centres[index % 3],
            keywords=keywords,
            publics=[public],
            partner_types=[PartnerTypeFactory()],
            initiators=[InitiatorFactory()],
            territory=f"Quartier {index % 4}",
            dimension="Services",
        )


# --- Home ---------------------------------------------------------------------------------


def test_home_says_what_the_catalogue_is_and_offers_search_themes_and_latest(client, seeded):
    response = client.get("/")

    assert response.status_code == 200
    text = text_of(response)
    assert "Ce catalogue rassemble les « fiches actions »" in text
    assert 'action="/actions/"' in response.content.decode()
    assert "21 fiches actions" in text
    assert "16 centres" in text
    assert "29 partenaires" in text
    # Themes with their counts, most used first, each a link to the filtered list.
    assert "intergénérationnel (9 fiches)" in text
    assert text.index("intergénérationnel (9 fiches)") < text.index("Parentalité (5 fiches)")
    assert 'href="/actions/?keyword=parentalite"' in response.content.decode()
    assert len(response.context["latest_actions"]) == 6


def test_home_counts_only_what_the_public_may_see(client):
    ActionFactory(keywords=[KeywordFactory(name="Santé")])
    ActionFactory(publication_state=PublicationState.DRAFT, keywords=[KeywordFactory(name="Sport")])

    text = text_of(client.get("/"))

    assert "1 fiche action" in text
    assert "Santé (1 fiche)" in text
    assert "Sport" not in text


@pytest.mark.parametrize("count", [5, 40])
def test_home_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries, count):
    many_actions(count)

    with django_assert_max_num_queries(HOME_QUERIES + FACET_INDEX_QUERIES):
        client.get("/")
    with django_assert_max_num_queries(HOME_QUERIES):
        assert client.get("/").status_code == 200


# --- The list -----------------------------------------------------------------------------


def test_list_shows_published_sheets_with_total_and_facets(client, seeded):
    response = client.get(LIST_URL)

    text = text_of(response)
    assert "21 fiches actions" in text
    assert "Page 1 sur 2" in text
    html = response.content.decode()
    assert 'name="keyword" value="parentalite" id="keyword-parentalite"' in html
    assert re.search(r"Parentalité\s*<span class=\"facet__count\">\(5\)</span>", html)
    assert "Tous publics" in html and "Un quartier" in html and "En cours" in html


def test_list_filters_with_several_values_from_the_url(client, seeded):
    response = client.get(LIST_URL, {"keyword": ["parentalite", "sante"], "status": "terminee"})

    titles = [action.title for action in response.context["action_list"]]
    assert titles and all(
        action.status == ActionStatus.FINISHED
        and {"parentalite", "sante"} & {k.slug for k in action.keywords.all()}
        for action in response.context["action_list"]
    )
    html = response.content.decode()
    assert 'value="parentalite" id="keyword-parentalite" checked' in html
    assert 'value="sante" id="keyword-sante" checked' in html
    # Chips, each removing one value, and a reset link.
    assert 'href="/actions/?keyword=sante&amp;status=terminee"' in html
    assert 'href="/actions/?keyword=parentalite&amp;status=terminee"' in html
    assert "Tout réinitialiser" in text_of(response)


def test_list_pages_keep_the_filters(client):
    many_actions(25)

    first = client.get(LIST_URL, {"keyword": "cuisine"})
    second = client.get(LIST_URL, {"page": 2, "dimension": "Services"})

    assert "25 fiches actions" in text_of(first)
    assert 'href="?keyword=' in first.content.decode() and "page=2" in first.content.decode()
    assert [a.title for a in second.context["action_list"]] == [
        f"Atelier cuisine {index:03}" for index in range(20, 25)
    ]
    assert client.get(LIST_URL, {"page": 9}).status_code == 404


def test_an_empty_result_says_so_and_offers_to_widen_the_search(client, seeded):
    response = client.get(LIST_URL, {"q": "poulailler", "keyword": "culture"})

    text = text_of(response)
    assert "Aucune fiche ne correspond à ces critères." in text
    html = main_of(response)
    assert "retirer Recherche : « poulailler »" in text
    assert "retirer Mots clés : Culture" in text
    assert 'href="/actions/?keyword=culture"' in html
    assert 'href="/actions/?q=poulailler"' in html
    assert "toutes les fiches" in text


def test_drafts_are_listed_for_coordinators_only_with_a_badge(client, coordinator_client):
    ActionFactory(title="Fiche publiée")
    ActionFactory(title="Fiche en cours d'écriture", publication_state=PublicationState.DRAFT)

    public = text_of(client.get(LIST_URL))
    staff = text_of(coordinator_client.get(LIST_URL))

    assert "Fiche publiée" in public and "Fiche en cours d'écriture" not in public
    assert "Fiche en cours d'écriture" in staff
    assert re.search(r"Brouillon\s+Centre social", staff)


def test_search_results_are_ranked_and_highlighted_safely(client):
    ActionFactory(
        title="Atelier du samedi",
        summary='<script>alert("x")</script> Un atelier cuisine pour les familles.',
    )
    ActionFactory(title="Cuisine du monde", summary="Des recettes.")

    response = client.get(LIST_URL, {"q": "cuisine"})

    html = main_of(response)
    assert [a.title for a in response.context["action_list"]] == [
        "Cuisine du monde",
        "Atelier du samedi",
    ]
    assert "<mark>cuisine</mark>" in html
    assert "<script>" not in html
    assert 'value="relevance" selected' in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigrams are PostgreSQL's")
def test_a_misspelt_search_gives_approximate_results(client, seeded):
    response = client.get(LIST_URL, {"q": "parentalitée"})

    assert "(vous aviez écrit « parentalitée »)" in text_of(response)
    titles = {action.title for action in response.context["action_list"]}
    assert "Ateliers parents-enfants" in titles


# A NUL never reaches the search: the request is refused (core.request_guards).
@pytest.mark.parametrize("query", ["jardin\x01", "\x1bjardin\x7f", "jardin\x1fpartagé"])
def test_a_control_character_in_the_search_is_left_out(client, query):
    ActionFactory(title="Jardin partagé")
    ActionFactory(title="Atelier cuisine")

    response = client.get(LIST_URL, {"q": query})

    assert response.status_code == 200
    assert [a.title for a in response.context["action_list"]] == ["Jardin partagé"]
    controls = {char for char in query if not char.isprintable()}
    assert not controls & set(response.content.decode())


@pytest.mark.parametrize("query", ["\x01", "de la"])
def test_a_search_with_nothing_to_search_answers(client, query):
    ActionFactory(title="Jardin partagé")

    response = client.get(LIST_URL, {"q": query})

    assert response.status_code == 200


def test_a_long_search_is_shortened_and_says_so(client, django_assert_max_num_queries):
    ActionFactory(title="Atelier cuisine", summary="Pour les familles.")
    typed = "cuisine familles " + " ".join(f"parentalitée{index}" for index in range(2000))

    # The typed words find nothing: each is corrected, all in one lookup.
    with django_assert_max_num_queries(LIST_QUERIES + FACET_INDEX_QUERIES + 2):
        response = client.get(LIST_URL, {"q": typed})

    assert response.status_code == 200
    text = text_of(response)
    assert "Votre recherche était trop longue : seul son début" in text
    searched = response.context["filterset"].search_terms
    assert typed.startswith(searched) and len(searched) <= 200
    assert "trop longue" not in text_of(client.get(LIST_URL, {"q": "cuisine familles"}))


def test_the_list_works_without_javascript_and_enhances_with_it(client):
    ActionFactory()  # something to filter, so a button to apply the filters

    html = client.get(LIST_URL).content.decode()

    assert (
        '<form id="catalogue-form" class="catalogue__form" method="get" action="/actions/">' in html
    )
    assert re.search(r'<button type="submit">Voir la fiche</button>', html)
    assert '<script src="/static/js/catalogue.js" defer></script>' in html


@pytest.mark.parametrize(
    "params",
    [{}, {"keyword": "cuisine", "public": "familles", "q": "cuisine", "sort": "updated"}],
    ids=["sans-filtre", "filtres-et-recherche"],
)
@pytest.mark.parametrize("count", [5, 40])
def test_list_runs_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, count, params
):
    many_actions(count)

    with django_assert_max_num_queries(LIST_QUERIES + FACET_INDEX_QUERIES):
        client.get(LIST_URL, params)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(LIST_URL, params)
    assert response.context["paginator"].count == count


# --- A fiche action -----------------------------------------------------------------------


def test_a_sheet_shows_its_sections_in_the_order_of_the_original(client, seeded):
    action = Action.objects.get(title='Atelier cuisine parents"A toute âge un repas"')

    response = client.get(action.get_absolute_url())

    assert response.status_code == 200
    text = text_of(response)
    headings = [
        "Description de l'action",
        "Raisons pour lesquelles l'action est terminée",
        "Résumé",
        "Raison d'être de l'action",
        "Qui est à l'initiative de l'action ?",
        "Précision (si autre)",
        "Description de l'expérience, ses objectifs, ses acteurs et ses différentes phases",
        "Méthodologie de l'action",
        "Avec qui cette action a-t-elle été menée ?",
        "Description générale",
        "Ressources financières mobilisées pour cette action",
        "Nombre de personnes mobilisées pour cette action",
        "Auto-évaluation de l'action",
        "Résultat sur le territoire",
        "Résultat pour le centre social",
        "Résultat pour les habitants",
        "Suite de l'action : limites",
        "Suite de l'action : perspectives",
    ]
    html = main_of(response).replace("&#x27;", "'")
    found = re.findall(r"<h[23][^>]*>([^<]+)</h[23]>", html[html.index("section-description") :])
    assert [heading for heading in found if heading in headings] == headings
    # The partners' territory repeats the summary's territory here: it is not shown again.
    assert action.partners_territory.casefold() == action.territory.casefold()
    # What the summary shows, in its order, is not repeated in the sections.
    summary = html[html.index('class="sheet__summary"') : html.index('class="sheet__body"')]
    assert re.findall(r"<dt>([^<]+)</dt>", summary) == [
        "Structure organisatrice",
        "Territoire concerné",
        "Public",
        "Statut de l'action",
        "Dimension",
        "Mots clés associés à l'action",
        "Mise à jour",
    ]
    assert "Essoufflement des participants." in text
    assert "Fichiers associés" not in text  # an empty section is left out


def test_the_summary_panel_links_keywords_to_the_filtered_list(client):
    action = ActionFactory(
        title="Café des parents",
        territory="Un quartier",
        keywords=[KeywordFactory(name="Parentalité")],
        publics=[PublicFactory(name="Familles")],
    )

    response = client.get(action.get_absolute_url())

    html = response.content.decode()
    summary = html[html.index('class="sheet__summary"') : html.index('class="sheet__body"')]
    assert 'href="/actions/?keyword=parentalite"' in summary
    assert action.centre.get_absolute_url() in summary
    for text in ("Un quartier", "Familles", "En cours"):
        assert text in summary
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html


def test_a_sheet_lists_its_attached_files(client):
    action = ActionFactory(attached_files="programme.pdf\n\naffiche.jpg")

    html = main_of(client.get(action.get_absolute_url()))

    assert "Fichiers associés" in html
    assert "<li>programme.pdf</li>" in html and "<li>affiche.jpg</li>" in html


def test_a_sheet_shows_related_actions_and_its_centre_s_other_actions(client):
    parentalite, sante = KeywordFactory(name="Parentalité"), KeywordFactory(name="Santé")
    familles = PublicFactory(name="Familles")
    action = ActionFactory(title="Café des parents", keywords=[parentalite], publics=[familles])
    ActionFactory(title="Les deux en commun", keywords=[parentalite], publics=[familles])
    ActionFactory(title="Même mot clé", keywords=[parentalite])
    ActionFactory(title="Même public", publics=[familles])
    ActionFactory(title="Sans rapport", keywords=[sante])
    ActionFactory(title="Brouillon proche", keywords=[parentalite], publication_state="brouillon")
    ActionFactory(title="Voisine", centre=action.centre)

    response = client.get(action.get_absolute_url())

    related = [a.title for a in response.context["related_actions"]]
    assert related == ["Les deux en commun", "Même mot clé", "Même public"]
    assert [a.title for a in response.context["centre_actions"]] == ["Voisine"]
    assert f'href="/actions/?centre={action.centre.slug}"' in response.content.decode()


def test_a_draft_answers_404_to_the_public_and_shows_a_badge_to_coordinators(
    client, coordinator_client
):
    draft = ActionFactory(title="Fiche en chantier", publication_state=PublicationState.DRAFT)

    assert client.get(draft.get_absolute_url()).status_code == 404
    response = coordinator_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert '<span class="badge badge--draft">Brouillon</span>' in response.content.decode()


def test_stored_text_cannot_inject_html(client):
    action = ActionFactory(
        title="<b>Titre</b>", summary='<script>alert("x")</script>', experience="<img src=x>"
    )

    html = main_of(client.get(action.get_absolute_url()))

    assert "<script>" not in html and "<img" not in html and "<b>Titre" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("count", [5, 40])
def test_a_sheet_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries, count):
    many_actions(count)
    action = Action.objects.first()

    with django_assert_max_num_queries(DETAIL_QUERIES + FACET_INDEX_QUERIES):
        client.get(action.get_absolute_url())
    with django_assert_max_num_queries(DETAIL_QUERIES):
        assert client.get(action.get_absolute_url()).status_code == 200
