"""The crawl's memory in Redis, shared by every worker of a distributed crawl (--redis).

Same interface as crawler.seenstore.SeenStore. Content hashes, article URLs and page kinds
are Redis hashes; writing a record is claimed with SET NX and an expiry, so of two workers
that extract the same article at once only one writes it, and a worker that dies between
claim and write does not block the article for longer than the expiry. The frontier is
Redis's own request queue (scrapy-redis), so the frontier methods do nothing here.
"""

from __future__ import annotations

import redis

PREFIX = "vnportal"
CLAIM_SECONDS = 600


class RedisSeenStore:
    def __init__(self, url: str, prefix: str = PREFIX):
        self.redis = redis.Redis.from_url(url, decode_responses=True)
        self.hashes, self.urls, self.pages = f"{prefix}:hashes", f"{prefix}:urls", f"{prefix}:pages"
        self.claim_prefix = f"{prefix}:claim:"

    def claim(self, content_hash: str, url: str) -> str | None:
        existing = self.first_url(content_hash)
        if existing is not None:
            return existing
        if self.redis.set(self.claim_prefix + content_hash, url, nx=True, ex=CLAIM_SECONDS):
            return None
        return self.redis.get(self.claim_prefix + content_hash) or self.first_url(content_hash)

    def first_url(self, content_hash: str) -> str | None:
        return self.redis.hget(self.hashes, content_hash)

    def knows_url(self, url: str) -> bool:
        return bool(self.redis.hexists(self.urls, url))

    def page_kind(self, url: str) -> str | None:
        if self.knows_url(url):
            return "article"
        return self.redis.hget(self.pages, url)

    def mark_page(self, url: str, kind: str, when: str) -> None:
        self.redis.hset(self.pages, url, kind)

    def mark_duplicate_url(self, url: str, content_hash: str) -> None:
        self.redis.hsetnx(self.urls, url, content_hash)

    def mark(self, content_hash: str, urls: list[str], site: str, when: str) -> None:
        pipe = self.redis.pipeline()
        pipe.hsetnx(self.hashes, content_hash, urls[0])
        for url in urls:
            if url:
                pipe.hsetnx(self.urls, url, content_hash)
        pipe.delete(self.claim_prefix + content_hash)
        pipe.execute()

    def add_pending(self, url: str, callback: str) -> None:
        pass

    def done(self, url: str) -> None:
        pass

    def pending(self) -> list[tuple[str, str]]:
        return []

    def clear_pending(self) -> None:
        pass

    def count(self) -> int:
        return self.redis.hlen(self.hashes)

    def close(self) -> None:
        self.redis.close()
