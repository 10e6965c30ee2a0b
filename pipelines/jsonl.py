"""Write each record as one JSON line to <out>/<YYYY-MM-DD>/<site>.jsonl as it arrives.

The date is the crawl's start (Vietnam time), so one run's records stay together; the
line is written by crawler.output.jsonlines in a single system call, so a kill never leaves a
half record (see README, "Output files").
"""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from crawler.crawlrun import CrawlRun
from crawler.output.jsonlines import JsonlAppender
from crawler.output.records import RECORD_ORDER

logger = logging.getLogger(__name__)


class JsonlWriterPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.run = crawler.get_extension(CrawlRun)
        self.files: dict[str, JsonlAppender] = {}
        self.failed: str | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def close_spider(self, spider=None):
        for appender in self.files.values():
            appender.close()

    def process_item(self, item, spider=None):
        if self.failed:
            raise DropItem("output folder failed earlier in this run")
        site = item["site"]
        try:
            if site not in self.files:
                self.files[site] = JsonlAppender(self.run.layout.site_file(self.run.date, site, ".jsonl"),
                                                 ledger=self.run.ledger)
            self.files[site].write({key: item.get(key) for key in RECORD_ORDER if key in item})
        except OSError as exc:
            # Disk full or read-only: what is written stays whole; stop, do not mark this one seen.
            self.failed = f"cannot write to the output folder: {exc.strerror or exc} ({exc.filename or site})"
            logger.error(self.failed)
            self.run.fail(self.failed)
            raise DropItem(self.failed) from None
        self.crawler.stats.inc_value(f"site/{site}/articles_written")
        return item
