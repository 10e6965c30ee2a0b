"""Write each record as one JSON line to <out>/<YYYY-MM-DD>/<site>.jsonl as it arrives.

The date is the crawl's start (Vietnam time), so one run's records stay together; the
line is written by crawler.jsonlines in a single system call, so a kill never leaves a
half record (see README, "Output files").
"""

from __future__ import annotations

from crawler.clock import run_date
from crawler.jsonlines import JsonlAppender
from crawler.paths import dated_file
from crawler.records import RECORD_ORDER


class JsonlWriterPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.files: dict[str, JsonlAppender] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None):
        self.date = run_date(getattr(self.crawler.spider, "started_at", None))

    def close_spider(self, spider=None):
        for appender in self.files.values():
            appender.close()

    def process_item(self, item, spider=None):
        site = item["site"]
        if site not in self.files:
            self.files[site] = JsonlAppender(dated_file(self.crawler.settings, self.date, site, ".jsonl"))
        self.files[site].write({key: item.get(key) for key in RECORD_ORDER if key in item})
        self.crawler.stats.inc_value(f"site/{site}/articles_written")
        return item
