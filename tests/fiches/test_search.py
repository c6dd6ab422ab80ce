"""French search: the same plain-word cases on SQLite and PostgreSQL (CI runs the suite on
both), PostgreSQL's own features (web-search syntax, ranking, headlines, trigrams) on it only,
and the search fields kept current by every path that changes a sheet."""

from io import StringIO

import pytest
from django.contrib.postgres.search import SearchVector
from django.core.management import call_command
from django.db import connection
from django.db.models import Value

from core.publication import PublicationState
from fiches import search
from fiches.models import Action, ActionSearch, SearchWord
from fiches.signals import deferred_derived_fields
from tests.centres.factories import CentreFactory
from tests.fiches.factories import ActionFactory, KeywordFactory, PublicFactory

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: full-text syntax, ranking, headlines and trigrams need it",
)


@pytest.fixture
def catalogue():
    """A few sheets whose words the cases below look for."""
    parentalite = KeywordFactory(name="Parentalité")
    culture = KeywordFactory(name="Culture")
    centre = CentreFactory(
        name="CENTRE SOCIAL DES TILLEULS", display_name="Centre social Les Tilleuls"
    )
    ActionFactory(
        title="boîte à livres",
        summary="Une boîte à livres au pied des immeubles, pour échanger des romans.",
        keywords=[culture],
    )
    ActionFactory(
        title="Café des parents",
        summary="Un temps d'échange entre parents, le samedi matin.",
        keywords=[parentalite],
        centre=centre,
    )
    ActionFactory(title="Atelier cuisine", summary="Cuisiner avec les enfants du quartier.")
    ActionFactory(
        title="Atelier cuisine des anciens",
        summary="Cuisine et convivialité pour les anciens.",
        publics=[PublicFactory(name="Seniors")],
    )
    ActionFactory(
        title="Livres en liberté",
        summary="Des livres déposés dans la boîte aux lettres.",
    )
    ActionFactory(
        title="Jardin partagé",
        summary="Un jardin au pied des immeubles.",
        publication_state=PublicationState.DRAFT,
    )


def titles(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))


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


def test_a_title_match_ranks_before_a_match_in_the_text():
    ActionFactory(title="Fête de quartier", summary="Tout le quartier dans le jardin public.")
    ActionFactory(title="Jardin partagé", summary="Des parcelles pour chacun.")

    ranked = Action.objects.search("jardin").by_relevance("jardin")

    assert list(ranked.values_list("title", flat=True)) == ["Jardin partagé", "Fête de quartier"]


# --- What is stored -----------------------------------------------------------------------


def test_search_words_have_no_case_accent_or_plural():
    assert search.search_words("Boîtes à LIVRES, jeux d'été") == [
        "boite", "a", "livre", "jeu", "d", "ete",
    ]  # fmt: skip


def test_parse_query_reads_exclusions_and_quotes_and_drops_stop_words():
    parsed = search.parse_query('"boîte à livres" cuisine -enfants or et')

    assert parsed.required == ("boite", "a", "livre", "cuisine")
    assert parsed.excluded == ("enfant",)


def test_search_text_is_refreshed_when_a_sheet_is_saved():
    action = ActionFactory(title="Atelier couture")
    assert Action.objects.search("couture").get() == action

    action.title = "Atelier tricot"
    action.save()

    assert not Action.objects.search("couture").exists()
    assert Action.objects.search("tricot").get() == action


def test_search_text_follows_the_vocabularies_both_ways():
    action = ActionFactory(title="Atelier")
    keyword = KeywordFactory(name="Numérique")

    action.keywords.add(keyword)
    assert Action.objects.search("numerique").get() == action

    action.keywords.remove(keyword)
    assert not Action.objects.search("numerique").exists()

    keyword.actions.add(action)  # from the keyword's side
    assert Action.objects.search("numerique").get() == action

    keyword.actions.clear()
    assert not Action.objects.search("numerique").exists()


def test_renaming_or_deleting_an_entry_updates_its_sheets():
    keyword = KeywordFactory(name="Numérique")
    action = ActionFactory(keywords=[keyword])

    keyword.name = "Informatique"
    keyword.save()
    assert Action.objects.search("informatique").get() == action
    assert not Action.objects.search("numerique").exists()

    keyword.delete()
    assert not Action.objects.search("informatique").exists()


