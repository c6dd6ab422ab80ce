"""Typo tolerance: the lexicon's words that look like a word typed (``fiches.search.lexicon``
and each backend's way of finding them)."""

import pytest
from django.db import connection

from fiches import search
from fiches.models import Action, SearchWord
from fiches.search.backends import FullTextSearch
from fiches.search.highlighting import START_MARK, STOP_MARK
from fiches.search.lexicon import WORD_MAX_LENGTH, TrigramLexicon, trigrams
from fiches.search.words import search_words
from tests.fiches.factories import ActionFactory

from . import on_postgres, titles

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("catalogue")
def test_the_lexicon_corrects_a_misspelt_word():
    assert not Action.objects.search("parentalitée").exists()

    corrected = search.approximate_query("parentalitée")

    assert titles(Action.objects.search(corrected)) == {"Café des parents"}


@pytest.mark.usefixtures("catalogue")
def test_every_misspelt_word_must_find_a_neighbour():
    assert search.approximate_query("parentalitée xqzwvk") is None
    assert search.approximate_query("de la") is None  # too short to correct


@pytest.mark.usefixtures("catalogue")
def test_the_words_of_a_query_are_corrected_in_a_query_or_two(django_assert_max_num_queries):
    # PostgreSQL looks every word up at once; SQLite reads the catalogue's version, and the
    # lexicon when it changed.
    with django_assert_max_num_queries(2):
        corrected = search.approximate_query("parentalitée cuisne livers anciennes romman")

    assert [group[0] for group in corrected.groups] == [
        "parentalite", "cuisine", "livre", "ancien", "roman",
    ]  # fmt: skip


@pytest.mark.usefixtures("catalogue")
def test_a_word_longer_than_any_of_the_lexicon_is_not_looked_up(django_assert_num_queries):
    # Four times "parentalite": its trigrams are those of "parentalite", nearly.
    too_long = "parentalite" * 4
    assert len(too_long) > WORD_MAX_LENGTH
    assert TrigramLexicon(["parentalite"]).neighbours(too_long) == ["parentalite"]

    with django_assert_num_queries(0):
        assert search.approximate_query(too_long) is None
        assert search.approximate_query(f"parentalitée {'z' * 41}") is None
        assert search.approximate_query("x" * 4000) is None


def test_corrected_results_are_ranked_and_highlighted():
    ActionFactory(title="Jardin partagé", summary="Un jardin au pied des immeubles.")
    ActionFactory(title="Sortie", summary="", experience="Visite d'un jardin botanique.")

    corrected = search.approximate_query("jardinn")
    ranked = (
        Action.objects.search(corrected).by_relevance(corrected).with_search_headline(corrected)
    )

    assert list(ranked.values_list("title", flat=True)) == ["Jardin partagé", "Sortie"]
    best = ranked.first()
    marked = getattr(best, "search_headline", None) or search.excerpt(best, corrected)
    assert f"{START_MARK}jardin{STOP_MARK}" in marked


def test_trigram_similarity_is_that_of_pg_trgm():
    assert trigrams("cat") == {"  c", " ca", "cat", "at "}
    lexicon = TrigramLexicon(["parentalite", "parental", "parents", "jardin", "sont"])

    # 11 of 14 trigrams shared, then 8 of 14, then 6 of 15 (0.4, above pg_trgm's 0.3).
    assert lexicon.neighbours("parentalitee") == ["parentalite", "parental", "parents"]
    assert lexicon.neighbours("sont") == []  # a stop word is never a correction


@on_postgres
@pytest.mark.usefixtures("catalogue")
def test_sqlite_s_neighbours_are_those_of_postgresql_s_index():
    lexicon = TrigramLexicon(SearchWord.objects.values_list("word", flat=True))
    typos = [
        search_words(typo)[0]
        for typo in ("parentalitée", "cuisne", "jardinage", "famile", "enfnats", "sont")
    ]

    indexed = FullTextSearch().neighbours(typos, using=connection.alias)

    assert indexed == [lexicon.neighbours(word) for word in typos]
    assert indexed[0][0] == "parentalite"
