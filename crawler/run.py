"""Run the portal spider in this process with the project's settings plus overrides."""

from __future__ import annotations

import os

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings


def project_settings(overrides: dict):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "settings")
    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    return settings


def crawl(urls: list[str], *, out: str, state: str, max_pages: int | None, overrides: dict,
          sites=()) -> dict:
    """Crawl the sites of `urls` to completion; returns the summary the crawl wrote."""
    from spiders.portal import PortalSpider

    settings = project_settings({
        "OUTPUT_DIR": out, "STATE_DIR": state,
        **({"CLOSESPIDER_PAGECOUNT": max_pages} if max_pages else {}),
        **overrides,
    })
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(PortalSpider)
    process.crawl(crawler, start_urls=urls, registry_sites=list(sites))
    process.start()
    summary = getattr(crawler, "vn_summary", None) or {"totals": {"pages_fetched": 0, "articles_written": 0,
                                                             "duplicates": 0, "non_articles": 0, "errors": 0}}
    summary["state_locked"] = getattr(crawler.spider, "state_locked", None)
    summary["output_error"] = getattr(crawler, "vn_output_error", None)
    return summary
