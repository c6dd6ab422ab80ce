"""The API fuzzed against its own OpenAPI document (schemathesis): whatever the parameters the
document allows, and some it does not, no answer is a server error and every answer is
documented and matches its schema. On the seed catalogue, so that lists have pages, on
SQLite and on PostgreSQL alike.

Bounded: a few dozen examples per operation, without Hypothesis's example database."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode, checks

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 30
NOT_CHECKED = [
    # A cursor is valid only as this API gave it, which no schema can say: an invented one
    # is rightly refused (400), though of the documented type.
    checks.positive_data_acceptance,
    # In a query string every value is text: a list of texts "of the wrong type" arrives as
    # a list of texts, which the filters rightly take (as the public list's do).
    checks.negative_data_rejection,
]


@pytest.fixture
def api_schema(seeded, settings):
    settings.API_RATE_LIMIT = 0  # the limit has tests of its own; here it would stop the run
    # As Django's test client does: the test's transaction holds the connection, which the
    # end of a request must not close.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def operations(schema):
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) >= 7
    return found


def has_parameters(operation) -> bool:
    """Whether it takes parameters that can be invalid: a path's text is always text."""
    return bool(len(operation.query))


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_answer_is_documented_and_matches_its_schema(api_schema, mode):
    for operation in operations(api_schema):
        if mode == GenerationMode.NEGATIVE and not has_parameters(operation):
            continue  # nothing of it can be made invalid

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(excluded_checks=NOT_CHECKED)

        check()