def test_renaming_a_centre_updates_its_sheets():
    centre = CentreFactory(display_name="Centre social Les Tilleuls")
    action = ActionFactory(centre=centre)

    centre.display_name = "Centre social Les Marronniers"
    centre.save()

    assert Action.objects.search("marronniers").get() == action
    assert not Action.objects.search("tilleuls").exists()


def test_a_save_that_names_other_fields_leaves_the_search_fields_alone(monkeypatch):
    action = ActionFactory(title="Atelier couture")
    refreshed = []
    monkeypatch.setattr(search, "refresh_search_fields", lambda pks, **kw: refreshed.append(pks))

    action.publication_state = PublicationState.ARCHIVED
    action.save(update_fields=["publication_state"])
    assert refreshed == []

    action.title = "Atelier tricot"
    action.save(update_fields=["title"])
    assert refreshed == [[action.pk]]


def test_rebuild_search_recomputes_rows_written_without_save():
    action = ActionFactory(title="Atelier couture")
    Action.objects.update(title="Atelier tricot")
    ActionSearch.objects.all().delete()
    assert not Action.objects.search("tricot").exists()

    out = StringIO()
    call_command("rebuild_search", stdout=out)

    assert "1 fiche(s)" in out.getvalue()
    assert Action.objects.search("tricot").get() == action


@pytest.mark.parametrize("count", [3, 30])
def test_refreshing_many_sheets_takes_a_few_queries(django_assert_max_num_queries, count):
    actions = [
        ActionFactory(keywords=[KeywordFactory()], publics=[PublicFactory()]) for _ in range(count)
    ]
    Action.objects.update(title="Atelier tricot")

    # The sheets, their four vocabularies, the documents replaced, the lexicon.
    with django_assert_max_num_queries(9):
        refreshed = search.refresh_search_fields([action.pk for action in actions])

    assert refreshed == count
    assert Action.objects.search("tricot").count() == count


@on_postgres
def test_the_stored_vector_is_the_weighted_vector_of_the_sheet_s_texts():
    action = ActionFactory(
        title="Jardin partagé",
        summary="Des parcelles pour chacun.",
        keywords=[KeywordFactory(name="Nature")],
        experience="Le compost du quartier.",
    )
    documents = search.search_documents(Action.objects.select_related("centre").get(pk=action.pk))
    weighted = [
        SearchVector(Value(documents[weight]), weight=weight, config=search.FTS_CONFIG)
        for weight in search.WEIGHTS
    ]
    expected = ActionSearch.objects.annotate(
        expected=weighted[0] + weighted[1] + weighted[2] + weighted[3]
    )

    document = expected.get(action=action)
    assert document.vector == document.expected
    assert "'jardin':1A" in document.vector


def test_the_import_leaves_every_search_field_current(action_dump_path):
    call_command(
        "import_sheets", "--publication-state=publiee", str(action_dump_path), stdout=StringIO()
    )

    assert not Action.objects.filter(search_document=None).exists()
    assert not ActionSearch.objects.filter(text="").exists()
    if connection.vendor == "postgresql":
        assert not ActionSearch.objects.filter(vector=None).exists()
    published = Action.objects.published()
    assert titles(published.search("poulailler")) == {"Création d'un poulailler"}
    assert titles(published.search("boites a livres")) == {"boîte à livres"}
    parentalite = set(
        published.filter(keywords__name="Parentalité").values_list("title", flat=True)
    )
    assert titles(published.search("parentalite")) == parentalite
    assert len(parentalite) == 5
    assert len(titles(published.search("familles"))) == 11


@pytest.fixture
def refreshes(monkeypatch) -> list[list[int]]:
    """The sheets of each refresh of search fields, as they happen."""
    calls = []
    refresh = search.refresh_search_fields

    def counting_refresh(pks, **kwargs):
        calls.append(list(pks))
        return refresh(pks, **kwargs)

    monkeypatch.setattr(search, "refresh_search_fields", counting_refresh)
    return calls


def test_the_import_computes_each_sheet_s_search_fields_once(refreshes, action_dump_path):
    calls = refreshes
    call_command("import_sheets", str(action_dump_path), stdout=StringIO())

    assert len(calls) == 1
    assert sorted(calls[0]) == sorted(Action.objects.values_list("pk", flat=True))


