"""What a sheet's search document holds, and the documents and lexicon as they are written
(``fiches.search.documents``); ``tests/fiches/test_derived.py`` shows who keeps them current."""

import os
from io import StringIO

import pytest
from django.contrib.postgres.search import SearchVector
from django.core.management import call_command
from django.db import connection
from django.db.models import Value

from fiches import search
from fiches.derived import refresh_derived
from fiches.models import Action, ActionSearch, SearchWord
from fiches.search import backends
from fiches.search.backends import FTS_CONFIG
from fiches.search.documents import search_documents
from fiches.search.lexicon import APPROXIMATE_MIN_LENGTH
from fiches.search.models import WEIGHTS
from tests.fiches.factories import ActionFactory, KeywordFactory, PublicFactory

from . import on_postgres, titles

pytestmark = pytest.mark.django_db


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


@on_postgres
def test_vectors_computed_on_a_second_connection_are_the_sheets_weighted_vectors(
    monkeypatch, action_dump_path
):
    # From two documents on, vectors are computed by another connection (by a process that
    # does not yield the processor to others): all those of the sheets an import creates,
    # while it writes them; half those of the documents refreshed.
    monkeypatch.setattr(backends, "VECTORS_ELSEWHERE_FROM", 2)
    monkeypatch.setattr(backends, "_yields_the_processor", lambda: False)
    elsewhere = []
    compute = backends.FullTextSearch.vectors_elsewhere
    monkeypatch.setattr(
        backends.FullTextSearch,
        "vectors_elsewhere",
        lambda self, weighted, wrapper: (
            elsewhere.extend(compute(self, weighted, wrapper)) or elsewhere[-len(weighted) :]
        ),
    )

    call_command("import_sheets", str(action_dump_path), stdout=StringIO())

    count = Action.objects.count()
    assert len(elsewhere) == count > 0
    assert_vectors_are_the_sheets_weighted_vectors()

    elsewhere.clear()
    ActionSearch.objects.update(vector=None)
    assert search.refresh_search_fields(Action.objects.all()) == count
    assert len(elsewhere) == count - count // 2
    assert_vectors_are_the_sheets_weighted_vectors()


def assert_vectors_are_the_sheets_weighted_vectors():
    for action in Action.objects.select_related("centre"):
        documents = search_documents(action)
        weighted = [
            SearchVector(Value(documents[weight]), weight=weight, config=FTS_CONFIG)
            for weight in WEIGHTS
        ]
        document = ActionSearch.objects.annotate(
            expected=weighted[0] + weighted[1] + weighted[2] + weighted[3]
        ).get(action=action)
        assert document.vector == document.expected, action.title


@on_postgres
def test_a_process_that_yields_the_processor_keeps_to_one_connection(monkeypatch, action_dump_path):
    monkeypatch.setattr(backends, "VECTORS_ELSEWHERE_FROM", 2)
    elsewhere = []
    monkeypatch.setattr(
        backends.FullTextSearch, "vectors_elsewhere", lambda *args: elsewhere.append(args)
    )
    monkeypatch.setattr(os, "getpriority", lambda which, who: 19)  # ``nice -n 19``

    call_command("import_sheets", "--nice=0", str(action_dump_path), stdout=StringIO())

    assert elsewhere == []
    assert_vectors_are_the_sheets_weighted_vectors()


@on_postgres
def test_without_a_second_connection_the_writer_s_computes_every_vector(
    monkeypatch, action_dump_path
):
    monkeypatch.setattr(backends, "VECTORS_ELSEWHERE_FROM", 2)
    monkeypatch.setattr(backends, "_yields_the_processor", lambda: False)

    def refused(**params):
        raise connection.Database.OperationalError("too many clients already")

    monkeypatch.setattr(connection.Database, "connect", refused)

    call_command("import_sheets", str(action_dump_path), stdout=StringIO())

    assert not ActionSearch.objects.filter(vector=None).exists()
    assert titles(Action.objects.search("poulailler")) == {"Création d'un poulailler"}


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


def test_the_lexicon_holds_the_words_of_every_document():
    action = ActionFactory(title="Jardin partagé", summary="")

    action.title = "Potager collectif"
    action.save()
    refresh_derived(actions=[action])  # as every writer of sheets does

    lexicon = set(SearchWord.objects.values_list("word", flat=True))
    assert {"jardin", "partage", "potager", "collectif"} <= lexicon
    assert not {word for word in lexicon if len(word) < APPROXIMATE_MIN_LENGTH}


def test_a_vocabulary_s_entries_are_in_the_order_of_their_keys_whatever_the_database_s_order():
    # SQLite and a byte-ordered collation put "Écologie" after "Zèbre": a document computed
    # from a file's entries, in memory, would then differ from the one read back.
    names = ("Zèbre", "atelier", "Écologie")
    action = ActionFactory(keywords=[KeywordFactory(name=name) for name in names])
    assert search.refresh_search_fields([action.pk]) == 1

    documents = search_documents(Action.objects.select_related("centre").get(pk=action.pk))
    assert "atelier\nÉcologie\nZèbre" in documents["B"]
    text = ActionSearch.objects.get(action=action).text
    assert text.index(" atelier ") < text.index(" ecologie ") < text.index(" zebre ")
