"""A passage of a sheet with its matched words in ``<mark>`` (``fiches.search.highlighting``)."""

from fiches.search.highlighting import START_MARK, STOP_MARK, excerpt, highlight
from fiches.search.words import CorrectedQuery
from tests.fiches.factories import ActionFactory


def test_highlight_escapes_the_text_before_marking_it():
    marked = f'<script>alert("x")</script> un {START_MARK}atelier{STOP_MARK}'

    assert highlight(marked) == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; un <mark>atelier</mark>"
    )


def test_highlight_only_pairs_well_formed_markers():
    assert highlight(f"{STOP_MARK}a{START_MARK}b{START_MARK}c") == "a<mark>bc</mark>"


def test_excerpt_marks_the_words_found_around_the_first_one():
    action = ActionFactory.build(
        summary="Un temps convivial. " * 10 + "Des Boîtes à livres dans le quartier.",
        experience="",
    )

    passage = excerpt(action, "boite")

    assert passage.startswith("… ")
    assert f"{START_MARK}Boîtes{STOP_MARK} à livres" in passage


def test_excerpt_marks_the_neighbours_of_a_corrected_query():
    action = ActionFactory.build(summary="Un jardin au pied des immeubles.", experience="")

    passage = excerpt(action, CorrectedQuery((("jardin", "jardine"),)))

    assert passage == f"Un {START_MARK}jardin{STOP_MARK} au pied des immeubles"


def test_excerpt_without_a_query_is_the_start_of_the_summary():
    action = ActionFactory.build(summary="Un atelier.\nPour les familles.")

    assert excerpt(action, "") == "Un atelier. Pour les familles."
