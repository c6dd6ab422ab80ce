"""A page reads the catalogue's state once; a request that may write reads it anew."""

import pytest
from django.db import connection, connections
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from core.changes import catalogue_state, request_state
from core.middleware import OneCatalogueStateMiddleware
from core.versioning import version_table
from tests.fiches.factories import ActionFactory

pytestmark = pytest.mark.django_db


def _readings_of_the_token(queries) -> int:
    return sum(version_table() in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("path", ["/", "/actions/", "/actions/?q=jardin"])
def test_a_page_reads_the_catalogues_state_once(path):
    # An all-capitals title: its accents come from the catalogue's spellings, kept per
    # version, which would otherwise read the version again.
    ActionFactory(title="JARDIN PARTAGE DE PROXIMITE", summary="Un jardin de proximité.")
    client = Client()
    client.get(path)  # what is read once per process (content types, templates)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)

    assert response.status_code == 200
    assert _readings_of_the_token(queries) == 1


def _states_seen_around_a_write(method: str):
    seen = []

    def view(request):
        seen.append(request_state())
        ActionFactory()  # a write, between two readings
        seen.append(request_state())
        return HttpResponse()

    request = getattr(RequestFactory(), method)("/")
    OneCatalogueStateMiddleware(view)(request)
    return seen


def test_a_get_shows_one_state_throughout():
    before, after = _states_seen_around_a_write("get")
    assert after == before


def test_a_post_sees_its_own_writes():
    before, after = _states_seen_around_a_write("post")
    assert after.token != before.token


def test_outside_a_request_each_reading_reads_anew():
    before = request_state()
    ActionFactory()
    assert request_state().token != before.token


@pytest.fixture
def health_checks():
    """Connections checked before a request uses them again (CONN_HEALTH_CHECKS), as in
    production."""
    enabled = connection.health_check_enabled
    connection.ensure_connection()
    connection.health_check_enabled, connection.health_check_done = True, False
    yield
    connection.health_check_enabled = enabled


def test_the_state_read_is_the_connections_health_check(health_checks):
    with CaptureQueriesContext(connection) as queries:
        state = catalogue_state()

    assert state.token is not None
    assert len(queries.captured_queries) == 1  # no ``SELECT 1`` before it
    assert connection.health_check_done


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="an in-memory SQLite database dies with it"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_the_server_closed_is_opened_anew_for_the_state(health_checks):
    token = catalogue_state().token
    connection.health_check_done = False  # the next request
    with connection.cursor() as cursor:  # the server ends this session
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    other = connections.create_connection("default")
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    connection.health_check_done = False

    assert catalogue_state().token == token
