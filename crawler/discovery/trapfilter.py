"""The downloader middleware that drops queued requests whose URL template became a trap.

A calendar queues the next days faster than they are fetched: by the time the budget of
crawler.discovery.traps ends a template, requests for it wait in the queue. This middleware
drops them before download (raising TrapSkipped, which the spider's errback counts as
skipped/trap), using the crawl's budget (CrawlRun.traps).
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest

from crawler.crawlrun import CrawlRun
from crawler.discovery.traps import url_template
from crawler.discovery.urls import site_of


class TrapSkipped(IgnoreRequest):
    """A queued request whose URL template became a trap on its site after it was queued."""


class TrapMiddleware:
    """Drops, before download, requests whose template became a trap while they waited in
    the queue (a calendar queues the next days faster than it is fetched). Start URLs and
    robots/sitemap probes always go. The spider's errback counts them as skipped/trap."""

    def __init__(self, run):
        self.run = run

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.get_extension(CrawlRun))

    def process_request(self, request, spider=None):
        budget = self.run.traps  # the crawl's, opened when the spider starts
        site = site_of(request.url)
        if budget is None or not budget.has_traps(site) or request.meta.get("start") or request.meta.get("probe"):
            return None
        if budget.is_trap(site, url_template(request.url)):
            raise TrapSkipped(f"URL template is a trap: {request.url}")
        return None
