"""The text helpers shared by the sheet parsers."""

import pytest

from parsing import clean_source, heading_key
from parsing.text import join_text_lines, split_lines


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\ufeffActions\r\nSuite\r\n", "Actions\nSuite\n"),
        ("un\rdeux\r\ntrois\n", "un\ndeux\ntrois\n"),
        ("[bookmark: _GoBack]Constat(s) :", "Constat(s) :"),
        ("Titre[bookmark: _Hlk123] suite", "Titre suite"),
        ("texte\u00a0: valeur\tsuite", "texte\u00a0: valeur\tsuite"),
        ("fin\n\ufeffActions", "fin\nActions"),  # two exports put end to end
    ],
)
def test_clean_source(raw, clean):
    assert clean_source(raw) == clean


@pytest.mark.parametrize(
    ("text", "lines"),
    [("", []), ("a", ["a"]), ("a\n", ["a"]), ("a\r\n\r\nb", ["a", "", "b"]), ("\n", [""])],
)
def test_split_lines_keeps_line_numbers(text, lines):
    assert split_lines(text) == lines


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("RAISON D'ETRE DE L' ACTION", "Raison d’être de l’action"),
        ("AUTO-EVALUATION DE L’ACTION", "auto-évaluation de l'action"),
        ("- Précision ( si autre )", "- Precision (si autre)"),
        ("Constat(s)\u00a0:", "Constat (s) :"),
        ("Public (s) bénéficiaire (s)", "Public(s)\tbénéficiaire(s)"),
        ("Axe (s) du projet social – objectif(s)", "Axe(s)  du projet social - objectif(s)"),
        ("Qui est à l'initiative de l'action ?", "QUI EST A L’INITIATIVE DE L’ACTION?"),
    ],
)
def test_heading_key_reads_headings_like_a_person(first, second):
    assert heading_key(first) == heading_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Territoire concerné", "Territoire concernés"),
        ("Public", "Publics"),
        ("Résumé", "Résumé 2"),
    ],
)
def test_heading_key_still_tells_headings_apart(first, second):
    assert heading_key(first) != heading_key(second)


def test_join_text_lines_trims_the_edges_only():
    lines = ["", " \t", "  Première ligne\u00a0 ", "", "- seconde\t", "\u00a0", ""]
    assert join_text_lines(lines) == "Première ligne\n\n- seconde"
