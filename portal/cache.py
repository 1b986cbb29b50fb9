"""Django's Redis cache, with one Redis client per connection pool instead of one per call.

``django.core.cache.backends.redis.RedisCacheClient.get_client`` builds a new ``redis.Redis`` for
every cache call, and redis-py's constructor sets up its table of response callbacks each time:
about 0.17 ms of CPU per call with redis-py 8.1 (a GET on a local Redis takes 0.11 ms; first measured
with ``bench/pages.py --profile``: a signed-in page makes 3–5 cache calls). A ``redis.Redis`` is safe
to share between threads (its pool hands each command a connection), so one per pool is enough.

Only Django's public surface is used: the client class's constructor and its ``get_client(key, write=)``
method (which Django's comment names as the hook for custom clients), and ``redis.Redis.connection_pool``;
the pools stay Django's (configured by the documented ``OPTIONS``: ``pool_class``, ``parser_class``,
connection keyword arguments). The one hook with no public name is the backend's client class
(``RedisCache._class``, set in its ``__init__`` as Django's memcached backends do). Everything else is
Django's backend, unchanged.

:class:`DegradingRedisCache` (the one the settings use) adds: a Redis outage is a cache miss, not a
500 (see its docstring).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

#: What "Redis cannot be reached" raises (``BusyLoadingError``, a Redis loading its data, is a subclass).
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


class RedisCacheClient(DjangoRedisCacheClient):
    """Django's client, handing out one ``redis.Redis`` per connection pool.

    Writes go to the first server, reads to one of the others when there are several (Django's rule);
    with several replicas each thread keeps reading from the one it was first given rather than a new
    random one per call, which spreads the load as well over many threads.
    """

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._shared_clients = {}  # write flag -> the client of the pool Django chose for it

    def get_client(self, key=None, *, write=False):
        client = self._shared_clients.get(write)
        if client is None:
            fresh = super().get_client(key, write=write)
            # One server: reads and writes share Django's pool, so they share a client too.
            shared = next(
                (known for known in self._shared_clients.values() if known.connection_pool is fresh.connection_pool),
                fresh,
            )
            client = self._shared_clients[write] = shared
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


class DegradingRedisCache(RedisCache):
    """Redis as a cache that the portal can live without: an outage turns into cache misses.

    Django's backend raises ``redis.ConnectionError`` from every call while Redis is down, and the
    portal reads the cache on nearly every page (template fragments, the home page's version key,
    cached sessions, allauth's rate limits), so an outage answered 500 everywhere. Here every
    operation that fails to reach Redis is logged and answered as if the cache were empty:

    - reads are misses (``get`` returns the default, ``get_many`` an empty dict, ``has_key`` False);
    - writes are dropped but reported as done (``add``/``touch`` return True, ``delete`` False).
      ``add`` answering True matters for locks built on it: allauth's rate-limit lock then lets the
      request through (a log-in is still checked against its password, only not counted — the
      portal stays usable rather than refusing every log-in with 429 after a one-second wait), and
      the recomputation lock of the competence maps excludes nothing during the outage (its runs
      need the broker, which is the same Redis, and its switch to a new snapshot is one
      transaction behind a unique constraint);
    - ``incr`` raises ``ValueError`` as for a missing key (Django's contract).

    After a failure the backend does not try Redis again for :attr:`RETRY_AFTER` seconds (per
    process and location): a refused connection costs ~40 ms with redis-py's retries, a
    black-holed one the connect timeout, on each of the 3–10 cache calls of a page.

    Only connection-level errors (``ConnectionError``, ``TimeoutError``, including a Redis that is
    still loading its data) are swallowed; a programming error (a value that cannot be pickled) still
    raises.
    """

    #: Seconds during which Redis is not tried again after a connection failure.
    RETRY_AFTER = 5.0
    _down_until: dict[str, float] = {}

    def __init__(self, server, params):
        super().__init__(server, params)
        self._location_key = server if isinstance(server, str) else ",".join(server)

    def _available(self) -> bool:
        return time.monotonic() >= self._down_until.get(self._location_key, 0.0)

    def _call(self, operation: str, fallback, method, *args, **kwargs):
        if not self._available():
            return fallback
        try:
            return method(*args, **kwargs)
        except UNAVAILABLE as error:
            self._down_until[self._location_key] = time.monotonic() + self.RETRY_AFTER
            logger.warning(
                "Redis cache unavailable (%s: %s): %s treated as a miss", type(error).__name__, error, operation
            )
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", True, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call("incr", missing, super().incr, key, delta, version)
        if result is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", [], super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._call("clear", False, super().clear)
