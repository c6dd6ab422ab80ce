"""The backends the shared-cache tests run against: the process's memory, and the machine's
Redis (the shared cache of production), which CI requires (``REDIS_REQUIRED``)."""

import os
import uuid

import pytest

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
REDIS = "core.redis_cache.RedisCache"


def redis_answers(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


def cache_backends(redis_url: str) -> list:
    """Both backends as test parameters; Redis skipped when it does not answer, unless
    required."""
    marks = []
    if not redis_answers(redis_url) and not os.environ.get("REDIS_REQUIRED"):
        marks.append(pytest.mark.skip(reason=f"Redis ne répond pas sur {redis_url}"))
    return [pytest.param(LOCMEM, id="memoire"), pytest.param(REDIS, id="redis", marks=marks)]


def cache_config(backend: str, redis_url: str) -> dict:
    """A cache of ``backend`` whose keys are this test's own."""
    return {
        "BACKEND": backend,
        "LOCATION": redis_url if backend == REDIS else f"test-{uuid.uuid4()}",
        "KEY_PREFIX": f"test-{uuid.uuid4()}",
    }
