"""The catalogue's spellings follow its words without making a visitor wait after an edit."""

import re
import threading
import time
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.versioning import install_version_triggers
from fiches import spellings
from tests.fiches.factories import ActionFactory


@pytest.fixture
def spellings_in_the_background(settings):
    settings.CATALOGUE_SPELLINGS_REFRESH_SECONDS = 0
    install_version_triggers()  # the version's row, which an earlier test's flush removed
    spellings._kept.clear()
    cache.clear()
    yield
    spellings._kept.clear()
    cache.clear()


def _wait_for(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_is_spelt_in_the_background_while_the_kept_spellings_serve(
    spellings_in_the_background,
):
    ActionFactory(title="Animation de proximité")
    assert spellings.catalogue_spellings()["proximite"] == "proximité"

    ActionFactory(title="Fête de quartier")
    with CaptureQueriesContext(connection) as queries:
        served = spellings.catalogue_spellings()

    # The kept spellings, at once: only the catalogue's state was read.
    assert "fete" not in served and served["proximite"] == "proximité"
    assert len(queries.captured_queries) == 1
    assert _wait_for(lambda: "fete" in spellings.catalogue_spellings())
    assert spellings.catalogue_spellings()["fete"] == "fête"


@pytest.mark.django_db
def test_without_a_refresh_delay_an_edit_is_spelt_at_once(settings):
    settings.CATALOGUE_SPELLINGS_REFRESH_SECONDS = None
    ActionFactory(title="Animation de proximité")
    assert spellings.catalogue_spellings()["proximite"] == "proximité"
    ActionFactory(title="Fête de quartier")
    assert spellings.catalogue_spellings()["fete"] == "fête"


@pytest.mark.django_db
def test_the_database_counts_the_same_spellings_as_reading_every_text():
    # On PostgreSQL the runs of letters holding accents are cut out and counted by the
    # database; what it gives must be what reading each title and summary here gives.
    from fiches.models import Action, Initiator, Keyword, PartnerType, Public
    from parsing.typography import accented_spellings

    ActionFactory(title="FÊTE DE L'ÉTÉ — Noël", summary="«Été» en fête, ça œuvre ; Fêtes 2024")
    ActionFactory(title="Fete d'été", summary="Rôle-clé des fêtes à Noël")
    ActionFactory(title="Röle", summary="Le rôle, le röle, l'œuvre")

    texts = [
        name
        for vocabulary in (Keyword, Public, PartnerType, Initiator)
        for name in vocabulary.objects.values_list("name", flat=True)
    ]
    texts += [text for row in Action.objects.values_list("title", "summary") for text in row]
    assert spellings.count_spellings() == accented_spellings(texts)


@pytest.fixture
def counts(monkeypatch):
    """The counts this process makes, by database."""
    made = []
    count = spellings.count_spellings

    def counting(using="default"):
        made.append(using)
        return count(using)

    monkeypatch.setattr(spellings, "count_spellings", counting)
    return made


@pytest.fixture
def shared_counts(settings, counts):
    """Spellings refreshed at most every minute, and shared through the cache by the
    processes; the counts this one makes."""
    settings.CATALOGUE_SPELLINGS_REFRESH_SECONDS = 60
    cache.clear()
    spellings._kept.clear()
    yield counts
    cache.clear()
    spellings._kept.clear()


@pytest.mark.django_db
def test_a_process_takes_the_spellings_another_one_counted(shared_counts):
    ActionFactory(title="Fête de quartier")
    assert spellings.catalogue_spellings()["fete"] == "fête"
    assert shared_counts == ["default"]

    spellings._kept.clear()  # another process, started later, sharing the cache
    assert spellings.catalogue_spellings()["fete"] == "fête"
    assert shared_counts == ["default"]  # not counted again


@pytest.mark.django_db
def test_a_process_waits_for_the_count_another_one_is_making(shared_counts):
    ActionFactory(title="Fête de quartier")
    cache.add("catalogue-spellings:default:counting", True, 30)  # another process counting

    def the_other_process_is_done():
        time.sleep(0.5)
        shared = spellings._SharedSpellings({"fete": "fête"}, None, time.time())
        cache.set("catalogue-spellings:default", shared)

    threading.Thread(target=the_other_process_is_done).start()
    assert spellings.catalogue_spellings() == {"fete": "fête"}
    assert shared_counts == []


@pytest.mark.django_db
def test_shared_spellings_too_old_for_the_catalogue_are_counted_again(shared_counts):
    stale = spellings._SharedSpellings({"fete": "fète"}, -1, time.time() - 61)
    cache.set("catalogue-spellings:default", stale)
    ActionFactory(title="Fête de quartier")

    assert spellings.catalogue_spellings()["fete"] == "fête"
    assert shared_counts == ["default"]
    assert cache.get("catalogue-spellings:default").spellings["fete"] == "fête"


def _runs_in_every_text() -> Counter:
    """The runs of accented letters of every sheet's title and summary, cut out here."""
    from fiches.models import Action
    from parsing.typography import ACCENTED_RUN_PATTERN

    return Counter(
        run
        for title, summary in Action._base_manager.values_list("title", "summary")
        for run in re.findall(ACCENTED_RUN_PATTERN, f"{title} {summary}")
    )


def _kept_runs() -> Counter:
    from fiches.models import AccentedRunCount

    return Counter(dict(AccentedRunCount.objects.values_list("run", "times")))


on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's catalogue is counted whole"
)


@on_postgres
@pytest.mark.django_db
def test_the_database_keeps_the_counts_through_every_kind_of_write():
    from fiches.models import AccentedRunCount, Action

    first = ActionFactory(title="Fête de l'été", summary="Les fêtes, l'été, à Noël")
    second = ActionFactory(title="Café des parents", summary="Un café ; des rôles")
    centre = first.centre
    Action.objects.bulk_create(  # one statement, several rows
        [
            ActionFactory.build(centre=centre, title="Été solidaire", summary="Fête", slug="ete"),
            ActionFactory.build(centre=centre, title="Sans accent", summary="Rien", slug="sans"),
        ]
    )
    assert _kept_runs() == _runs_in_every_text()
    assert _kept_runs()["Fête"] == 2

    first.summary = "Plus de fête, un goûter"  # saved through the model
    first.save()
    Action.objects.filter(pk=second.pk).update(title="Goûter des parents")  # a queryset
    Action.objects.update(status=first.status)  # every row, neither title nor summary
    assert _kept_runs() == _runs_in_every_text()

    Action.objects.filter(title="Été solidaire").delete()
    assert _kept_runs() == _runs_in_every_text()
    # A run no text holds any more goes, rather than stay counted nought times.
    assert not AccentedRunCount.objects.filter(times__lte=0).exists()
    assert "Noël" not in _kept_runs()


@on_postgres
@pytest.mark.django_db
def test_a_migration_counts_every_sheet_again():
    from fiches.models import AccentedRunCount

    ActionFactory(title="Fête de quartier", summary="Un goûter à l'école")
    AccentedRunCount.objects.all().delete()  # as a table restored apart from the sheets
    AccentedRunCount.objects.create(run="Fausse", times=3)
    spellings.install_spelling_counts()
    assert _kept_runs() == _runs_in_every_text()
