"""`--max-pages N`: at most N requests reach the network, robots.txt fetches included.

Scrapy's CLOSESPIDER_PAGECOUNT counts responses and lets every request already in flight
finish, so `--max-pages 5` fetched 13 pages. This downloader middleware sits last before
the downloader (after the robots.txt check and the HTTP cache) and counts the requests
that go out: the first N pass, the next one is dropped, the crawl closes with reason
`max_pages`, and every request dropped or never sent stays on the frontier for the next
run (the spider's errback leaves PageLimitReached requests pending).
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.defer import deferred_from_coro

REASON = "max_pages"


class PageLimitReached(IgnoreRequest):
    """A request not sent because --max-pages was reached; it stays on the frontier."""


class PageLimitMiddleware:
    def __init__(self, crawler, limit: int):
        self.crawler = crawler
        self.limit = limit
        self.sent = 0
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler):
        limit = crawler.settings.getint("CRAWL_MAX_PAGES")
        if limit <= 0:
            raise NotConfigured
        return cls(crawler, limit)

    def process_request(self, request, spider=None):
        if self.sent < self.limit:
            self.sent += 1
            self.crawler.stats.set_value("max_pages/sent", self.sent)
            return None
        self.crawler.stats.inc_value("max_pages/held_back")
        if not self.closing:
            self.closing = True
            self.crawler.stats.set_value("max_pages/limit", self.limit)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=REASON))
        raise PageLimitReached(f"--max-pages {self.limit} reached: {request.url} left for the next run")
