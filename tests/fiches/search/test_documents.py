"""What a sheet's search document holds, and the documents and lexicon kept current by every
path that changes a sheet (``fiches.search.documents``)."""

from io import StringIO

import pytest
from django.contrib.postgres.search import SearchVector
from django.core.management import call_command
from django.db import connection
from django.db.models import Value

from core.publication import PublicationState
from fiches import search
from fiches.models import Action, ActionSearch, SearchWord
from fiches.search.backends import FTS_CONFIG
from fiches.search.documents import search_documents
from fiches.search.lexicon import APPROXIMATE_MIN_LENGTH
from fiches.search.models import WEIGHTS
from fiches.signals import deferred_derived_fields
from tests.centres.factories import CentreFactory
from tests.fiches.factories import ActionFactory, KeywordFactory, PublicFactory

from . import on_postgres, titles

pytestmark = pytest.mark.django_db


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


def test_a_queryset_or_primary_keys_name_the_sheets_to_refresh():
    first, second = ActionFactory(title="Atelier couture"), ActionFactory(title="Potager")
    Action.objects.filter(pk=first.pk).update(title="Atelier tricot")
    Action.objects.filter(pk=second.pk).update(title="Jardin")

    assert search.refresh_search_fields(Action.objects.filter(pk=first.pk)) == 1
    assert Action.objects.search("tricot").get() == first
    assert Action.objects.search("potager").get() == second  # not refreshed yet

    assert search.refresh_search_fields([second.pk]) == 1
    assert Action.objects.search("jardin").get() == second


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
    documents = search_documents(Action.objects.select_related("centre").get(pk=action.pk))
    weighted = [
        SearchVector(Value(documents[weight]), weight=weight, config=FTS_CONFIG)
        for weight in WEIGHTS
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


def test_the_lexicon_holds_the_words_of_every_document():
    action = ActionFactory(title="Jardin partagé", summary="")

    action.title = "Potager collectif"
    action.save()

    lexicon = set(SearchWord.objects.values_list("word", flat=True))
    assert {"jardin", "partage", "potager", "collectif"} <= lexicon
    assert not {word for word in lexicon if len(word) < APPROXIMATE_MIN_LENGTH}
