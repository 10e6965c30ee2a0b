"""Fixtures shared by the test files: a throwaway redis-server of our own, a small disk."""

import subprocess

import pytest

from crawler.state.localredis import local_redis, redis_server_path


@pytest.fixture
def redis_url(tmp_path):
    """The URL of a fresh redis-server on a free 127.0.0.1 port, stopped after the test."""
    if redis_server_path() is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with local_redis(tmp_path) as (url, _):
        yield url


@pytest.fixture
def small_disk(tmp_path):
    """A 192 KB tmpfs: a disk that fills up mid-crawl (skipped where mounting is refused)."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=192k", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)
