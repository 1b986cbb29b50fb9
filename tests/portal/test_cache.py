"""The Redis cache backends (``portal.cache``): one Redis client per connection pool; an outage is a miss."""

import pickle

import pytest

from portal.cache import RedisCache


def test_one_redis_client_serves_every_call_of_a_pool():
    cache = RedisCache("redis://127.0.0.1:6379/14", {})  # no connection is opened by building clients

    client = cache._cache.get_client("a")

    assert cache._cache.get_client("b") is client
    assert cache._cache.get_client("c", write=True) is client  # one server: reads and writes share its pool
    assert client.connection_pool is cache._cache._get_connection_pool(write=False)


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
