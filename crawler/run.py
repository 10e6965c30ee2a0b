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


def run_spider(spider_cls, settings, **spider_args) -> tuple[dict, object]:
    """Run one spider to the end in this process; returns (its summary, the crawler)."""
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider_cls)
    process.crawl(crawler, **spider_args)
    process.start()
    summary = getattr(crawler, "vn_summary", None) or {"totals": {"pages_fetched": 0, "articles_written": 0,
                                                             "duplicates": 0, "non_articles": 0, "errors": 0}}
    return summary, crawler


def reextract(warcs: list[str], *, out: str, state: str) -> dict:
    """Run the current extraction and pipelines over archived pages (no network)."""
    from spiders.reextract import ReextractSpider

    settings = project_settings({"OUTPUT_DIR": out, "STATE_DIR": state})
    summary, _ = run_spider(ReextractSpider, settings, warcs=warcs)
    return summary


def crawl(urls: list[str], *, out: str, state: str, max_pages: int | None, overrides: dict,
          sites=()) -> dict:
    """Crawl the sites of `urls` to completion; returns the summary the crawl wrote."""
    from spiders.portal import PortalSpider

    settings = project_settings({
        "OUTPUT_DIR": out, "STATE_DIR": state,
        **({"CLOSESPIDER_PAGECOUNT": max_pages} if max_pages else {}),
        **overrides,
    })
    summary, crawler = run_spider(PortalSpider, settings, start_urls=urls, registry_sites=list(sites))
    summary["state_locked"] = getattr(crawler.spider, "state_locked", None)
    summary["output_error"] = getattr(crawler, "vn_output_error", None)
    return summary
