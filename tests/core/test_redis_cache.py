"""The shared cache's Redis backend (``core.redis_cache``): Django's, its client made once."""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches

from tests.caches import REDIS, cache_backends, cache_config

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
KEYS = 40
REDIS_PARAM = next(param for param in cache_backends(REDIS_URL) if param.values == (REDIS,))


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {**settings.CACHES, "shared": cache_config(REDIS, REDIS_URL)}
    cache = caches["shared"]
    yield cache
    cache.delete_many([f"clé-{number}" for number in range(KEYS)])


@pytest.mark.parametrize("backend", [REDIS_PARAM])
def test_one_client_serves_every_call_and_every_thread(redis_cache, backend):
    client = redis_cache._cache.get_client()

    def round_trip(number: int):
        redis_cache.set(f"clé-{number}", {"valeur": number})
        return redis_cache.get(f"clé-{number}")

    with ThreadPoolExecutor(max_workers=4) as threads:
        answers = list(threads.map(round_trip, range(KEYS)))

    assert answers == [{"valeur": number} for number in range(KEYS)]
    assert redis_cache._cache.get_client(write=True) is client
    assert redis_cache.get_many(["clé-1", "clé-2"]) == {
        "clé-1": {"valeur": 1},
        "clé-2": {"valeur": 2},
    }
