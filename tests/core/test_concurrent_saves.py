"""Two saves of the same record at the same time (core.concurrency): the second waits for the
first, then is refused with what changed."""

import threading
import time

import pytest
from django.db import connection, transaction

from fiches.models import Action
from tests.admin_forms import admin_url, changeform_data
from tests.core.edit_conflicts import differences
from tests.fiches.factories import (
    ActionFactory,
)

pytestmark = pytest.mark.django_db

REFUSAL = "Quelqu&#x27;un d&#x27;autre a enregistré des modifications de"


# --- Two saves at the same time ------------------------------------------------------------


def wait_for_a_query_waiting_for_a_lock(timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer at a time, no row locks"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_during_another_waits_for_it_then_is_refused(second):
    action = ActionFactory(title="Atelier")
    url = admin_url(action, "change")
    data = changeform_data(second.get(url), title="Version de la seconde")
    locked, waited = threading.Event(), []

    def first_save():
        try:
            with transaction.atomic():
                Action.objects.select_for_update().get(pk=action.pk)
                locked.set()
                waited.append(wait_for_a_query_waiting_for_a_lock())
                Action.objects.filter(pk=action.pk).update(title="Version de la première")
        finally:
            connection.close()

    saving = threading.Thread(target=first_save)
    saving.start()
    assert locked.wait(10)
    refused = second.post(url, data)
    saving.join()

    assert waited == [True]
    assert refused.status_code == 200
    assert differences(refused) == [
        ("Titre", "Atelier", "Version de la première", "Version de la seconde")
    ]
    action.refresh_from_db()
    assert action.title == "Version de la première"