def test_a_deferred_refresh_happens_once_at_the_end_and_not_after_an_error(refreshes):
    calls = refreshes
    with deferred_derived_fields():
        action = ActionFactory(title="Atelier couture")
        with deferred_derived_fields():  # nested: the outer block refreshes
            action.keywords.add(KeywordFactory(name="Numérique"))
        assert not Action.objects.search("couture").exists()
        stale = Action.objects.get(pk=action.pk).completeness
    # Both derived fields, once, for the sheet saved then filed under a keyword.
    assert calls == [[action.pk]]
    assert Action.objects.search("couture numerique").get() == action
    assert Action.objects.get(pk=action.pk).completeness > stale

    with pytest.raises(RuntimeError), deferred_derived_fields():
        action.title = "Atelier tricot"
        action.save()
        raise RuntimeError
    assert calls == [[action.pk]]
    assert not Action.objects.search("tricot").exists()


# --- Showing matches ----------------------------------------------------------------------


def test_highlight_escapes_the_text_before_marking_it():
    marked = f'<script>alert("x")</script> un {search.START_MARK}atelier{search.STOP_MARK}'

    assert search.highlight(marked) == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; un <mark>atelier</mark>"
    )


def test_highlight_only_pairs_well_formed_markers():
    start, stop = search.START_MARK, search.STOP_MARK

    assert search.highlight(f"{stop}a{start}b{start}c") == "a<mark>bc</mark>"


def test_excerpt_marks_the_words_found_around_the_first_one():
    action = ActionFactory.build(
        summary="Un temps convivial. " * 10 + "Des Boîtes à livres dans le quartier.",
        experience="",
    )

    excerpt = search.excerpt(action, "boite")

    assert excerpt.startswith("… ")
    assert f"{search.START_MARK}Boîtes{search.STOP_MARK} à livres" in excerpt


def test_excerpt_without_a_query_is_the_start_of_the_summary():
    action = ActionFactory.build(summary="Un atelier.\nPour les familles.")

    assert search.excerpt(action, "") == "Un atelier. Pour les familles."


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

    assert f"{search.START_MARK}poulailler{search.STOP_MARK}" in action.search_headline


@pytest.mark.usefixtures("catalogue")
def test_the_lexicon_corrects_a_misspelt_word():
    assert not Action.objects.search("parentalitée").exists()

    corrected = search.approximate_query("parentalitée")

    assert titles(Action.objects.search(corrected)) == {"Café des parents"}


@pytest.mark.usefixtures("catalogue")
def test_every_misspelt_word_must_find_a_neighbour():
    assert search.approximate_query("parentalitée xqzwvk") is None
    assert search.approximate_query("de la") is None  # too short to correct


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
    assert f"{search.START_MARK}jardin{search.STOP_MARK}" in marked


def test_trigram_similarity_is_that_of_pg_trgm():
    assert search.trigrams("cat") == {"  c", " ca", "cat", "at "}
    lexicon = search.Lexicon(["parentalite", "parental", "parents", "jardin", "sont"])

    # 11 of 14 trigrams shared, then 8 of 14, then 6 of 15 (0.4, above pg_trgm's 0.3).
    assert lexicon.neighbours("parentalitee") == ["parentalite", "parental", "parents"]
    assert lexicon.neighbours("sont") == []  # a stop word is never a correction


@on_postgres
@pytest.mark.usefixtures("catalogue")
def test_sqlite_s_neighbours_are_those_of_postgresql_s_index():
    words = list(SearchWord.objects.values_list("word", flat=True))
    lexicon = search.Lexicon(words)

    for typo in ("parentalitée", "cuisne", "jardinage", "famile", "enfnats"):
        word = search.search_words(typo)[0]
        assert lexicon.neighbours(word) == search._indexed_neighbours(word, using="default")


def test_the_lexicon_holds_the_words_of_every_document():
    action = ActionFactory(title="Jardin partagé", summary="")

    action.title = "Potager collectif"
    action.save()

    lexicon = set(SearchWord.objects.values_list("word", flat=True))
    assert {"jardin", "partage", "potager", "collectif"} <= lexicon
    assert not {word for word in lexicon if len(word) < search.APPROXIMATE_MIN_LENGTH}
