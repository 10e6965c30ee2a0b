"""The crawl's memory in Redis, shared by every worker of a distributed crawl (--redis).

Same interface as crawler.state.seenstore.SeenStore. Content hashes, article URLs and page kinds
are Redis hashes; writing a record is claimed with SET NX and an expiry, so of two workers
that extract the same article at once only one writes it, and a worker that dies between
claim and write does not block the article for longer than the expiry. The frontier is
Redis's own request queue (scrapy-redis), so `frontier` keeps nothing
(crawler.state.frontier.SharedQueueFrontier), and the store has no file in the state
folder (`path` is None): the shared queue outlives any worker (SCHEDULER_PERSIST), a worker
cut short leaves the rest of the walk queued for the others and for the next worker, and no
single worker sees a site's walk end (README, "Distributed mode").

Near-duplicate signatures (crawler.analysis.neardup) are published when a record is claimed, not
when it is written, so that two workers extracting two edited copies of one article at
the same moment see each other. A record is named by the first 16 hex digits of its
content hash; a hash maps that id to "sequence number, content hash, signature, numbers",
and each LSH band key is a field, in one of 4,096 small hashes per band, whose value lists
the ids that have it (2.5 KB per article in all, measured with 300,000; a set per band key
took 11 KB). The sequence number is drawn in the same server-side script that publishes,
so of two near-duplicates the one published second always sees the first and gives way; a
published record counts only while it is written (in `hashes`) or claimed, so a worker
that died leaves nothing that blocks a copy for longer than the claim's expiry.
"""

from __future__ import annotations

import base64

from crawler.state.frontier import SharedQueueFrontier

PREFIX = "vnportal"
CLAIM_SECONDS = 600

BUCKET_BITS = 12  # of a band key's 56 bits name its hash (4,096 per band); the other 44, the field
# KEYS: sequence counter, signatures hash, then the band keys' hashes; ARGV: the record's id,
# "content_hash digest numbers", then the band keys' fields.
_PUBLISH = """
local seq = redis.call('INCR', KEYS[1])
redis.call('HSET', KEYS[2], ARGV[1], seq .. ' ' .. ARGV[2])
for i = 3, #KEYS do
    local ids = redis.call('HGET', KEYS[i], ARGV[i])
    if not ids then
        redis.call('HSET', KEYS[i], ARGV[i], ARGV[1])
    elseif not string.find(ids, ARGV[1], 1, true) then
        redis.call('HSET', KEYS[i], ARGV[i], ids .. ' ' .. ARGV[1])
    end
end
return seq
"""
# KEYS: signatures hash, then the band keys' hashes; ARGV: the record's id, 0, then the fields.
_UNPUBLISH = """
redis.call('HDEL', KEYS[1], ARGV[1])
for i = 2, #KEYS do
    local ids = redis.call('HGET', KEYS[i], ARGV[i + 1])
    if ids then
        local rest = {}
        for id in string.gmatch(ids, '%S+') do
            if id ~= ARGV[1] then table.insert(rest, id) end
        end
        if #rest == 0 then
            redis.call('HDEL', KEYS[i], ARGV[i + 1])
        else
            redis.call('HSET', KEYS[i], ARGV[i + 1], table.concat(rest, ' '))
        end
    end
end
"""


def _id(content_hash: str) -> str:
    return content_hash[:16]


