"""Deduplicate records by content hash, across URLs, sites and runs.

DedupPipeline drops a record whose hash was already written (in this run or an earlier
one, per the SQLite store under the state folder) and appends it to the run's
duplicates log instead, so nothing is lost. MarkSeenPipeline runs after the JSONL writer
and only then records the hash as seen: record on disk first, "seen" second.
"""

from __future__ import annotations

import logging
import os

from scrapy.exceptions import DropItem

from crawler.clock import now_vn, run_date
from crawler.jsonlines import JsonlAppender
from crawler.paths import output_dir
from crawler.recovery import recover
from crawler.urls import canonicalize_url
from crawler.seenstore import seen_store

logger = logging.getLogger(__name__)


class DedupPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.store = seen_store(crawler)
        self.log = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None):
        date = run_date(getattr(self.crawler.spider, "started_at", None))
        out = output_dir(self.crawler.settings)
        self.log_path = os.path.join(out, date, "duplicates.jsonl")
        report = recover(out, self.store, logger)  # torn lines, records written but not marked
        for key, value in report.items():
            if value:
                self.crawler.stats.set_value(f"recovery/{key}", value)

    def close_spider(self, spider=None):
        if self.log:
            self.log.close()

    def process_item(self, item, spider=None):
        content_hash = item["content_hash"]
        original = self.store.claim(content_hash, item["url"])  # None: ours to write
        if original is None:
            return item
        if self.log is None:
            self.log = JsonlAppender(self.log_path)
        self.log.write({
            "url": item["url"], "content_hash": content_hash, "duplicate_of": original,
            "site": item["site"], "crawled_at": item["crawled_at"],
        })
        self.store.mark_duplicate_url(item["url"], content_hash)  # logged first, then known
        self.store.done(canonicalize_url(item["url"]) or item["url"])
        self.crawler.stats.inc_value(f"site/{item['site']}/duplicates")
        raise DropItem(f"duplicate of {original}")


class MarkSeenPipeline:
    def __init__(self, crawler):
        self.store = seen_store(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        urls = list(dict.fromkeys([item["url"], item.get("canonical_url")]))
        self.store.mark(item["content_hash"], urls, item["site"], item.get("crawled_at") or now_vn().isoformat())
        self.store.done(canonicalize_url(item["url"]) or item["url"])
        return item

    def close_spider(self, spider=None):
        self.store.close()
