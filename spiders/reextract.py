"""Re-extraction from the raw-page archive: no network, same extraction, same pipelines.

`crawler reextract WARC [WARC ...] --out DIR` runs this spider: it reads the WARC
response records written by `crawler crawl --archive`, runs the current extraction on
each HTML page exactly as the portal spider does, and hands the articles to the same
pipelines (normalise, dedup, JSONL). `crawled_at` is the time the page was fetched (the
record's WARC-Date), so only the extraction is new.
"""

from __future__ import annotations

import heapq
import logging
import os
from datetime import datetime

import scrapy
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from crawler.clock import VN_TZ
from crawler.extraction.extract import Page, extract_from_page
from crawler.extraction.verdict import split_verdict
from crawler.output.items import ArticleItem
from crawler.discovery.urls import site_of
from crawler.output.records import registry_fields
from crawler.discovery.registry import registered_profile

logger = logging.getLogger(__name__)


def archived_pages(paths):
    """(url, content type, body, fetched_at) of every HTML response in the WARC files, in the
    order the crawl processed them across all files (each file is in order: a k-way merge by
    WARC-Date streams them without loading an archive into memory)."""
    yield from heapq.merge(*(_pages_of(path) for path in paths), key=lambda page: page[3] or "")


def _pages_of(path):
    try:
        yield from _records_of(path)
    except (ArchiveLoadFailed, EOFError, OSError) as exc:  # a damaged or truncated archive: what came before counts
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "damaged or truncated"
        logger.error("%s: the rest of this WARC file cannot be read (%s)", os.path.basename(path), why)


def _records_of(path):
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or not record.http_headers:
                continue
            if record.http_headers.get_statuscode() != "200":
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            body = record.content_stream().read()
            if "xml" in content_type or body[:200].lstrip().startswith((b"<?xml", b"<rss", b"<urlset")):
                continue
            fetched = record.rec_headers.get_header("WARC-Date")
            yield record.rec_headers.get_header("WARC-Target-URI"), content_type, body, fetched


class ReextractSpider(scrapy.Spider):
    name = "reextract"
    custom_settings = {"ROBOTSTXT_OBEY": False, "HTTPCACHE_ENABLED": False}

    def __init__(self, warc=None, warcs=(), **kwargs):
        super().__init__(**kwargs)
        self.warcs = list(warcs) + ([warc] if warc else [])

    async def start(self):
        for url, content_type, body, fetched in archived_pages(self.warcs):
            site = site_of(url)
            self.crawler.stats.inc_value(f"site/{site}/pages_fetched")
            crawled_at = datetime.fromisoformat(fetched.replace("Z", "+00:00")).astimezone(VN_TZ).isoformat() \
                if fetched else None
            profile = registered_profile(url)  # as the crawl used it: its clean-up rules and fields
            record, verdict = split_verdict(extract_from_page(
                Page(body, url, content_type), crawled_at=crawled_at,
                prune_xpath=profile.drop_xpaths() if profile else None,
                body_xpath=profile.body_xpath() if profile else None))
            if verdict.is_article:
                yield ArticleItem(**record, **registry_fields(profile))
            else:
                self.crawler.stats.inc_value(f"site/{site}/non_articles/{verdict.reason}")
