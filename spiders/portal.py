"""The generic portal spider: give it a home page, it finds and extracts every article.

Discovery, in the order the requests are issued: the home page, robots.txt (its Sitemap
lines), /sitemap.xml (sitemap indexes and news sitemaps followed), RSS/Atom feeds linked
from page heads, and every same-site link of every page, so menus lead to category
listings and listings to their next pages whatever their pagination shape.

Each HTML page goes through crawler.extraction.extract: articles become items, other pages are
counted by kind. Traps are bounded by what pages show: a page that is not an article and
whose only unseen links are its own siblings (same URL shape: the next calendar day, the
page after a last page that repeats itself) brings nothing new, so those links are not
followed. When every page does show something new (a work calendar whose every day
links to a different document), the URL template's budget ends it (crawler/discovery/traps.py):
once a template has yielded TRAP_TEMPLATE_BUDGET non-article pages reached from its own
pages, with too few articles among or behind them, its links are no longer followed on
that site. A page's links to other templates are fetched before its siblings.

Walks. Every request is on the frontier (in the state) until its page is done, and every
run starts by continuing what earlier runs left there, however they ended (--max-pages,
SIGINT, SIGTERM, kill -9). The state also knows per site whether a walk has ever reached
the end: until one has, a listing page known from before the walk started is fetched again
(its older pages may never have been queued: a state from before walks were recorded), and
a run that ends by itself with no cut marks the walk complete. Only then do repeat runs
rely on the early stop alone (a listing is paged only while it brings something new).
"""

from __future__ import annotations

import email.utils
import gzip
import io
import os
import re
import zlib
from urllib.parse import urlsplit

import lxml.etree
import time

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from protego import Protego
from scrapy.utils.sitemap import Sitemap
from twisted.internet.error import (ConnectError, ConnectionLost, ConnectionRefusedError,
                                    DNSLookupError, TCPTimedOutError, TimeoutError)
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from crawler.output.archive import archive_response, is_html
from crawler.clock import now_vn
from crawler.extraction.pagekind import canonical_elsewhere, is_tool_url
from crawler.discovery.pagelimit import REASON as MAX_PAGES_REASON, PageLimitReached
from crawler.discovery.pagination import revisit_choice
from crawler.output.paths import state_dir
from crawler.state.seenstore import ARTICLE, LISTING, OTHER, SeenStore, seen_store
from crawler.state.statelock import StateLock, StateLocked
from crawler.output.items import ArticleItem
from crawler.discovery.traps import TemplateBudget, TrapSkipped, url_template
from crawler.output.records import registry_fields
from crawler.discovery.registry import registered_profile
from crawler.extraction.worker import ExtractionPool, ExtractionTimeout, default_workers
from crawler.discovery.urls import canonicalize_url, is_probably_asset, site_of, url_shape