class RedisSeenStore:
    path = None  # nothing in the state folder

    @classmethod
    def open_for(cls, settings, state) -> RedisSeenStore:
        """The store of a distributed crawl: in the Redis of REDIS_URL, whatever the state folder."""
        return cls(settings.get("REDIS_URL"))

    def __init__(self, url: str, prefix: str = PREFIX):
        import redis  # here, not at the top: every crawl imports PREFIX (crawler.state.distributed)

        self.redis = redis.Redis.from_url(url, decode_responses=True)
        self.frontier = SharedQueueFrontier()
        self.hashes, self.urls, self.pages = f"{prefix}:hashes", f"{prefix}:urls", f"{prefix}:pages"
        self.claim_prefix = f"{prefix}:claim:"
        self.sequence, self.signatures = f"{prefix}:nd:seq", f"{prefix}:nd:signatures"
        self.band_prefix = f"{prefix}:nd:band:"
        self.publish = self.redis.register_script(_PUBLISH)
        self.unpublish = self.redis.register_script(_UNPUBLISH)

    def claim(self, content_hash: str, url: str) -> str | None:
        existing = self.first_url(content_hash)
        if existing is not None:
            return existing
        if self.redis.set(self.claim_prefix + content_hash, url, nx=True, ex=CLAIM_SECONDS):
            return None
        return self.redis.get(self.claim_prefix + content_hash) or self.first_url(content_hash)

    def _band_places(self, sig) -> tuple[list[str], list[str]]:
        """(hash key, field) of each of the signature's band keys."""
        shift = 56 - BUCKET_BITS
        keys = [f"{self.band_prefix}{band >> 56:x}:{(band >> shift) & ((1 << BUCKET_BITS) - 1):x}" for band in sig.bands]
        return keys, [f"{band & ((1 << shift) - 1):x}" for band in sig.bands]

    def _publish(self, content_hash: str, sig) -> int:
        keys, fields = self._band_places(sig)
        value = f"{content_hash} {base64.b64encode(sig.digest).decode()} {base64.b64encode(sig.numbers).decode()}"
        return int(self.publish(keys=[self.sequence, self.signatures, *keys], args=[_id(content_hash), value, *fields]))

    def _unpublish(self, content_hash: str, sig) -> None:
        keys, fields = self._band_places(sig)
        self.unpublish(keys=[self.signatures, *keys], args=[_id(content_hash), 0, *fields])

    def near_claim(self, content_hash: str, url: str, sig, threshold: float):
        """As SeenStore.near_claim, across workers: publish the signature, then look for a
        record published before it that it copies. On a match, unpublish and give up the
        claim on content_hash."""
        return self._check(content_hash, sig, self._publish(content_hash, sig), threshold)

    def _check(self, content_hash: str, sig, seq: int, threshold: float):
        """The record published before `seq` that this body copies, as near_claim() answers."""
        from crawler.analysis.neardup import best_match

        pipe = self.redis.pipeline(transaction=False)
        for key, field in zip(*self._band_places(sig)):
            pipe.hget(key, field)
        others = sorted({i for ids in pipe.execute() if ids for i in ids.split()} - {_id(content_hash)})
        candidates = []
        if others:
            for value in self.redis.hmget(self.signatures, others):
                if value:
                    other_seq, other, digest, numbers = (value.split(" ") + [""])[:4]
                    if int(other_seq) < seq:
                        candidates.append((other, base64.b64decode(digest), base64.b64decode(numbers)))
        while candidates:
            match = best_match(sig, candidates, threshold)
            if match is None:
                return None
            other, score = match
            original = self.first_url(other) or self.redis.get(self.claim_prefix + other)
            if original:  # written, or being written
                self._unpublish(content_hash, sig)
                self.redis.delete(self.claim_prefix + content_hash)
                return original, other, score
            candidates = [c for c in candidates if c[0] != other]  # its worker died: not a record
        return None

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

    def mark(self, content_hash: str, urls: list[str], site: str, when: str, text: str | None = None) -> None:
        """Remember a written record; its signature was published by near_claim(), or is
        published now from `text` (a record recovered at start)."""
        if text and not self.redis.hexists(self.signatures, _id(content_hash)):
            from crawler.analysis.neardup import signature
            self._publish(content_hash, signature(text))
        pipe = self.redis.pipeline()
        pipe.hsetnx(self.hashes, content_hash, urls[0])
        for url in urls:
            if url:
                pipe.hsetnx(self.urls, url, content_hash)
        pipe.delete(self.claim_prefix + content_hash)
        pipe.execute()

    def page_seen_at(self, url: str) -> str | None:
        return None

    def count(self) -> int:
        return self.redis.hlen(self.hashes)

    def close(self) -> None:
        self.redis.close()
