"""A kept facet index follows the catalogue's edits by patching the rows they changed, and
gives what an index built afresh gives: counts, pages in order, searches, on both databases.

These tests commit their writes (``transaction=True``): the log of changes is read in the
order of commits, as other processes see them. Each starts from the migrations' data (the
catalogue's version row among them), whichever test committed and flushed before it.
"""

import random

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from core import facet_index, facet_store, reordering
from core.changes import catalogue_state, changes_between, prune_changes
from core.publication import PublicationState
from fiches.derived import refresh_derived
from fiches.filters import ActionFilterSet
from fiches.models import Action, Keyword
from tests.centres.factories import CentreFactory
from tests.fiches.factories import ActionFactory, KeywordFactory, PublicFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _fresh_indexes():
    facet_store.forget_indexes()
    yield
    facet_store.forget_indexes()


def filterset(query: str = "") -> ActionFilterSet:
    return ActionFilterSet(QueryDict(query), queryset=Action.objects.published())


def facet_sources() -> dict:
    return {name: filter_.source(Action) for name, filter_ in filterset().facet_filters().items()}


def described(index) -> dict:
    """What an index answers: every facet's counts and labels, and the scope's keys in its
    order."""
    return {
        "counts": {
            facet: sorted(index.counts(facet, index.everything)) for facet in facet_sources()
        },
        "order": index.first_rows(index.everything, 0, 10_000),
        "size": index.size,
    }


def fresh(scope):
    return facet_store._read_index(scope, facet_sources(), {})


def test_an_edit_is_patched_into_the_kept_index_not_rebuilt(django_assert_max_num_queries):
    sante = KeywordFactory(name="Santé")
    ActionFactory(title="Jardin", keywords=[sante])
    scope = Action.objects.published()
    kept = facet_store.index_for(scope, facet_sources())

    added = ActionFactory(title="Atelier", keywords=[sante])

    with django_assert_max_num_queries(12):  # the token, the log, a few rows: no rebuild
        patched = facet_store.index_for(scope, facet_sources())
    assert patched is kept
    assert patched.first_rows(patched.everything, 0, 10) == [added.pk, *fresh(scope).keys[1:]]
    assert described(patched) == described(fresh(scope))


def test_scopes_of_the_same_rows_in_the_same_order_share_one_index():
    ActionFactory.create_batch(3)
    published = Action.objects.published()

    index = facet_store.index_for(published, facet_sources())

    assert facet_store.index_for(published.select_related("centre"), facet_sources()) is index
    assert facet_store.index_for(Action.objects.all(), facet_sources()) is not index
    by_update = published.order_by("-updated_at", "-pk")
    assert facet_store.index_for(by_update, facet_sources()) is not index


def test_new_and_retitled_sheets_take_their_places_without_the_whole_order_read():
    for title in ("Atelier", "Jardin", "Sortie"):
        ActionFactory(title=title)
    scope = Action.objects.published()
    kept = facet_store.index_for(scope, facet_sources())

    added = ActionFactory(title="Cuisine")
    retitled = Action.objects.get(title="Atelier")
    retitled.title = "Marché"
    retitled.save()
    with CaptureQueriesContext(connection) as queries:
        patched = facet_store.index_for(scope, facet_sources())

    assert patched is kept
    assert [
        Action.objects.get(pk=pk).title for pk in patched.first_rows(patched.everything, 0, 9)
    ] == ["Cuisine", "Jardin", "Marché", "Sortie"]
    assert described(patched) == described(fresh(scope))
    # Each query that reads the sheets in the scope's order names the sheets it reads.
    ordered = [query["sql"] for query in queries if "ORDER BY" in query["sql"]]
    assert ordered and all(" IN (" in sql or " = ANY(" in sql for sql in ordered)
    assert added.pk in patched.positions


def test_many_new_sheets_are_inserted_in_the_order_kept(monkeypatch):
    rng = random.Random(3)
    for title in ("Atelier", "Jardin", "Sortie"):
        ActionFactory(title=title)
    scope = Action.objects.published()
    kept = facet_store.index_for(scope, facet_sources())
    retitled = Action.objects.get(title="Jardin")
    retitled.title = "Zoo"
    retitled.save()
    facet_store.index_for(scope, facet_sources())  # the kept order is now patched too

    # More than moving rows one by one takes: an import's.
    words = ["Atelier", "Balade", "Jardin", "Potager", "Sortie", "Théâtre", "Zumba"]
    for number in range(reordering.FEW_MOVED + 6):
        ActionFactory(title=f"{rng.choice(words)} {number}")
    calls = []
    monkeypatch.setattr(
        facet_index, "reordered", lambda *args: calls.append(args) or reordering.reordered(*args)
    )
    patched = facet_store.index_for(scope, facet_sources())

    assert patched is kept and calls == []  # not the whole order through Python's loops
    assert described(patched) == described(fresh(scope))


