"""Run the portal spider in this process with the project's settings plus overrides."""

from __future__ import annotations

import logging
import os

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler.crawlrun import CrawlRun


# Components of Scrapy's base lists that their setting turns off: Scrapy imports every listed
# component at start, even a disabled one, so a crawl with the setting off leaves them out
# (RemoteControl imports aiohttp, CookiesMiddleware tldextract: 0.2 s of the crawl's start).
SWITCHED_OFF = {
    "REMOTE_CONTROL_ENABLED": ("EXTENSIONS_BASE", "scrapy.extensions.remote_control.RemoteControl"),
    "COOKIES_ENABLED": ("DOWNLOADER_MIDDLEWARES_BASE", "scrapy.downloadermiddlewares.cookies.CookiesMiddleware"),
}


def project_settings(overrides: dict):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "settings")
    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    if "STATS_DUMP" not in overrides:  # the summary table is the report: Scrapy's dump only when asked
        settings.set("STATS_DUMP", overrides.get("LOG_LEVEL") in ("DEBUG", "INFO"), priority="cmdline")
    for switch, (base, component) in SWITCHED_OFF.items():
        if not settings.getbool(switch):
            kept = {name: order for name, order in settings.getdict(base).items() if name != component}
            settings.set(base, kept, priority="cmdline")
    return settings


def stop_on_full_state(crawler) -> None:
    """A full or read-only disk under the state folder (SQLite's "database or disk is full")
    stops the crawl as a full output folder does (exit 4), instead of failing page after page."""
    from scrapy import signals

    from crawler.cli.logformat import disk_full

    def failed(failure, *args, **kwargs):
        if disk_full(getattr(failure, "value", None)):
            crawler.get_extension(CrawlRun).state_failed(failure.value)

    crawler.signals.connect(failed, signal=signals.spider_error, weak=False)
    crawler.signals.connect(failed, signal=signals.item_error, weak=False)


def log_from_level(settings) -> None:
    """Scrapy sets its loggers to DEBUG and filters at its handler (LOG_LEVEL): a record for
    each response, item and request was made, then thrown away. Loggers at LOG_LEVEL make
    only the records that are written."""
    level = logging.getLevelName(settings.get("LOG_LEVEL"))
    if isinstance(level, int):
        logging.root.setLevel(level)
        logging.getLogger("scrapy").setLevel(level)


NO_TOTALS = {"pages_fetched": 0, "articles_written": 0, "duplicates": 0, "non_articles": 0, "errors": 0}


def run_spider(spider_cls, settings, **spider_args) -> CrawlRun | None:
    """Run one spider to the end in this process; returns its CrawlRun, whose outcome
    (summary, output error, lock refused, stop signal) says how it went, or None for a crawl
    that failed before its extensions were made (Scrapy logged why)."""
    from crawler.cli.logformat import quiet_failures

    # the spider is given as a class: Scrapy's spider loader need not import every spider
    # module (spiders.reextract would bring trafilatura into the crawling process, 0.4 s)
    settings.set("SPIDER_MODULES", [], priority="cmdline")
    process = CrawlerProcess(settings)
    log_from_level(settings)
    quiet_failures()  # after Scrapy's logging set-up: one line per failure, no tracebacks
    crawler = process.create_crawler(spider_cls)
    stop_on_full_state(crawler)
    process.crawl(crawler, **spider_args)
    process.start()
    try:
        return crawler.get_extension(CrawlRun)
    except RuntimeError:
        return None


def outcome(run: CrawlRun | None) -> dict:
    """The summary the crawl wrote (or empty totals, for one that never got to write it), with
    what went wrong: `state_locked`, `output_error`, and `cut_short` by a second Ctrl-C."""
    if run is None:
        return {"totals": dict(NO_TOTALS), "state_locked": None, "output_error": None}
    summary = dict(run.summary or {"totals": dict(NO_TOTALS)})
    summary["state_locked"] = run.lock_refused
    summary["output_error"] = run.output_error
    if "cut_short" not in summary and run.stop_signal:  # a second Ctrl-C: no summary
        summary["cut_short"] = {"reason": "shutdown", "why": f"{run.stop_signal} received twice"}
    return summary


def reextract(warcs: list[str], *, out: str, state: str) -> dict:
    """Run the current extraction and pipelines over archived pages (no network)."""
    from spiders.reextract import ReextractSpider

    settings = project_settings({"OUTPUT_DIR": out, "STATE_DIR": state})
    return outcome(run_spider(ReextractSpider, settings, warcs=warcs))


def crawl(urls: list[str], *, out: str, state: str, max_pages: int | None, overrides: dict,
          sites=()) -> dict:
    """Crawl the sites of `urls` to completion; returns the summary the crawl wrote."""
    from spiders.portal import PortalSpider

    settings = project_settings({
        "OUTPUT_DIR": out, "STATE_DIR": state,
        **({"CRAWL_MAX_PAGES": max_pages} if max_pages else {}),  # crawler/discovery/pagelimit.py
        **overrides,
    })
    return outcome(run_spider(PortalSpider, settings, start_urls=urls, registry_sites=list(sites)))