# failures worth trying again: left on the frontier for the next run (with http_5xx)
RETRY_NEXT_RUN = {"timeout", "dns", "connection_refused", "connection_lost", "connect_error", "download_failed",
                  "http_429", "http_408"}
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
    "DownloadFailedError": "download_failed", "CannotResolveHostError": "dns",
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

    def __init__(self, start_url=None, start_urls=None, registry_sites=(), **kwargs):
        super().__init__(**kwargs)
        self.profiles = {site.host(): site for site in registry_sites}
        urls = start_urls_from(start_url) + start_urls_from(start_urls)
        for site in registry_sites:
            urls += [site.home, *site.start_urls]
        self.start_urls = list(dict.fromkeys(canonicalize_url(u) or u for u in urls))
        self.sites = {site_of(u) for u in self.start_urls}
        for site in self.sites - set(self.profiles):  # a registered portal given by URL is still itself
            profile = registered_profile(site)
            if profile:
                self.profiles[site] = profile
        self.started_at = now_vn()
        self.seen_urls: set[str] = set()
        self.lock = None
        self.state_locked: str | None = None
        self._pool: ExtractionPool | None = None
        self.redis = None
        self.sites_checked = 0.0  # when the shared sites were last read from Redis
        self.idle_since: float | None = None
        self.traps: TemplateBudget | None = None  # opened with the state (start_requests)
        self.traps_announced: set[tuple[str, str]] = set()
        self.walks: dict[str, tuple[str, str | None]] = {}  # site -> (started_at, completed_at)
        self.stop_signal: str | None = None  # SIGINT / SIGTERM, when one stopped the crawl
        self.walk_report: dict | None = None  # made once at close (see finish_walks)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if crawler.settings.getbool("CRAWL_REDIS"):
            from crawler.state import distributed

            spider.redis = distributed.connect(crawler.settings.get("REDIS_URL"), distributed.worker_name())
            spider.start_urls += distributed.pop_start_urls(spider.redis, spider.sites_at_once())
            spider.sites |= distributed.shared_sites(spider.redis) | {site_of(u) for u in spider.start_urls}
            spider.profiles.update({site.host(): site for site in distributed.shared_profiles(spider.redis)})
            crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        elif not spider.start_urls:
            raise ValueError("the portal spider needs -a start_url=URL")
        # Offsite filtering (Scrapy's middleware) for redirects; same-site links are ours.
        spider.allowed_domains = sorted({urlsplit(u).hostname for u in spider.start_urls if urlsplit(u).hostname}
                                        | {s for s in spider.sites if s})
        crawler.signals.connect(spider.on_request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(spider.on_request_dropped, signal=signals.request_dropped)
        return spider

    def on_request_scheduled(self, request, spider=None):
        """A redirect to another site: Scrapy's OffsiteMiddleware drops it here, without an errback."""
        chain = request.meta.get("redirect_urls")
        if chain and not self.knows_site(site_of(request.url)):
            self.store.done(canonicalize_url(chain[0]) or chain[0])  # dropped: off the frontier
            self.count(site_of(chain[0]), "skipped/offsite_redirect")
            self.logger.info("offsite redirect not followed: %s -> %s", chain[0], request.url)

    def on_request_dropped(self, request, spider=None):
        """A redirect the duplicate filter drops (no errback either): back into its own chain
        is a loop; to a page already requested in this run, a known page."""
        chain = request.meta.get("redirect_urls")
        if not chain:
            return
        target = canonicalize_url(request.url) or request.url
        self.store.done(canonicalize_url(chain[0]) or chain[0])  # dropped: off the frontier
        looped = target in {canonicalize_url(u) or u for u in chain}
        self.count(site_of(chain[0]), "errors/redirect_loop" if looped else "skipped/redirect_to_known")
        if looped:
            self.logger.warning("redirect_loop: %s", " -> ".join([*chain, request.url]))

    def sites_at_once(self) -> int:
        """Start URLs a worker takes at a time: enough sites to fill its concurrency; the
        rest stay in Redis for the other workers."""
        settings = self.crawler.settings
        return max(1, settings.getint("CONCURRENT_REQUESTS") // max(1, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")))

    def on_idle(self, spider):
        """Distributed mode: take start URLs enqueued since, or wait for the shared queue to
        fill again, until it has been empty for REDIS_IDLE_TIMEOUT seconds."""
        from crawler.state import distributed

        new = distributed.pop_start_urls(self.redis, self.sites_at_once())
        if new:
            self.sites |= {site_of(u) for u in new} | distributed.shared_sites(self.redis)
            for url in new:
                for request in self.start_requests_for(canonicalize_url(url) or url):
                    self.crawler.engine.crawl(request)
            self.idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        self.idle_since = self.idle_since or now
        if now - self.idle_since < self.crawler.settings.getfloat("REDIS_IDLE_TIMEOUT", 10):
            raise DontCloseSpider

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        # Conditional requests (ETag / Last-Modified) for feeds, sitemaps and robots.txt come
        # from Scrapy's HTTP cache with the RFC 2616 policy, kept in the state folder; every
        # other request is marked dont_cache (see follow()).
        settings.set("HTTPCACHE_DIR", os.path.join(state_dir(settings), "httpcache"), priority="spider")

    # -- bookkeeping -------------------------------------------------------------------
    def count(self, site: str, what: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"site/{site}/{what}", n)

    @property
    def store(self):
        return seen_store(self.crawler)

    @property
    def refresh(self) -> bool:
        return self.crawler.settings.getbool("CRAWL_REFRESH")

    @property
    def since(self) -> str | None:
        return self.crawler.settings.get("CRAWL_SINCE") or None

    def is_followable(self, url: str) -> bool:
        """A same-site page URL not requested before in this run."""
        return url not in self.seen_urls and self.knows_site(site_of(url)) and not is_probably_asset(url)

    def knows_site(self, site: str, *, fetched: bool = False) -> bool:
        """Whether `site` is one of this crawl's. In distributed mode the sites are those of
        every session enqueued so far, which may be later than this worker's start: an
        unknown site sends the worker to Redis for the current list, at once for the site of
        a page it fetched (the shared queue only holds enqueued sites), at most once a second
        for a site it only saw in a link."""
        if site in self.sites:
            return True
        if self.redis is None:
            return False
        if fetched or time.monotonic() - self.sites_checked >= 1.0:
            from crawler.state import distributed

            self.sites_checked = time.monotonic()
            self.sites |= distributed.shared_sites(self.redis)
            self.profiles.update({p.host(): p for p in distributed.shared_profiles(self.redis)
                                  if p.host() not in self.profiles})
        return site in self.sites

    def known_kind(self, url: str) -> str | None:
        """What an earlier run learnt about this URL (None with --refresh)."""
        return None if self.refresh else self.store.page_kind(url)

    def follow(self, url: str, callback=None, *, revisit_listing=False, cacheable=False, via=(), **meta):
        """A request for a same-site URL not requested in this run and not known from an
        earlier one (a known listing only when revisit_listing), or None. `via`: the URL
        templates of the page the link is on and of that page's own parent; a link to the
        page's own template (a sibling) waits behind its other links."""
        if not self.is_followable(url):
            return None
        if is_tool_url(url) and not meta.get("start"):
            self.seen_urls.add(url)
            self.store.mark_page(url, OTHER, now_vn().isoformat())  # known: not "new" next run either
            self.count(site_of(url), "skipped/print_or_tool_link")
            return None
        kind = self.known_kind(url)
        if kind in (ARTICLE, OTHER) or (kind == LISTING and not revisit_listing):
            return None
        site = site_of(url)
        template = url_template(url) if via or (self.traps and self.traps.has_traps(site)) else None
        if (template and self.traps is not None and not meta.get("start") and not meta.get("probe")
                and self.traps.is_trap(site, template)):
            self.seen_urls.add(url)  # counted once
            self.trap_skipped(site, template)
            return None
        self.seen_urls.add(url)
        callback = callback or self.parse
        self.store.add_pending(url, callback.__name__)
        if via:
            meta["trap_via"] = tuple(via)
        return self.request(url, callback, cacheable=cacheable, priority=-1 if via and template == via[0] else 0,
                            **meta)

    def trap_skipped(self, site: str, template: str) -> None:
        """A link of a trap template not followed; the template is logged once a run."""
        self.count(site, "skipped/trap")
        if (site, template) not in self.traps_announced:
            self.traps_announced.add((site, template))
            self.count(site, "traps")
            c = self.traps.get(site, template)
            self.logger.info("trap: %s%s is not followed any more: %d of its pages were non-articles reached "
                             "from its own pages (%d non-articles, %d articles, %d articles reached from it)",
                             site, template, c.chained, c.non_articles, c.articles, c.led)

    def open_traps(self) -> None:
        """The URL-template budget, with the counts of earlier runs (in the state's SQLite
        file; in memory for distributed workers, and afresh with --refresh)."""
        settings = self.crawler.settings
        path = getattr(self.store, "path", None) if self.redis is None else None
        self.traps = TemplateBudget(settings.getint("TRAP_TEMPLATE_BUDGET"), path, fresh=self.refresh)

    def request(self, url, callback, *, cacheable=False, dont_filter=False, priority=0, **meta) -> scrapy.Request:
        # max-age=0: always revalidate (a conditional GET), never trust a heuristic freshness
        headers = {"Cache-Control": "max-age=0"} if cacheable else None
        return scrapy.Request(url, callback=callback, errback=self.on_error, headers=headers, priority=priority,
                              dont_filter=dont_filter, meta={**meta, "dont_cache": not cacheable})

    def resumed_requests(self):
        """The frontier earlier runs left: requested but never done (cut short, or failed
        in a way worth trying again)."""
        for url, callback in self.store.pending():
            if self.knows_site(site_of(url)) and url not in self.seen_urls:
                self.seen_urls.add(url)
                xml = url.endswith((".xml", ".xml.gz", ".rss", "robots.txt"))
                yield self.request(url, getattr(self, callback, self.parse), cacheable=xml, resumed=True,
                                   revisit_listing=True)

    # -- entry points ------------------------------------------------------------------
    async def start(self):
        for request in self.start_requests():
            yield request

    def start_requests(self):
        if self.redis is None:  # distributed workers share Redis, not a state folder
            self.lock = StateLock(state_dir(self.crawler.settings))
            try:
                self.lock.acquire()
            except StateLocked as exc:
                self.state_locked = str(exc)
                self.logger.error("%s; not crawling", exc)
                return
        self.watch_stop_signals()
        self.open_traps()
        self.open_walks()
        self.pool  # the extraction workers start (and import) while the first pages download
        for url in self.start_urls:
            yield from self.start_requests_for(url)
        # --resume is no longer needed: the frontier is always continued
        resumed = list(self.resumed_requests())
        if resumed:
            self.logger.info("continuing: %d requests left pending by earlier runs", len(resumed))
        yield from resumed

    def watch_stop_signals(self) -> None:
        """Remember which signal stopped the crawl (Scrapy's own handler still runs)."""
        import signal

        for signum in (signal.SIGINT, signal.SIGTERM):
            previous = signal.getsignal(signum)
            if not callable(previous):
                continue

            def handler(num, frame, previous=previous):
                self.stop_signal = self.stop_signal or signal.Signals(num).name
                previous(num, frame)
            try:
                signal.signal(signum, handler)
            except ValueError:  # not the main thread
                return

    def open_walks(self) -> None:
        """Each site's walk: started now if it has none (a --since run starts none: it does
        not walk the whole site). Distributed workers keep no walk (the shared queue is the
        frontier, README "Distributed mode")."""
        if self.redis is not None:
            return
        now = now_vn().isoformat()
        for site in sorted(self.sites):
            walk = self.store.walk(site)
            if walk is None and not self.since:
                self.store.start_walk(site, now)
                walk = self.store.walk(site)
            if walk is not None:
                self.walks[site] = walk
            if walk is not None and walk[1] is None:
                self.logger.info("%s: walk in progress since %s; known listings from before it are fetched "
                                 "again", site, walk[0])

    def stale_listing(self, url: str) -> bool:
        """A listing page known from before its site's unfinished walk started: its links
        may never have been queued, so this walk fetches it again (once: then it is known
        from this walk)."""
        walk = self.walks.get(site_of(url))
        if walk is None or walk[1] is not None or self.refresh:
            return False
        seen = self.store.page_seen_at(url)
        return seen is not None and seen < walk[0]

    def start_requests_for(self, url: str):
        """The start page, robots.txt and /sitemap.xml of one start URL."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        for request in (
            self.follow(url, start=True, revisit_listing=True, cacheable=url.endswith((".xml", "/feed/", ".rss"))),
            self.follow(root + "/robots.txt", self.parse_robots, probe=True, revisit_listing=True, cacheable=True),
            self.follow(root + "/sitemap.xml", self.parse, probe=True, revisit_listing=True, cacheable=True),
        ):
            if request is not None:
                yield request

    @property
    def pool(self) -> ExtractionPool:
        if self._pool is None:
            settings = self.crawler.settings
            workers = settings.get("EXTRACT_WORKERS")
            self._pool = ExtractionPool(default_workers() if workers in (None, "") else int(workers),
                                        timeout=settings.getfloat("EXTRACT_TIMEOUT") or None)
        return self._pool

    def finish_walks(self, reason: str) -> dict:
        """At close: mark the walks this run completed and report, per site, the walk and the
        requests left on the frontier for the next run. Made once (the summary asks too)."""
        if self.walk_report is not None:
            return self.walk_report
        report = {"cut_short": None, "sites": {}}
        self.walk_report = report
        if self.state_locked:
            return report
        if reason != "finished":
            report["cut_short"] = {"reason": reason, "why": self.stop_reason(reason)}
        path = getattr(self.store, "path", None)
        if self.redis is not None or path is None:
            return report
        store = SeenStore(path)  # the pipelines closed the crawl's connection before this
        try:
            pending: dict[str, int] = {}
            for url, _ in store.pending():
                pending[site_of(url)] = pending.get(site_of(url), 0) + 1
            now = now_vn().isoformat()
            stats = self.crawler.stats
            for site in sorted(self.sites):
                walk = store.walk(site)
                if (walk is not None and walk[1] is None and reason == "finished" and not self.since
                        and stats.get_value(f"site/{site}/pages_fetched", 0)):
                    store.complete_walk(site, now)
                    walk = store.walk(site)
                report["sites"][site] = {
                    "walk": "none" if walk is None else ("complete" if walk[1] else "in progress"),
                    "walk_started": walk[0] if walk else None,
                    "walk_completed": walk[1] if walk else None,
                    "pending": pending.get(site, 0),
                }
            if report["cut_short"] is not None:
                report["cut_short"]["pending"] = sum(pending.get(site, 0) for site in self.sites)
        except Exception as exc:  # noqa: BLE001 - a state that cannot be read must not hide the summary
            self.logger.warning("could not record the walk state: %r", exc)
        finally:
            store.close()
        return report

    def stop_reason(self, reason: str) -> str:
        """Why the crawl was cut short, in words."""
        settings = self.crawler.settings
        if reason == MAX_PAGES_REASON or reason == "closespider_pagecount":
            limit = settings.getint("CRAWL_MAX_PAGES") or settings.getint("CLOSESPIDER_PAGECOUNT")
            return f"--max-pages {limit} reached"
        if reason == "shutdown":
            return f"{self.stop_signal or 'a signal'} received"
        if reason == "closespider_timeout":
            return f"CLOSESPIDER_TIMEOUT ({settings.getint('CLOSESPIDER_TIMEOUT')} s) reached"
        return reason

    def closed(self, reason):
        self.finish_walks(reason)
        if self._pool is not None:
            self._pool.close()
        if self.traps is not None:
            self.traps.close()
        if self.lock:
            self.lock.release()

    def on_error(self, failure):
        request = failure.request
        site = site_of(request.url)
        url = canonicalize_url(request.url) or request.url
        if failure.check(PageLimitReached):
            return  # not sent: stays on the frontier for the next run
        if failure.check(TrapSkipped):  # queued before its template became a trap
            self.store.done(url)
            self.trap_skipped(site, url_template(request.url))
            return
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            message = str(failure.value)
            if "DOWNLOAD_MAXSIZE" in message or "max redirections" in message:
                # a decompression bomb (HttpCompressionMiddleware) or REDIRECT_MAX_TIMES exceeded
                kind = "too_large_or_cancelled" if "DOWNLOAD_MAXSIZE" in message else "too_many_redirects"
                self.store.done(url)
                self.count(site, f"errors/{kind}")
                self.logger.warning("%s: %s", kind, request.url)
                return
            self.count(site, "skipped/robots_or_filtered")
            self.store.mark_page(url, OTHER, now_vn().isoformat())  # not asked again next run
            self.store.done(url)
            return
        kind = error_kind(failure)
        if request.meta.get("probe") or kind not in RETRY_NEXT_RUN and not kind.startswith("http_5"):
            self.store.done(url)  # else it stays on the frontier: the next run tries it again
        if failure.check(HttpError):
            archive_response(self.crawler, failure.value.response)  # error pages are fetched pages too
        if request.meta.get("probe"):
            return  # a missing /sitemap.xml or robots.txt is normal, not an error
        if kind in ("http_404", "http_410"):
            self.store.mark_page(url, OTHER, now_vn().isoformat())  # gone; other failures are retried next run
        self.count(site, f"errors/{kind}")
        self.logger.warning("%s: %s", kind, request.url)

    # -- callbacks ---------------------------------------------------------------------
    def parse_robots(self, response):
        self.knows_site(site_of(response.url), fetched=True)
        self.count(site_of(response.url), "pages_fetched")
        robots = Protego.parse(response.body.decode("utf-8", "replace"))  # Scrapy's own robots.txt parser
        requests = [self.follow(canonicalize_url(url, response.url) or url, self.parse, probe=True,
                                revisit_listing=True, cacheable=True) for url in robots.sitemaps]
        self.store.done(canonicalize_url(response.url) or response.url)
        yield from (r for r in requests if r)

    async def parse(self, response):
        self.idle_since = None
        site = site_of(response.url)
        self.knows_site(site, fetched=True)  # a worker started before this site was enqueued learns it
        self.count(site, "pages_fetched")
        for url in response.meta.get("redirect_urls", []):  # the frontier holds the asked-for URL
            self.store.done(canonicalize_url(url) or url)
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = _gunzip(body)
            except (OSError, EOFError, zlib.error):
                pass  # not gzip after all (or cut short): read it as it came (binary → a non-article)
        head = body[:2048].lstrip()
        is_xml = any(marker in head for marker in XML_MARKERS)
        not_html = not isinstance(response, TextResponse) and b"<html" not in head.lower()
        if is_html(response) and (is_xml or not_html):
            archive_response(self.crawler, response)  # labelled HTML but is not: archived here
        if is_xml:
            for request in self.parse_xml(body, response):
                yield request
            return
        if not_html:
            self.count(site, "non_articles/not-html")
            self.store.done(canonicalize_url(response.url) or response.url)
            return
        async for output in self.parse_html(body, response):
            yield output

    def parse_xml(self, body: bytes, response):
        site = site_of(response.url)
        url = canonicalize_url(response.url) or response.url
        self.count(site, "non_articles/sitemap-or-feed")
        requests = []
        for entry, published in _sitemap_or_feed_entries(body):
            if self.since and published and published[:10] < self.since:
                continue
            canonical = canonicalize_url(entry, response.url)
            is_xml = bool(canonical and canonical.endswith((".xml", ".xml.gz", ".rss")))
            request = canonical and self.follow(canonical, revisit_listing=is_xml, cacheable=is_xml)
            if request:
                requests.append(request)
        self.finish_page(url, LISTING)
        yield from requests

    async def parse_html(self, body: bytes, response):
        site = site_of(response.url)
        profile = self.profiles.get(site)
        url = canonicalize_url(response.url) or response.url
        try:
            record, links = await self.pool.extract(
                body, response.url, response.headers.get("Content-Type", b"").decode("latin-1"),
                now_vn().isoformat(), profile.drop_xpaths() if profile else None,
                profile.body_xpath() if profile else None,
            )
        except Exception as exc:  # noqa: BLE001 - one bad page never stops the crawl
            self.count(site, "errors/extraction_timeout" if isinstance(exc, ExtractionTimeout)
                       else "errors/extraction_failed")
            self.logger.warning("extraction failed for %s: %r", response.url, exc)
            self.store.done(url)
            archive_response(self.crawler, response)
            return
        archive_response(self.crawler, response)  # in the order records reach the pipelines
        reason = record.pop("reason", None)
        if reason is None and canonical_elsewhere(url, record["canonical_url"]):
            reason = "canonical-elsewhere"  # a copy of another page of the site: that one is followed
        listing_dates = record.pop("listing_dates", [])
        links = [u for u in links if self.is_followable(u)]
        via = self.count_template(site, response, article=reason is None)
        if reason is None:
            if self.since and record["published"] and record["published"][:10] < self.since:
                self.count(site, "skipped/before_since")
                self.store.done(url)
                return  # an older article leads to older ones: listings and feeds bring the new
            requests = list(self.requests_for(links, via=via))
            yield ArticleItem(**record, **registry_fields(profile))  # done once written (MarkSeenPipeline)
            for request in requests:
                yield request
            return
        self.count(site, f"non_articles/{reason}")
        requests = list(self.requests_after_non_article(links, response, reason, record, listing_dates, via))
        self.finish_page(url, LISTING if reason == "listing" or response.meta.get("start") else OTHER)
        for request in requests:
            yield request

    def count_template(self, site: str, response, *, article: bool) -> tuple[str, ...]:
        """Count the page for its URL template (the one asked for, before redirects);
        the `via` of its links: its template and its parent's."""
        asked = (response.meta.get("redirect_urls") or [response.url])[0]
        template = url_template(asked)
        parents = tuple(response.meta.get("trap_via", ()))
        if self.traps is not None and self.traps.page(site, template, article=article, found_via=parents):
            self.trap_found(site, template)
        return (template, *parents[:1])

    def trap_found(self, site: str, template: str) -> None:
        if (site, template) in self.traps_announced:
            return
        c = self.traps.get(site, template)
        self.logger.info("trap: %s%s reached its budget: %d of its pages were non-articles reached from its "
                         "own pages (%d non-articles, %d articles, %d articles reached from it); its links "
                         "are not followed any more", site, template, c.chained, c.non_articles, c.articles, c.led)
        self.traps_announced.add((site, template))
        self.count(site, "traps")

    def finish_page(self, url: str, kind: str) -> None:
        """Remember what the page was, and take it off the frontier: after its links were
        added to the frontier, so a kill in between loses nothing."""
        self.store.mark_page(url, kind, now_vn().isoformat())
        self.store.done(url)

    def requests_after_non_article(self, links, response, reason, record, listing_dates, via=()):
        if reason == "canonical-elsewhere" and record.get("canonical_url"):
            links.insert(0, record["canonical_url"])
        if self.since and listing_dates and max(listing_dates)[:10] < self.since:
            return  # the listing has gone past --since
        unknown = [u for u in dict.fromkeys(links) if self.known_kind(u) is None]
        # an unfinished walk: listing pages known from before it are walked again
        stale = [u for u in dict.fromkeys(links) if self.known_kind(u) == LISTING and self.stale_listing(u)]
        yield from self.requests_for(stale, revisit_listing=True, via=via)
        shape = url_shape(response.url)
        if reason != "canonical-elsewhere" and all(url_shape(u) == shape for u in unknown):
            return  # nothing new but siblings: the end of a listing, a calendar trap, or no change
        yield from self.requests_for(unknown, via=via)
        known_listings = [u for u in links if self.known_kind(u) == LISTING]
        yield from self.requests_for(revisit_choice(response.url, known_listings), revisit_listing=True, via=via)

    def requests_for(self, urls, revisit_listing=False, via=()):
        for url in dict.fromkeys(urls):
            request = self.follow(url, revisit_listing=revisit_listing, via=via)
            if request:
                yield request


def _gunzip(body: bytes) -> bytes:
    """Decompress a gzipped sitemap, refusing more than MAX_SITEMAP_BYTES of output."""
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as f:
        data = f.read(MAX_SITEMAP_BYTES + 1)
    return data[:MAX_SITEMAP_BYTES]


def _sitemap_or_feed_entries(body: bytes):
    """(URL, date or None) from a sitemap, sitemap index, RSS or Atom feed; entities never expanded."""
    head = body[:2048]
    if b"<urlset" in head or b"<sitemapindex" in head:
        try:
            for entry in Sitemap(body):
                if entry.get("loc"):
                    news = entry.get("news") or {}
                    published = news.get("publication_date") if isinstance(news, dict) else None
                    yield entry["loc"], _iso_day(published or entry.get("lastmod"))
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
    for item in root.iter():
        tag = item.tag.split("}")[-1] if isinstance(item.tag, str) else ""
        if tag not in ("item", "entry"):
            continue
        link, published = None, None
        for child in item:
            name = child.tag.split("}")[-1] if isinstance(child.tag, str) else ""
            if name == "link" and child.get("rel", "alternate") == "alternate":
                link = child.get("href") or (child.text or "").strip()
            elif name in ("pubDate", "published", "updated", "date") and child.text and not published:
                published = _iso_day(child.text)
        if link:
            yield link, published


def _iso_day(value: str | None) -> str | None:
    """YYYY-MM-DD of a sitemap/feed date (ISO 8601 or RFC 822), or None."""
    if not value:
        return None
    value = value.strip()
    if re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        return None
