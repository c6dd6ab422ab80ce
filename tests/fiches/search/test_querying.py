"""Finding and ranking sheets (``fiches.search.querying`` and the backends): the same
plain-word cases on every database, PostgreSQL's web-search syntax, ranking and headlines on
it only."""

import pytest

from fiches import search
from fiches.models import Action
from fiches.search.highlighting import START_MARK, STOP_MARK
from tests.fiches.factories import ActionFactory

from . import on_postgres, titles

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("parentalite", {"Café des parents"}),  # a keyword, without its accent
        ("PARENTALITÉ", {"Café des parents"}),
        ("boites a livres", {"boîte à livres"}),  # plural, no accents
        ("Boîte à livres", {"boîte à livres"}),
        ("cuisine", {"Atelier cuisine", "Atelier cuisine des anciens"}),
        ("cuisine seniors", {"Atelier cuisine des anciens"}),  # every word, a public's too
        ("cuisine -enfants", {"Atelier cuisine des anciens"}),
        ("tilleuls", {"Café des parents"}),  # the centre's name
        ("romans", {"boîte à livres"}),
        ("jardin", set()),  # a draft: not published
        ("introuvable", set()),
    ],
)
def test_published_search_finds_the_same_sheets_on_every_database(query, expected):
    assert titles(Action.objects.published().search(query)) == expected


@pytest.mark.usefixtures("catalogue")
def test_stop_words_alone_find_nothing():
    assert titles(Action.objects.search("de la")) == set()
    assert search.scored_keys("de la") == []


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("query", ["!!", "\x1b", "-", '""'])
def test_a_query_without_a_word_finds_nothing(query):
    assert titles(Action.objects.search(query)) == set()
    assert search.scored_keys(query) == []


def test_a_title_match_ranks_before_a_match_in_the_text():
    ActionFactory(title="Fête de quartier", summary="Tout le quartier dans le jardin public.")
    ActionFactory(title="Jardin partagé", summary="Des parcelles pour chacun.")

    ranked = Action.objects.search("jardin").by_relevance("jardin")

    assert list(ranked.values_list("title", flat=True)) == ["Jardin partagé", "Fête de quartier"]


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("query", ["cuisine", "boîte livres", "cuisine -enfants", "jardin"])
def test_scored_keys_are_those_of_the_sheets_in_their_order(query, django_assert_num_queries):
    ranked = Action.objects.search(query).by_relevance(query)

    with django_assert_num_queries(1):  # the documents alone
        scored = dict(search.scored_keys(query))

    in_order = list(ranked.values_list("pk", flat=True))
    assert set(scored) == set(in_order)
    assert [scored[key] for key in in_order] == sorted(scored.values())


@pytest.mark.usefixtures("catalogue")
def test_a_control_character_never_reaches_the_database():
    # PostgreSQL refuses a NUL in any text: every search function leaves it out.
    query = "cuisine\x00 -enfants\x01"
    found = Action.objects.search(query).by_relevance(query).with_search_headline(query)

    assert titles(found) == {"Atelier cuisine des anciens"}
    assert [key for key, _ in search.scored_keys(query)] == [found.get().pk]
    assert search.approximate_query("cuisne\x00") is not None


@pytest.mark.usefixtures("catalogue")
def test_a_long_query_is_searched_for_its_first_words(django_assert_max_num_queries):
    query = "cuisine anciens " + "convivialité " * 5000

    with django_assert_max_num_queries(1):
        assert titles(Action.objects.search(query)) == {"Atelier cuisine des anciens"}


# --- PostgreSQL only ----------------------------------------------------------------------


@on_postgres
@pytest.mark.usefixtures("catalogue")
def test_quotes_search_a_phrase():
    # "Livres en liberté" has the three words, not in that order.
    assert titles(Action.objects.search('"boîte à livres"')) == {"boîte à livres"}
    assert titles(Action.objects.search("boîte livres")) == {"boîte à livres", "Livres en liberté"}


@on_postgres
@pytest.mark.usefixtures("catalogue")
def test_or_searches_either_word():
    assert titles(Action.objects.search("romans or convivialité")) == {
        "boîte à livres",
        "Atelier cuisine des anciens",
    }


@on_postgres
def test_weights_rank_title_then_summary_then_long_texts():
    ActionFactory(title="Sortie", summary="", experience="Une sortie au théâtre.")
    ActionFactory(title="Atelier", summary="Répétitions de théâtre.")
    ActionFactory(title="Théâtre forum", summary="")

    ranked = Action.objects.search("théâtre").by_relevance("théâtre")

    assert list(ranked.values_list("title", flat=True)) == ["Théâtre forum", "Atelier", "Sortie"]


@on_postgres
def test_headline_frames_the_matched_words():
    ActionFactory(title="Poules", summary="Un poulailler pour les enfants du quartier.")

    action = Action.objects.search("poulailler").with_search_headline("poulailler").get()

    assert f"{START_MARK}poulailler{STOP_MARK}" in action.search_headline
