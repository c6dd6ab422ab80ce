"""The catalogue's spellings follow its words without making a visitor wait after an edit."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.versioning import install_version_triggers
from fiches import display
from tests.fiches.factories import ActionFactory


@pytest.fixture
def spellings_in_the_background(settings):
    settings.CATALOGUE_SPELLINGS_REFRESH_SECONDS = 0
    install_version_triggers()  # the version's row, which an earlier test's flush removed
    display._kept.clear()
    yield
    display._kept.clear()


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
    assert display.catalogue_spellings()["proximite"] == "proximité"

    ActionFactory(title="Fête de quartier")
    with CaptureQueriesContext(connection) as queries:
        served = display.catalogue_spellings()

    # The kept spellings, at once: only the catalogue's state was read.
    assert "fete" not in served and served["proximite"] == "proximité"
    assert len(queries.captured_queries) == 1
    assert _wait_for(lambda: "fete" in display.catalogue_spellings())
    assert display.catalogue_spellings()["fete"] == "fête"


@pytest.mark.django_db
def test_without_a_refresh_delay_an_edit_is_spelt_at_once(settings):
    settings.CATALOGUE_SPELLINGS_REFRESH_SECONDS = None
    ActionFactory(title="Animation de proximité")
    assert display.catalogue_spellings()["proximite"] == "proximité"
    ActionFactory(title="Fête de quartier")
    assert display.catalogue_spellings()["fete"] == "fête"


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
    assert display._read_spellings("default") == accented_spellings(texts)
