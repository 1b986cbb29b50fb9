"""The Redis cache backends (``portal.cache``): one Redis client per connection pool; an outage is a miss."""

import ast
import pickle
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient

from portal.cache import RedisCache


def test_one_redis_client_serves_every_call_of_a_pool():
    cache = RedisCache("redis://127.0.0.1:6379/14", {})  # no connection is opened by building clients

    client = cache._cache.get_client("a")

    assert cache._cache.get_client("b") is client
    assert cache._cache.get_client("c", write=True) is client  # one server: reads and writes share its pool
    assert client.connection_pool.connection_kwargs["db"] == 14


def test_a_second_server_gets_its_own_client():
    cache = RedisCache("redis://127.0.0.1:6379/14,redis://127.0.0.1:6379/15", {})

    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()

    assert writer is not reader
    assert reader.connection_pool.connection_kwargs["db"] == 15


# --- DegradingRedisCache: a Redis outage is a miss (nothing listens on port 1)


def _down_cache():
    from portal.cache import DegradingRedisCache

    cache = DegradingRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    cache._down_until.clear()
    return cache


def test_with_redis_down_reads_are_misses():
    cache = _down_cache()

    assert cache.get("key") is None
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("key") is False
    assert cache.get_or_set("key", lambda: 42) == 42


def test_with_redis_down_writes_are_dropped_without_raising():
    cache = _down_cache()

    cache.set("key", 1)
    cache.set_many({"a": 1})
    cache.delete_many(["a"])
    assert cache.delete("key") is False
    assert cache.clear() is False
    # add and touch report success: a lock built on add (allauth's rate limits) lets the request through
    assert cache.add("key", 1) is True
    assert cache.touch("key") is True


def test_with_redis_down_incr_is_a_missing_key():
    cache = _down_cache()

    with pytest.raises(ValueError):
        cache.incr("counter")


def test_after_a_failure_redis_is_not_tried_again_for_a_while(monkeypatch):
    cache = _down_cache()
    cache.get("key")  # fails, marks the location down
    tried = []
    monkeypatch.setattr(type(cache).__mro__[1], "get", lambda *args, **kwargs: tried.append(args))

    assert cache.get("key", "default") == "default"
    assert tried == []


def test_an_error_other_than_a_connection_error_still_raises():
    cache = _down_cache()

    # a local function cannot be pickled: a programming error, not an outage (which error depends on Python)
    with pytest.raises((AttributeError, TypeError, pickle.PicklingError)):
        cache.set("key", lambda: None)


# --- Only Django's public surface (the issue: the class relied on the backend's private attributes)


def test_the_backends_use_no_private_attribute_of_djangos_redis_backend():
    private = {
        name
        for cls in (DjangoRedisCacheClient, DjangoRedisCache)
        for name in dir(cls) + list(vars(DjangoRedisCacheClient([""])))
        if name.startswith("_") and not name.startswith("__")
    }
    tree = ast.parse(Path(__file__).resolve().parents[2].joinpath("portal", "cache.py").read_text(encoding="utf-8"))
    used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr in private}
    # ``_class`` is the backend's client class: no public name, set in ``__init__`` as Django's memcached
    # backends set theirs.
    assert used <= {"_class"}


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs a Redis (REDIS_URL)")
def test_with_a_real_redis_one_client_serves_many_calls(monkeypatch):
    from portal.cache import DegradingRedisCache

    built = []
    original = redis.Redis.__init__

    def counting(self, *args, **kwargs):
        built.append(kwargs.get("connection_pool"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting)
    cache = DegradingRedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-shared-client"})
    cache._down_until.clear()

    for number in range(5):
        cache.set(f"key-{number}", number)
    assert [cache.get(f"key-{number}") for number in range(5)] == [0, 1, 2, 3, 4]
    assert cache.get_many(["key-1", "key-3"]) == {"key-1": 1, "key-3": 3}
    cache.delete_many([f"key-{number}" for number in range(5)])

    # Django alone builds a redis.Redis per call (12 here); the reads and the writes share one pool.
    assert len(built) <= 2 and len({id(pool) for pool in built}) == 1
