"""How text becomes search words, and what a query asks for (``fiches.search.words``)."""

from hypothesis import given
from hypothesis import strategies as st

from fiches.search.words import (
    MAX_QUERY_LENGTH,
    MAX_QUERY_WORDS,
    CorrectedQuery,
    bounded_query,
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


def test_a_query_loses_its_control_characters():
    # A NUL byte (``?q=%00``) would make PostgreSQL refuse the query.
    assert bounded_query("jardin\x00partagé\t\x1f\x7f") == ("jardin partagé", False)
    assert bounded_query("\x00") == ("", False)


def test_a_short_query_is_kept_as_typed():
    assert bounded_query('  "boîte à livres"  cuisine -enfants ') == (
        '"boîte à livres" cuisine -enfants',
        False,
    )


def test_a_long_query_is_cut_after_its_first_words():
    words = [f"mot{index}" for index in range(MAX_QUERY_WORDS + 5)]

    bounded = bounded_query(" ".join(words))

    assert bounded.shortened
    assert bounded.text == " ".join(words[:MAX_QUERY_WORDS])


def test_a_long_query_is_cut_at_the_end_of_a_word():
    typed = " ".join(["parentalité"] * 19)  # 19 words of 11 letters: 227 characters

    bounded = bounded_query(typed)

    assert bounded.shortened
    assert bounded.text == " ".join(["parentalité"] * 16)  # 191 characters


def test_a_single_long_word_is_cut_to_the_limit():
    bounded = bounded_query("a" * 4000)

    assert bounded == ("a" * MAX_QUERY_LENGTH, True)


@given(st.text())
def test_a_bounded_query_is_within_the_limits_and_bounded_already(typed):
    text, _ = bounded_query(typed)

    assert len(text) <= MAX_QUERY_LENGTH
    assert len(text.split()) <= MAX_QUERY_WORDS
    assert not any(ord(char) < 32 or 0x7F <= ord(char) <= 0x9F for char in text)
    assert bounded_query(text) == (text, False)
