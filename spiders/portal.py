"""The generic portal spider: give it a home page, it finds and extracts every article.

Discovery, in the order the requests are issued: the home page, robots.txt (its Sitemap
lines), /sitemap.xml (sitemap indexes and news sitemaps followed), RSS/Atom feeds linked
from page heads, and every same-site link of every page, so menus lead to category
listings and listings to their next pages whatever their pagination shape.

Each HTML page goes through crawler.extract: articles become items, other pages are
counted by kind. Traps are bounded by what pages show: a page that is not an article and
whose only unseen links are its own siblings (same URL shape: the next calendar day, the
page after a last page that repeats itself) brings nothing new, so those links are not
followed.
"""

from __future__ import annotations

import gzip
import io
from urllib.parse import urlsplit

import lxml.etree
import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from protego import Protego
from scrapy.utils.sitemap import Sitemap
from twisted.internet.error import (ConnectError, ConnectionLost, ConnectionRefusedError,
                                    DNSLookupError, TCPTimedOutError, TimeoutError)
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from crawler.clock import now_vn
from crawler.extract import Page, extract_from_page
from crawler.items import ArticleItem
from crawler.urls import canonicalize_url, is_probably_asset, site_of, url_shape

XML_MARKERS = (b"<urlset", b"<sitemapindex", b"<rss", b"<feed", b"<rdf:RDF")
MAX_SITEMAP_BYTES = 50 * 1024 * 1024


def start_urls_from(value) -> list[str]:
    """A list of start URLs from a spider argument (list, or comma/space separated string)."""
    if not value:
        return []
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    return [v.strip() for v in value if v.strip()]


# Scrapy >= 2.13 wraps download failures in its own exceptions; older ones raise Twisted's.
_SCRAPY_ERROR_KINDS = {
    "DownloadTimeoutError": "timeout", "DownloadConnectionRefusedError": "connection_refused",
    "DownloadCancelledError": "too_large_or_cancelled", "ResponseDataLossError": "connection_lost",
    "DownloadFailedError": "download_failed",
}


