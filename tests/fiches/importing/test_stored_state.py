"""What an import stores, row by row, checked against what the ORM and the library compute for
each stored sheet: its fields and vocabularies as the file gives them, its history record as
django-simple-history writes one, its search document, the lexicon, and the change log that
names every row written. The seed files and a small synthetic dump, on both databases, so
that a faster way of writing the same rows cannot store anything else."""

import pytest
from django.db import connection
from django.forms.models import model_to_dict

from centres.models import Centre
from core.history import change_reason
from core.models import CatalogueChange
from fiches.importing import import_paths, import_text
from fiches.importing.actions import action_fingerprint, stored_action_values
from fiches.models import ACTION_HISTORY, VOCABULARY_FIELDS, Action
from fiches.models.figures import FIGURE_FIELDS
from fiches.search.backends import FTS_CONFIG
from fiches.search.documents import build_search_text, search_documents
from fiches.search.lexicon import lexicon_words
from fiches.search.models import WEIGHTS, ActionSearch, SearchWord
from tests.bench.synthetic import write_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def centres_before(db) -> set[int]:
    return set(Centre.objects.values_list("pk", flat=True))


@pytest.fixture
def imported(centres_before, tmp_path, action_dump_path, project_sheet_path):
    """The seeds, a synthetic dump of two files, and a newer version of one seed sheet."""
    synthetic = write_catalogue(tmp_path, actions=90, centres=7, first_file=40, per_file=50)
    reports = import_paths(paths=[action_dump_path, project_sheet_path, *synthetic])
    assert all(report.ok for report in reports), [report.error for report in reports]
    text = action_dump_path.read_text(encoding="utf-8")
    newer = text.replace("\n2 000 €\n", "\n2 500 €\n")
    assert newer != text
    report = import_text(text=newer, source="dump-2.txt")
    assert (report.updated, report.conflicts) == (1, []), report.error
    return Action.objects.select_related("centre").prefetch_related(*VOCABULARY_FIELDS)


def test_every_sheet_stores_what_its_file_says(imported):
    actions = list(imported)
    assert len(actions) == 22 + 90
    assert len({action.slug for action in actions}) == len(actions)
    for action in actions:
        assert action.import_fingerprint == action_fingerprint(stored_action_values(action))
        assert action.sort_key == Action.sort_key_of(action.title)
        assert action.completeness == action.compute_completeness(), action.title
        figures = {name: getattr(action, name) for name in FIGURE_FIELDS}
        action.refresh_figures()
        assert figures == {name: getattr(action, name) for name in FIGURE_FIELDS}
        assert action.imported_at is not None and action.source_line


def _history_values(record) -> dict:
    values = model_to_dict(record, exclude=["history_id", "history_date"])
    values["links"] = {
        name: sorted(getattr(record, name).values_list(_entry_column(name), flat=True))
        for name in VOCABULARY_FIELDS
    }
    return values


def _entry_column(name: str) -> str:
    return Action._meta.get_field(name).m2m_reverse_name()


def test_every_sheet_has_the_history_records_the_library_would_write(imported):
    changed = Action.objects.get(source_file="dump-2.txt")
    assert list(changed.history.order_by("history_id").values_list("history_type", flat=True)) == [
        "+",
        "~",
    ]
    for action in imported:
        records = list(action.history.order_by("history_date", "history_id"))
        assert [record.history_type for record in records] == (
            ["+", "~"] if action == changed else ["+"]
        )
        latest = records[-1]
        assert latest.history_change_reason == f"Import {action.source_file}"
        # What django-simple-history writes for the sheet as stored, for comparison.
        with change_reason(latest.history_change_reason):
            ACTION_HISTORY.create_historical_record(action, latest.history_type)
        written = action.history.order_by("-history_id").first()
        assert _history_values(latest) == _history_values(written), action.title


def test_every_sheet_has_its_search_document_and_the_lexicon_its_words(imported):
    documents = {document.action_id: document for document in ActionSearch.objects.all()}
    actions = list(imported)
    assert set(documents) == {action.pk for action in actions}
    for action in actions:
        assert documents[action.pk].text == build_search_text(search_documents(action))
    texts = [document.text for document in documents.values()]
    assert set(SearchWord.objects.values_list("word", flat=True)) == lexicon_words(texts)
    if connection.vendor == "postgresql":
        _assert_vectors_are_the_weighted_documents(actions)


def _assert_vectors_are_the_weighted_documents(actions) -> None:
    # The vector as ``SearchVector(…, weight=…, config=…)`` would compute it, one by one.
    vector = " || ".join(
        f"setweight(to_tsvector(%s::regconfig, %s), '{weight}')" for weight in WEIGHTS
    )
    with connection.cursor() as cursor:
        for action in actions:
            weighted = search_documents(action)
            params = [value for weight in WEIGHTS for value in (FTS_CONFIG, weighted[weight])]
            cursor.execute(
                f"SELECT ({vector})::text = vector::text FROM {ActionSearch._meta.db_table} "
                "WHERE action_id = %s",
                [*params, action.pk],
            )
            assert cursor.fetchone() == (True,), action.title


def test_the_change_log_names_every_row_written(centres_before, imported):
    logged: dict[str, set] = {}
    for table, row in CatalogueChange.objects.values_list("table", "row"):
        logged.setdefault(table, set()).add(row)
    actions = list(imported)
    assert {action.pk for action in actions} <= logged[Action._meta.db_table]
    # The centres the files add (one comes from a migration).
    centres = Centre.objects.exclude(pk__in=centres_before)
    assert centres.count() > 7
    assert set(centres.values_list("pk", flat=True)) <= logged[Centre._meta.db_table]
    for name in VOCABULARY_FIELDS:
        field = Action._meta.get_field(name)
        through = field.remote_field.through
        linked = set(through.objects.values_list(field.m2m_column_name(), flat=True))
        assert linked and linked <= logged[through._meta.db_table], name
        entries = set(field.related_model.objects.values_list("pk", flat=True))
        assert entries <= logged[field.related_model._meta.db_table], name
    assert {action.pk for action in actions} <= logged[ActionSearch._meta.db_table]
    words = set(SearchWord.objects.values_list("pk", flat=True))
    assert words <= logged[SearchWord._meta.db_table]
