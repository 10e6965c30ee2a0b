"""Distributed crawls over Redis (scrapy-redis): the shared queue, its start list, settings.

`crawler enqueue` starts a crawl session: it resets the shared duplicate filter, records
the sites (with their registry profiles) and pushes their start URLs. Workers started with
`crawler crawl --redis URL` run with `redis_settings(URL)`, which swaps in, by settings
alone, scrapy-redis's request queue and fingerprints, the content-hash store in Redis
(crawler.state.redisstore) and this module's `DistributedWorker` extension; each worker
writes its records to its own --out. The spider knows nothing of Redis: the extension
hands it the start URLs and sites enqueued, and stops the worker when the queue has been
empty for REDIS_IDLE_TIMEOUT seconds (what scrapy-redis's RedisMixin does for its spiders).
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import time
import warnings
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured, ScrapyDeprecationWarning

# scrapy-redis 0.9 still passes `spider` to the stats collector; nothing for users to act on.
warnings.filterwarnings("ignore", category=ScrapyDeprecationWarning, module="scrapy_redis")

from crawler.discovery.urls import canonicalize_url, site_of
from crawler.state.redisstore import PREFIX

if TYPE_CHECKING:
    import redis

START_KEY = f"{PREFIX}:start"
SITES_KEY = f"{PREFIX}:sites"
PROFILES_KEY = f"{PREFIX}:profiles"
QUEUE_KEY = f"{PREFIX}:requests"
DUPEFILTER_KEY = f"{PREFIX}:dupefilter"


def redis_settings(url: str) -> dict:
    """Scrapy settings that put the request queue, the fingerprints and the seen store in
    Redis, and turn the DistributedWorker extension on."""
    return {
        "REDIS_URL": url,
        "CRAWL_REDIS": True,  # DistributedWorker
        "START_URLS_QUEUED": True,  # the spider's start URLs come from the shared start list
        "SEEN_STORE": "crawler.state.redisstore.RedisSeenStore",
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
    import redis  # here, not at the top: every crawl loads this module's extension, few use Redis

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


class DistributedWorker:
    """A worker's part in a distributed crawl (CRAWL_REDIS): takes start URLs from the shared
    start list, keeps the spider's sites (and their profiles) those of every session enqueued
    so far, and keeps the worker alive while the shared queue may fill again.

    At open, the worker takes enough start URLs to fill its concurrency (the rest stay for the
    other workers). A page of a site the spider does not know, or any page a second after the
    last look, sends it to Redis for the current sites: a worker started before a session was
    enqueued learns that session's sites. When the spider is idle, it takes the start URLs
    enqueued since, or waits, until the queue has been empty for REDIS_IDLE_TIMEOUT seconds.
    """

    def __init__(self, crawler, client: redis.Redis):
        self.crawler = crawler
        self.redis = client
        self.idle_timeout = crawler.settings.getfloat("REDIS_IDLE_TIMEOUT", 10)
        self.spider = None
        self.sites_checked = 0.0  # when the shared sites were last read
        self.idle_since: float | None = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("CRAWL_REDIS"):
            raise NotConfigured
        worker = cls(crawler, connect(crawler.settings.get("REDIS_URL"), worker_name()))
        crawler.signals.connect(worker.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(worker.response_received, signal=signals.response_received)
        crawler.signals.connect(worker.spider_idle, signal=signals.spider_idle)
        return worker

    def sites_at_once(self) -> int:
        """Start URLs a worker takes at a time: enough sites to fill its concurrency; the
        rest stay in Redis for the other workers."""
        settings = self.crawler.settings
        return max(1, settings.getint("CONCURRENT_REQUESTS") // max(1, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")))

    def spider_opened(self, spider):
        self.spider = spider
        self.refresh_sites()
        spider.add_start_urls(pop_start_urls(self.redis, self.sites_at_once()))

    def refresh_sites(self) -> None:
        self.sites_checked = time.monotonic()
        self.spider.add_sites(shared_sites(self.redis), shared_profiles(self.redis))

    def response_received(self, response, request, spider=None):
        self.idle_since = None
        if not self.spider.knows_site(site_of(response.url)) or time.monotonic() - self.sites_checked >= 1.0:
            self.refresh_sites()

    def spider_idle(self, spider):
        new = pop_start_urls(self.redis, self.sites_at_once())
        if new:
            self.refresh_sites()
            spider.add_sites({site_of(u) for u in new})
            for url in new:
                for request in spider.start_requests_for(canonicalize_url(url) or url):
                    self.crawler.engine.crawl(request)
            self.idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        self.idle_since = self.idle_since or now
        if now - self.idle_since < self.idle_timeout:
            raise DontCloseSpider