def error_kind(failure) -> str:
    """A short name for what went wrong with a request."""
    exc = failure.value
    if type(exc).__name__ in _SCRAPY_ERROR_KINDS:
        return _SCRAPY_ERROR_KINDS[type(exc).__name__]
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, (TimeoutError, TCPTimedOutError)):
        return "timeout"
    if isinstance(exc, DNSLookupError):
        return "dns"
    if isinstance(exc, ConnectionRefusedError):
        return "connection_refused"
    if isinstance(exc, (ConnectionLost, ResponseFailed, ResponseNeverReceived)):
        return "connection_lost"
    if isinstance(exc, ConnectError):
        return "connect_error"
    return type(exc).__name__.lower()


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(self, start_url=None, start_urls=None, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [canonicalize_url(u) or u for u in start_urls_from(start_url) + start_urls_from(start_urls)]
        if not self.start_urls:
            raise ValueError("the portal spider needs -a start_url=URL")
        self.sites = {site_of(u) for u in self.start_urls}
        self.allowed_domains = sorted({urlsplit(u).hostname for u in self.start_urls if urlsplit(u).hostname})
        self.started_at = now_vn()
        self.seen_urls: set[str] = set()

    # -- bookkeeping -------------------------------------------------------------------
    def count(self, site: str, what: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"site/{site}/{what}", n)

    def is_followable(self, url: str) -> bool:
        """A same-site page URL not requested before."""
        return url not in self.seen_urls and site_of(url) in self.sites and not is_probably_asset(url)

    def follow(self, url: str, callback=None, **meta) -> scrapy.Request | None:
        """A request for a same-site URL not requested before, or None."""
        if not self.is_followable(url):
            return None
        self.seen_urls.add(url)
        return scrapy.Request(url, callback=callback or self.parse, errback=self.on_error, meta=meta)

    # -- entry points ------------------------------------------------------------------
    async def start(self):
        for request in self.start_requests():
            yield request

    def start_requests(self):
        for url in self.start_urls:
            parts = urlsplit(url)
            root = f"{parts.scheme}://{parts.netloc}"
            for request in (
                self.follow(url, start=True),
                self.follow(root + "/robots.txt", self.parse_robots, probe=True),
                self.follow(root + "/sitemap.xml", self.parse, probe=True),
            ):
                if request is not None:
                    yield request

    def on_error(self, failure):
        request = failure.request
        site = site_of(request.url)
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            self.count(site, "skipped/robots_or_filtered")
            return
        if request.meta.get("probe"):
            return  # a missing /sitemap.xml or robots.txt is normal, not an error
        kind = error_kind(failure)
        self.count(site, f"errors/{kind}")
        self.logger.warning("%s: %s", kind, request.url)

    # -- callbacks ---------------------------------------------------------------------
    def parse_robots(self, response):
        self.count(site_of(response.url), "pages_fetched")
        robots = Protego.parse(response.body.decode("utf-8", "replace"))  # Scrapy's own robots.txt parser
        for url in robots.sitemaps:
            request = self.follow(canonicalize_url(url, response.url) or url, self.parse, probe=True)
            if request:
                yield request

    def parse(self, response):
        site = site_of(response.url)
        self.count(site, "pages_fetched")
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = _gunzip(body)
        head = body[:2048].lstrip()
        if any(marker in head for marker in XML_MARKERS):
            yield from self.parse_xml(body, response)
            return
        if not isinstance(response, TextResponse) and b"<html" not in head.lower():
            self.count(site, "non_articles/not-html")
            return
        yield from self.parse_html(body, response)

    def parse_xml(self, body: bytes, response):
        site = site_of(response.url)
        urls = list(_sitemap_or_feed_urls(body))
        if not urls:
            self.count(site, "non_articles/empty-feed")
        for url in urls:
            canonical = canonicalize_url(url, response.url)
            request = canonical and self.follow(canonical)
            if request:
                yield request
        self.count(site, "non_articles/sitemap-or-feed")

    def parse_html(self, body: bytes, response):
        site = site_of(response.url)
        page = Page(body, response.url, response.headers.get("Content-Type", b"").decode("latin-1"))
        record = extract_from_page(page, crawled_at=now_vn().isoformat())
        reason = record.pop("reason", None)
        if reason is None:
            yield ArticleItem(**record)
        else:
            self.count(site, f"non_articles/{reason}")
        links = [url for url, _ in page.links()]
        if reason == "canonical-elsewhere" and record.get("canonical_url"):
            links.insert(0, record["canonical_url"])
        new = [u for u in dict.fromkeys(links) if self.is_followable(u)]
        if reason is not None and reason != "canonical-elsewhere":
            shape = url_shape(response.url)
            if all(url_shape(u) == shape for u in new):
                new = []  # only siblings are new: the end of a listing or a calendar trap
        for url in new:
            request = self.follow(url)
            if request:
                yield request


def _gunzip(body: bytes) -> bytes:
    """Decompress a gzipped sitemap, refusing more than MAX_SITEMAP_BYTES of output."""
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as f:
        data = f.read(MAX_SITEMAP_BYTES + 1)
    return data[:MAX_SITEMAP_BYTES]


def _sitemap_or_feed_urls(body: bytes):
    """Article/sitemap URLs from a sitemap, sitemap index, RSS or Atom feed (entities never expanded)."""
    head = body[:2048]
    if b"<urlset" in head or b"<sitemapindex" in head:
        try:
            for entry in Sitemap(body):
                if entry.get("loc"):
                    yield entry["loc"]
        except (lxml.etree.XMLSyntaxError, ValueError):
            return
        return
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(body, parser=parser)
    except (lxml.etree.XMLSyntaxError, ValueError):
        return
    if root is None:
        return
    for element in root.iter():
        tag = element.tag.split("}")[-1] if isinstance(element.tag, str) else ""
        if tag != "link":
            continue
        href = element.get("href") or (element.text or "").strip()
        rel = element.get("rel", "alternate")
        if href and rel == "alternate":
            yield href
