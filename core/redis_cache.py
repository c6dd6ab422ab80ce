"""Django's Redis cache backend, its Redis client made once rather than for every call.

``django.core.cache.backends.redis`` makes a ``redis.Redis`` for each get and set: its table
of commands copied each time, some 90 µs, as long as a small GET takes on the same machine.
A page served from the cache, and a page after an edit (four calls), paid it on every call.
A client serves every thread at once: it takes a connection from its pool for each command.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class KeptRedisCacheClient(RedisCacheClient):
    """Django's client of the cache, with one ``redis.Redis`` per connection pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            # Two threads may both make one: either serves, the last one is kept.
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptRedisCacheClient
