"""Distributed crawls over Redis (scrapy-redis): the shared queue, its start list, settings.

`crawler enqueue` starts a crawl session: it resets the shared duplicate filter, records
the sites (with their registry profiles) and pushes their start URLs. Workers started with
`crawler crawl --redis URL` share scrapy-redis's request queue and fingerprints, and the
content-hash store (crawler.state.redisstore); each writes its records to its own --out. A
worker stops when the queue has been empty for REDIS_IDLE_TIMEOUT seconds.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import warnings

import redis
from scrapy.exceptions import ScrapyDeprecationWarning

# scrapy-redis 0.9 still passes `spider` to the stats collector; nothing for users to act on.
warnings.filterwarnings("ignore", category=ScrapyDeprecationWarning, module="scrapy_redis")

from crawler.state.redisstore import PREFIX
from crawler.discovery.urls import site_of

START_KEY = f"{PREFIX}:start"
SITES_KEY = f"{PREFIX}:sites"
PROFILES_KEY = f"{PREFIX}:profiles"
QUEUE_KEY = f"{PREFIX}:requests"
DUPEFILTER_KEY = f"{PREFIX}:dupefilter"


def redis_settings(url: str) -> dict:
    """Scrapy settings that put the request queue and fingerprints in Redis."""
    return {
        "REDIS_URL": url,
        "CRAWL_REDIS": True,
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,  # one worker closing must not empty the others' queue
        "SCHEDULER_QUEUE_KEY": QUEUE_KEY,
        "SCHEDULER_DUPEFILTER_KEY": DUPEFILTER_KEY,
    }


WORKER_NAME_PREFIX = "vnportal-worker"


def worker_name() -> str:
    """How a crawl worker names its Redis connection: `redis-cli client list` shows who is in."""
    return f"{WORKER_NAME_PREFIX}-{socket.gethostname()}-{os.getpid()}"


def connect(url: str, name: str | None = None) -> redis.Redis:
    client = redis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=5, client_name=name)
    client.ping()
    return client


def workers_connected(client: redis.Redis) -> set[str]:
    """Names of the crawl workers connected to this Redis now."""
    return {c["name"] for c in client.client_list() if c.get("name", "").startswith(WORKER_NAME_PREFIX)}


def enqueue(url: str, start_urls: list[str], sites=()) -> int:
    """Start a crawl session: reset fingerprints, register sites, push start URLs."""
    client = connect(url)
    entries = [{"url": u} for u in start_urls]
    for site in sites:
        client.hset(PROFILES_KEY, site.host(), json.dumps(dataclasses.asdict(site), ensure_ascii=False))
        entries += [{"url": u, "site_id": site.id} for u in (site.home, *site.start_urls)]
    pipe = client.pipeline()
    pipe.delete(DUPEFILTER_KEY)
    for entry in entries:
        pipe.sadd(SITES_KEY, site_of(entry["url"]))
        pipe.rpush(START_KEY, json.dumps(entry))
    pipe.execute()
    return len(entries)


def pop_start_urls(client: redis.Redis, limit: int = 1000) -> list[str]:
    urls = []
    for _ in range(limit):
        raw = client.lpop(START_KEY)
        if raw is None:
            break
        urls.append(json.loads(raw)["url"])
    return urls


def shared_sites(client: redis.Redis) -> set[str]:
    return set(client.smembers(SITES_KEY))


def shared_profiles(client: redis.Redis) -> list:
    from crawler.discovery.registry import Site

    sites = []
    for raw in client.hvals(PROFILES_KEY):
        data = json.loads(raw)
        for key in ("start_urls", "drop"):
            data[key] = tuple(data.get(key) or ())
        sites.append(Site(**data))
    return sites
