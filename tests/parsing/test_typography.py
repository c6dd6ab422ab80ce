import re

from hypothesis import example, given
from hypothesis import strategies as st

from parsing.typography import (
    ACCENTED_RUN_PATTERN,
    NNBSP,
    accented_spellings,
    accented_word_counts,
    french_punctuation,
    french_text,
    of_structure,
    sentence_case,
)

SPELLINGS = accented_spellings(
    ["Animation de proximité", "Fête de quartier", "Les fêtes", "Des fêtes", "Des FETES"]
)


def test_accented_spellings_map_each_bare_word_to_its_most_frequent_accented_spelling():
    assert SPELLINGS == {"proximite": "proximité", "fete": "fête", "fetes": "fêtes"}


def test_an_all_capitals_title_is_shown_in_sentence_case_with_its_accents():
    title = "ANIMATION DE PROXIMITE / ORGANISATION DE FETES DE QUARTIER"

    assert (
        sentence_case(title, SPELLINGS)
        == "Animation de proximité / organisation de fêtes de quartier"
    )


def test_a_plural_takes_the_accents_of_its_singular():
    assert sentence_case("LES ETES", {"ete": "été"}) == "Les étés"


def test_a_title_in_mixed_case_or_without_letters_is_kept():
    assert sentence_case("Fête de QUARTIER", SPELLINGS) == "Fête de QUARTIER"
    assert sentence_case("2024", SPELLINGS) == "2024"


def test_french_punctuation():
    assert french_punctuation('Le "Vers le O" : quoi ? Oui! À 14:30, https://x.fr') == (
        f"Le «{NNBSP}Vers le O{NNBSP}»{NNBSP}: quoi{NNBSP}? Oui{NNBSP}! À 14:30, https://x.fr"
    )
    assert french_punctuation("« déjà »") == f"«{NNBSP}déjà{NNBSP}»"


def test_of_structure_says_of_a_structure_as_french_does():
    assert of_structure("Centre social Albert Schweitzer") == "du centre social Albert Schweitzer"
    assert of_structure("Maison de quartier Rosny") == "de la maison de quartier Rosny"
    assert of_structure("Espace de vie sociale Le Lien") == "de l'espace de vie sociale Le Lien"
    assert of_structure("Les Résédas") == "des Résédas"
    assert of_structure("Eaubonne") == "d'Eaubonne"
    assert of_structure("Rosny") == "de Rosny"


# --- Body texts --------------------------------------------------------------------------

NBSP = "\u00a0"


def test_french_text_sets_quotes_spaces_apostrophes_and_the_first_of_a_month():
    text = 'L\'atelier "cuisine" a lieu le 1 mars et le 11 mai : venez!'

    assert french_text(text) == (
        f"L’atelier «{NNBSP}cuisine{NNBSP}» a lieu le 1er{NBSP}mars et le 11 mai{NNBSP}: "
        f"venez{NNBSP}!"
    )


def test_french_text_leaves_what_is_not_prose():
    for text in ("14:30", "https://exemple.fr/?a=1;b=2", "2,1 mars", "'citation'", "1 marsouin"):
        assert french_text(text) == text


# Prose with what the rules look at: quotes, apostrophes, punctuation, spaces, "1 mars".
PROSE = st.lists(
    st.sampled_from(
        [*"aéZ1 0'\"«»:;!?.,\n\u00a0\u202f", " mars", " Mai", "1er", "l'", "https://x.fr/a?b"]
    ),
    max_size=30,
).map("".join) | st.text(max_size=40)
# The one change to letters: "1er" for the first of a month ("1 mars"); a "1er" already
# written stays as it is.
_ORDINAL = re.compile("1er")


@example("1er mars")
@example('"1er"')
@given(PROSE)
def test_french_text_never_changes_letters_or_digits(text):
    set_text = _ORDINAL.sub("1", french_text(text))

    assert [char for char in set_text if char.isalnum()] == [
        char for char in _ORDINAL.sub("1", text) if char.isalnum()
    ]


@example('"a;"')
@given(PROSE)
def test_french_text_is_idempotent(text):
    assert french_text(french_text(text)) == french_text(text)


def test_a_tie_between_spellings_goes_to_the_same_one_whatever_the_order():
    texts = ["Le rôle", "Le röle"]
    assert accented_spellings(texts) == accented_spellings(reversed(texts)) == {"role": "rôle"}


@given(st.lists(st.text(max_size=40), max_size=8))
def test_counting_the_accented_runs_counts_the_same_words_as_reading_the_whole_texts(texts):
    # What PostgreSQL's regexp_matches with ACCENTED_RUN_PATTERN gives (Python's ``re``
    # reads the same pattern the same way: leftmost, the whole run).
    runs = [(run, 1) for text in texts for run in re.findall(ACCENTED_RUN_PATTERN, text)]
    assert accented_word_counts(runs) == accented_word_counts((text, 1) for text in texts)