def test_a_sheet_leaving_the_scope_leaves_no_trace():
    actions = ActionFactory.create_batch(3, keywords=[KeywordFactory()])
    scope = Action.objects.published()
    kept = facet_store.index_for(scope, facet_sources())

    Action.objects.filter(pk=actions[1].pk).update(publication_state=PublicationState.DRAFT)
    patched = facet_store.index_for(scope, facet_sources())

    assert patched is kept and patched.size == 2
    assert actions[1].pk not in patched.first_rows(patched.everything, 0, 10)
    assert described(patched) == described(fresh(scope))


def test_a_patch_reads_the_names_of_options_it_has_not_seen_only():
    keyword = KeywordFactory(name="Santé")
    action = ActionFactory(title="Jardin", keywords=[keyword])
    scope = Action.objects.published()
    facet_store.index_for(scope, facet_sources())
    action.summary = "Un jardin partagé"
    action.save()

    with CaptureQueriesContext(connection) as queries:
        facet_store.index_for(scope, facet_sources())
    newcomer = KeywordFactory(name="Jardinage")
    action.keywords.add(newcomer)
    with CaptureQueriesContext(connection) as later:
        patched = facet_store.index_for(scope, facet_sources())

    naming = ('"fiches_keyword"', '"centres_centre"', '"fiches_public"')
    assert not [q for q in queries.captured_queries if q["sql"].split(" WHERE")[0].endswith(naming)]
    assert [q for q in later.captured_queries if '"fiches_keyword"' in q["sql"].split(" WHERE")[0]]
    assert ("jardinage", "Jardinage", 1) in patched.counts("keyword", patched.everything)


def test_renamed_options_and_moved_centres_refile_their_sheets():
    centre = CentreFactory(departement="Yvelines")
    keyword = KeywordFactory(name="Santé")
    ActionFactory.create_batch(2, centre=centre, keywords=[keyword])
    scope = Action.objects.published()
    kept = facet_store.index_for(scope, facet_sources())

    Keyword.objects.filter(pk=keyword.pk).update(name="Santé publique")
    centre.departement = "Essonne"
    centre.save()
    patched = facet_store.index_for(scope, facet_sources())

    assert patched is kept
    assert [label for _, label, _ in patched.counts("keyword", patched.everything)] == [
        "Santé publique"
    ]
    assert [value for value, _, _ in patched.counts("departement", patched.everything)] == [
        "Essonne"
    ]


def test_a_remembered_search_is_patched_with_the_sheets_that_changed():
    ActionFactory(title="Jardin partagé", summary="Un potager")
    ActionFactory(title="Atelier couture", summary="Des machines")
    fs = filterset("q=potager")
    assert fs.result_count == 1

    target = Action.objects.get(title="Atelier couture")
    target.summary = "Un potager et des machines"
    target.save()
    refresh_derived(actions=[target])  # as every writer of sheets does

    assert filterset("q=potager").result_count == 2
    assert filterset("q=machines").result_count == 1


def edit_summary(action, summary: str) -> None:
    action.summary = summary
    action.save()
    refresh_derived(actions=[action])  # as every writer of sheets does


def test_a_remembered_search_after_an_edit_reads_the_documents_of_the_edited_sheet_only():
    ActionFactory(title="Jardin partagé", summary="Un potager")
    ActionFactory(title="Jardin des Oiseaux", summary="Un potager bio")
    other = ActionFactory(title="Atelier couture", summary="Des machines")
    assert filterset("q=potager").result_count == 2

    edit_summary(other, "Des machines à coudre")

    with CaptureQueriesContext(connection) as queries:
        assert filterset("q=potager").result_count == 2
    # Whether the words find a sheet is read in the remembered search, patched with the
    # edited sheet's document: no query about every sheet's.
    reading_documents = [query["sql"] for query in queries if "actionsearch" in query["sql"]]
    assert len(reading_documents) == 1, reading_documents


def test_a_search_whose_words_leave_every_sheet_turns_to_their_neighbours():
    found = ActionFactory(title="Atelier", summary="Atelier couture")
    neighbour = ActionFactory(title="Fête", summary="Une coutume du quartier")
    fs = filterset("q=couture")
    assert (fs.result_count, fs.approximate) == (1, False)

    edit_summary(found, "Atelier tricot")

    fs = filterset("q=couture")
    assert fs.approximate
    assert searched_keys(fs) == [neighbour.pk]


