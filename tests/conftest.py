"""Fixtures shared by the test files: a throwaway redis-server of our own."""

import pytest

from crawler.localredis import local_redis, redis_server_path


@pytest.fixture
def redis_url(tmp_path):
    """The URL of a fresh redis-server on a free 127.0.0.1 port, stopped after the test."""
    if redis_server_path() is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with local_redis(tmp_path) as (url, _):
        yield url
