"""Run the portal spider in this process with the project's settings plus overrides."""

from __future__ import annotations

import os

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings


def project_settings(overrides: dict):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "settings")
    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    if "STATS_DUMP" not in overrides:  # the summary table is the report: Scrapy's dump only when asked
        settings.set("STATS_DUMP", overrides.get("LOG_LEVEL") in ("DEBUG", "INFO"), priority="cmdline")
    return settings


def stop_on_full_state(crawler) -> None:
    """A full or read-only disk under the state folder (SQLite's "database or disk is full")
    stops the crawl as a full output folder does (exit 4), instead of failing page after page."""
    from scrapy import signals

    from crawler.cli.logformat import disk_full

    def failed(failure, *args, **kwargs):
        if not disk_full(getattr(failure, "value", None)) or getattr(crawler, "vn_output_error", None):
            return
        crawler.vn_output_error = f"cannot write to the state folder: {failure.value}"
        engine = crawler.engine
        if engine is None or crawler.spider is None:
            return
        if hasattr(engine, "close_spider_async"):  # Scrapy >= 2.14
            from scrapy.utils.defer import deferred_from_coro
            deferred_from_coro(engine.close_spider_async(reason="output_error"))
        else:
            engine.close_spider(crawler.spider, "output_error")

    crawler.signals.connect(failed, signal=signals.spider_error, weak=False)
    crawler.signals.connect(failed, signal=signals.item_error, weak=False)


def run_spider(spider_cls, settings, **spider_args) -> tuple[dict, object]:
    """Run one spider to the end in this process; returns (its summary, the crawler)."""
    from crawler.cli.logformat import quiet_failures

    process = CrawlerProcess(settings)
    quiet_failures()  # after Scrapy's logging set-up: one line per failure, no tracebacks
    crawler = process.create_crawler(spider_cls)
    stop_on_full_state(crawler)
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
        **({"CRAWL_MAX_PAGES": max_pages} if max_pages else {}),  # crawler/discovery/pagelimit.py
        **overrides,
    })
    summary, crawler = run_spider(PortalSpider, settings, start_urls=urls, registry_sites=list(sites))
    summary["state_locked"] = getattr(crawler.spider, "state_locked", None)
    summary["output_error"] = getattr(crawler, "vn_output_error", None)
    if "cut_short" not in summary and getattr(crawler.spider, "stop_signal", None):  # a second Ctrl-C: no summary
        summary["cut_short"] = {"reason": "shutdown", "why": f"{crawler.spider.stop_signal} received twice"}
    return summary
