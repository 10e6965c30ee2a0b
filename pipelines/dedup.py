"""Deduplicate records by content hash and by near-duplicate signature, across URLs, sites
and runs.

DedupPipeline drops a record whose hash was already written (in this run or an earlier
one, per the SQLite store under the state folder, or Redis in distributed mode), or whose
body is a near copy of a written one (crawler.analysis.neardup: a source line, a cut lead, a
boilerplate line more or less; similarity at or above NEAR_DUP_THRESHOLD), and appends it
to the run's duplicates log instead, with the URL and hash of the record it copies and the
similarity, so nothing is lost. MarkSeenPipeline runs after the JSONL writer and only then
records the hash (and the signature) as seen: record on disk first, "seen" second.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from crawler.analysis.neardup import signature, threshold_of
from crawler.clock import now_vn
from crawler.crawlrun import CrawlRun
from crawler.discovery.urls import canonicalize_url
from crawler.output.jsonlines import JsonlAppender
from crawler.output.recovery import recover

logger = logging.getLogger(__name__)


class DedupPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.run = crawler.get_extension(CrawlRun)
        self.store = self.run.store
        self.log = None
        self.threshold = threshold_of(crawler.settings)  # 0: near-dup detection off

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None):
        # torn lines, records written but not marked, in the files the crawler wrote
        report = recover(self.run.layout.out_dir, self.store, logger, self.run.ledger)
        for key, value in report.items():
            if value:
                self.crawler.stats.set_value(f"recovery/{key}", value)

    def close_spider(self, spider=None):
        if self.log:
            self.log.close()

    def process_item(self, item, spider=None):
        content_hash = item["content_hash"]
        original = self.store.claim(content_hash, item["url"])  # None: ours to write
        if original is not None:
            self.drop(item, original, content_hash, 1.0, "exact")
        if self.threshold and item.get("text"):
            near = self.store.near_claim(content_hash, item["url"], signature(item["text"], normalized=True),
                                          self.threshold)
            if near is not None:
                original, original_hash, similarity = near
                self.crawler.stats.inc_value("dedup/near_duplicates")
                self.drop(item, original, original_hash, similarity, "near")
        return item

    def drop(self, item, original: str, original_hash: str, similarity: float, match: str):
        """Log the record as a copy of `original` instead of writing it."""
        if self.log is None:
            self.log = JsonlAppender(self.run.layout.duplicates_file(self.run.date), ledger=self.run.ledger)
        self.log.write({
            "url": item["url"], "content_hash": item["content_hash"], "duplicate_of": original,
            "duplicate_of_hash": original_hash, "similarity": round(similarity, 3), "match": match,
            "site": item["site"], "crawled_at": item["crawled_at"],
        })
        self.store.mark_duplicate_url(item["url"], item["content_hash"])  # logged first, then known
        self.store.frontier.done(canonicalize_url(item["url"]) or item["url"])
        self.crawler.stats.inc_value(f"site/{item['site']}/duplicates")
        raise DropItem(f"duplicate of {original}")


class MarkSeenPipeline:
    def __init__(self, crawler):
        self.store = crawler.get_extension(CrawlRun).store

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        urls = list(dict.fromkeys([item["url"], item.get("canonical_url")]))
        self.store.mark(item["content_hash"], urls, item["site"], item.get("crawled_at") or now_vn().isoformat())
        self.store.frontier.done(canonicalize_url(item["url"]) or item["url"])
        return item
