"""The Redis cache backend (``portal.cache``): Django's, with one Redis client per connection pool."""

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