def test_a_search_of_neighbours_turns_to_the_words_typed_once_a_sheet_holds_them():
    neighbour = ActionFactory(title="Fête", summary="Une coutume du quartier")
    fs = filterset("q=couture")
    assert (searched_keys(fs), fs.approximate) == ([neighbour.pk], True)

    found = ActionFactory(title="Atelier", summary="Atelier couture")

    fs = filterset("q=couture")
    assert not fs.approximate
    assert searched_keys(fs) == [found.pk]


def searched_keys(fs) -> list:
    ranking, index = fs._narrowed, fs.facet_index
    return index.first_rows(ranking.rows, 0, 10_000, order=ranking.positions)


def searched(index, word: str) -> list:
    """The keys a search gives in the index, best first (remembered and patched)."""
    fs = filterset(f"q={word}")
    fs.__dict__["facet_index"] = index
    return searched_keys(fs)


def test_many_random_edits_keep_the_index_equal_to_a_fresh_one():
    rng = random.Random(7)
    words = ["jardin", "cuisine", "sport"]
    keywords = [KeywordFactory(name=f"Thème {number}") for number in range(4)]
    publics = [PublicFactory() for _ in range(3)]
    centres = [CentreFactory(departement=name) for name in ("Yvelines", "Essonne", "Oise")]
    for number in range(12):
        ActionFactory(
            title=f"Fiche {number:02d}",
            summary=" ".join(rng.sample(words, 2)),
            centre=rng.choice(centres),
            keywords=rng.sample(keywords, rng.randint(0, 2)),
        )
    scope = Action.objects.published()
    kept = facet_store.index_for(scope, facet_sources())
    for word in words:
        searched(kept, word)  # remembered, then patched at each step

    for step in range(25):
        action = rng.choice(list(Action.objects.all()))
        match rng.randrange(9):
            case 0:
                ActionFactory(title=f"Nouvelle {step}", centre=rng.choice(centres))
            case 1:
                action.title = f"Autre titre {step}"
                action.save()
            case 2:
                action.keywords.set(rng.sample(keywords, rng.randint(0, 3)))
            case 3:
                action.publics.add(rng.choice(publics))
            case 4:
                state = rng.choice([PublicationState.DRAFT, PublicationState.PUBLISHED])
                Action.objects.filter(pk=action.pk).update(publication_state=state)
            case 5:
                action.delete()
            case 6:
                action.summary = " ".join(rng.sample(words, rng.randint(0, 3)))
                action.save()
            case 7:
                keyword = rng.choice(keywords)
                Keyword.objects.filter(pk=keyword.pk).update(name=f"Thème {step}")
            case 8:
                centre = rng.choice(centres)
                centre.departement = rng.choice(["Yvelines", "Essonne", "Oise", "Aisne"])
                centre.save()
        patched = facet_store.index_for(scope, facet_sources())
        assert patched is kept, step
        assert described(patched) == described(fresh(scope)), step
        rebuilt = fresh(scope)
        for word in words:
            assert searched(patched, word) == searched(rebuilt, word), (step, word)


def test_changes_are_read_once_between_two_states():
    before = catalogue_state()
    action = ActionFactory()
    after = catalogue_state()

    changes = changes_between(before, after)
    assert action.pk in changes.of("fiches_action")
    assert not changes_between(after, catalogue_state())


def test_the_changes_name_each_table_s_rows_and_the_tables_emptied_whole():
    kept = ActionFactory(publics=[PublicFactory()])
    before = catalogue_state()
    first, second = ActionFactory(), ActionFactory()
    first.keywords.add(KeywordFactory())
    if connection.vendor == "postgresql":  # SQLite has no TRUNCATE
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE fiches_action_publics")

    changes = changes_between(before, catalogue_state())

    assert changes.of("fiches_action") == {first.pk, second.pk}
    assert changes.of("fiches_action_keywords") == {first.pk}
    assert kept.pk not in changes.of("fiches_action")
    if connection.vendor == "postgresql":
        assert changes.emptied == {"fiches_action_publics"}
        assert not changes.of("fiches_action_publics")
    else:
        assert not changes.emptied


def test_the_changes_between_two_states_are_read_from_the_log_once(
    django_assert_num_queries, django_assert_max_num_queries
):
    before = catalogue_state()
    action = ActionFactory()
    after = catalogue_state()

    with django_assert_max_num_queries(2):  # the log, and its pruning once in a while
        first = changes_between(before, after)
    with django_assert_num_queries(0):
        again = changes_between(before, after)

    assert again == first and action.pk in again.of("fiches_action")


def test_pruning_the_log_forgets_old_changes_only():
    ActionFactory()
    assert prune_changes() == 0
    from datetime import timedelta

    assert prune_changes(older_than=timedelta(0)) > 0
