"""The API's anonymous rate limit: counted per client address in the shared cache (the
process's memory, and the machine's Redis as production runs it), 429 with Retry-After."""

import os

import pytest
from django.test import Client
from django.urls import reverse

from tests.caches import cache_backends, cache_config
from tests.fiches.factories import ActionFactory

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("API_TEST_REDIS_URL", "redis://127.0.0.1:6379/4")
LIST_URL = reverse("api:list_actions")


@pytest.fixture(params=cache_backends(REDIS_URL))
def limited(request, settings):
    """Three requests a minute, counted in this backend under keys of their own."""
    settings.CACHES = {"default": cache_config(request.param, REDIS_URL)}
    settings.API_RATE_LIMIT = 3
    settings.API_RATE_LIMIT_SECONDS = 60
    ActionFactory()
    return settings


def test_the_request_past_the_limit_is_a_429_that_says_when_to_retry(limited):
    client = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(3):
        assert client.get(LIST_URL).status_code == 200
    refused = client.get(reverse("api:vocabularies"))
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"]
    # Another address has its own count.
    assert Client(REMOTE_ADDR="192.0.2.2").get(LIST_URL).status_code == 200


def test_every_process_counts_the_same_requests(limited):
    """Two clients, each with its own handler and middleware, like two workers."""
    for _ in range(2):
        assert Client(REMOTE_ADDR="192.0.2.1").get(LIST_URL).status_code == 200
    assert Client(REMOTE_ADDR="192.0.2.1").get(LIST_URL).status_code == 200
    assert Client(REMOTE_ADDR="192.0.2.1").get(LIST_URL).status_code == 429


def test_behind_a_proxy_the_forwarded_address_is_counted(limited):
    limited.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(3):
        Client(**proxy).get(LIST_URL, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert Client(**proxy).get(LIST_URL, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert Client(**proxy).get(LIST_URL, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 200


def test_signed_in_staff_are_not_limited(limited, coordinator):
    client = Client(REMOTE_ADDR="192.0.2.1")
    client.force_login(coordinator)
    assert all(client.get(LIST_URL).status_code == 200 for _ in range(5))


def test_the_page_cache_never_answers_for_the_api(limited):
    """A kept answer would skip the count (and give one client's count to another)."""
    limited.CACHES = {
        **limited.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"},
    }
    limited.PAGE_CACHE_ALIAS = "pages"
    client = Client(REMOTE_ADDR="192.0.2.1")
    statuses = [client.get(LIST_URL).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_limit_of_zero_is_no_limit(limited):
    limited.API_RATE_LIMIT = 0
    client = Client(REMOTE_ADDR="192.0.2.1")
    assert all(client.get(LIST_URL).status_code == 200 for _ in range(5))
