"""How text becomes search words, and what a query asks for (``fiches.search.words``)."""

from fiches.search.words import (
    CorrectedQuery,
    excluded_words,
    parse_query,
    search_words,
    wanted_words,
    word_groups,
)


def test_search_words_have_no_case_accent_or_plural():
    assert search_words("Boîtes à LIVRES, jeux d'été") == [
        "boite", "a", "livre", "jeu", "d", "ete",
    ]  # fmt: skip


def test_parse_query_reads_exclusions_and_quotes_and_drops_stop_words():
    parsed = parse_query('"boîte à livres" cuisine -enfants or et')

    assert parsed.required == ("boite", "a", "livre", "cuisine")
    assert parsed.excluded == ("enfant",)


def test_a_typed_word_is_a_group_of_one_and_a_corrected_one_its_neighbours():
    assert word_groups("cuisine -enfants") == (("cuisine",),)
    assert excluded_words("cuisine -enfants") == ("enfant",)
    corrected = CorrectedQuery((("jardin", "jardine"), ("potager",)))
    assert word_groups(corrected) == corrected.groups
    assert excluded_words(corrected) == ()
    assert wanted_words(corrected) == {"jardin", "jardine", "potager"}
    assert wanted_words("") == set()
