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

from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from protego import Protego

from crawler.clock import now_vn
from crawler.crawlrun import CrawlRun
from crawler.discovery import feeds
from crawler.discovery.errors import error_kind, worth_retrying
from crawler.discovery.pagelimit import REASON as MAX_PAGES_REASON, PageLimitReached
from crawler.discovery.pagination import revisit_choice
from crawler.discovery.registry import registered_profile
from crawler.discovery.trapfilter import TrapSkipped
from crawler.discovery.traps import url_template
from crawler.discovery.urls import canonicalize_url, is_probably_asset, site_of, url_shape
from crawler.extraction.pagekind import canonical_elsewhere, is_tool_url
from crawler.extraction.verdict import split_verdict
from crawler.extraction.worker import ExtractionPool, ExtractionTimeout, default_workers
from crawler.output.archive import is_html
from crawler.output.items import ArticleItem
from crawler.output.records import registry_fields
from crawler.state.seenstore import ARTICLE, LISTING, OTHER


def start_urls_from(value) -> list[str]:
    """A list of start URLs from a spider argument (list, or comma/space separated string)."""
    if not value:
        return []
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    return [v.strip() for v in value if v.strip()]


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
        self.seen_urls: set[str] = set()
        # links of other sites and to assets, which every page's menus and footers repeat:
        # known not followable after one look (until more sites join the crawl)
        self.off_limits: set[str] = set()
        self.run: CrawlRun | None = None  # the crawl's state and folders, when the spider opens
        self._pool: ExtractionPool | None = None
        self.traps_announced: set[tuple[str, str]] = set()
        self.walks: dict[str, tuple[str, str | None]] = {}  # site -> (started_at, completed_at)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if not spider.start_urls and not crawler.settings.getbool("START_URLS_QUEUED"):
            raise ValueError("the portal spider needs -a start_url=URL")
        spider.allow_own_domains()
        # The extraction workers start (and import the extraction code, a second or more) now,
        # while Scrapy builds its extensions, middlewares and pipelines, and then fetches
        # robots.txt and the first pages: the first page to extract waits less for them.
        spider.pool
        # connected before any extension's: the run is there for theirs
        crawler.signals.connect(spider.on_spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(spider.on_request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(spider.on_request_dropped, signal=signals.request_dropped)
        return spider

    def on_spider_opened(self, spider=None):
        self.run = self.crawler.get_extension(CrawlRun)

    def allow_own_domains(self) -> None:
        """Offsite filtering (Scrapy's middleware) for redirects; same-site links are ours."""
        self.allowed_domains = sorted({urlsplit(u).hostname for u in self.start_urls if urlsplit(u).hostname}
                                      | {s for s in self.sites if s})

    def add_sites(self, sites=(), profiles=()) -> None:
        """More sites for this crawl, with their registry profiles (a distributed crawl's
        sessions enqueue sites while its workers run: crawler.state.distributed)."""
        self.sites |= set(sites)
        self.off_limits.clear()
        for profile in profiles:
            self.profiles.setdefault(profile.host(), profile)

    def add_start_urls(self, urls) -> None:
        """More start URLs, before the crawl starts (taken from a shared start list)."""
        urls = [canonicalize_url(u) or u for u in urls]
        self.start_urls = list(dict.fromkeys([*self.start_urls, *urls]))
        self.sites |= {site_of(u) for u in urls}
        self.off_limits.clear()
        self.allow_own_domains()

    def on_request_scheduled(self, request, spider=None):
        """A redirect to another site: Scrapy's OffsiteMiddleware drops it here, without an errback."""
        chain = request.meta.get("redirect_urls")
        if chain and not self.knows_site(site_of(request.url)):
            self.frontier.done(canonicalize_url(chain[0]) or chain[0])  # dropped: off the frontier
            self.count(site_of(chain[0]), "skipped/offsite_redirect")
            self.logger.info("offsite redirect not followed: %s -> %s", chain[0], request.url)

    def on_request_dropped(self, request, spider=None):
        """A redirect the duplicate filter drops (no errback either): back into its own chain
        is a loop; to a page already requested in this run, a known page."""
        chain = request.meta.get("redirect_urls")
        if not chain:
            return
        target = canonicalize_url(request.url) or request.url
        self.frontier.done(canonicalize_url(chain[0]) or chain[0])  # dropped: off the frontier
        looped = target in {canonicalize_url(u) or u for u in chain}
        self.count(site_of(chain[0]), "errors/redirect_loop" if looped else "skipped/redirect_to_known")
        if looped:
            self.logger.warning("redirect_loop: %s", " -> ".join([*chain, request.url]))

    # -- bookkeeping -------------------------------------------------------------------
    def count(self, site: str, what: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"site/{site}/{what}", n)

    @property
    def store(self):
        return self.run.store

    @property
    def frontier(self):
        return self.run.frontier

    @property
    def traps(self):
        return self.run.traps  # None until the run began (and for a run refused the state lock)

    @property
    def refresh(self) -> bool:
        return self.crawler.settings.getbool("CRAWL_REFRESH")

    @property
    def since(self) -> str | None:
        return self.crawler.settings.get("CRAWL_SINCE") or None

    def is_followable(self, url: str) -> bool:
        """A same-site page URL not requested before in this run."""
        if url in self.seen_urls or url in self.off_limits:
            return False
        if self.knows_site(site_of(url)) and not is_probably_asset(url):
            return True
        self.off_limits.add(url)
        return False

    def knows_site(self, site: str) -> bool:
        """Whether `site` is one of this crawl's."""
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
        self.frontier.add_pending(url, callback.__name__)
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

    def request(self, url, callback, *, cacheable=False, dont_filter=False, priority=0, **meta) -> scrapy.Request:
        # max-age=0: always revalidate (a conditional GET), never trust a heuristic freshness
        headers = {"Cache-Control": "max-age=0"} if cacheable else None
        return scrapy.Request(url, callback=callback, errback=self.on_error, headers=headers, priority=priority,
                              dont_filter=dont_filter, meta={**meta, "dont_cache": not cacheable})

    def resumed_requests(self):
        """The frontier earlier runs left: requested but never done (cut short, or failed
        in a way worth trying again)."""
        for url, callback in self.frontier.pending():
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
        if not self.run.begin():  # another crawl holds the state folder
            return
        self.open_walks()
        for url in self.start_urls:
            yield from self.start_requests_for(url)
        # --resume is no longer needed: the frontier is always continued
        resumed = list(self.resumed_requests())
        if resumed:
            self.logger.info("continuing: %d requests left pending by earlier runs", len(resumed))
        yield from resumed

    def open_walks(self) -> None:
        """Each site's walk: started now if it has none (a --since run starts none: it does
        not walk the whole site). A frontier that keeps none (distributed workers: the shared
        queue is the frontier, README "Distributed mode") leaves every site without one."""
        now = now_vn().isoformat()
        for site in sorted(self.sites):
            walk = self.frontier.walk(site)
            if walk is None and not self.since:
                self.frontier.start_walk(site, now)
                walk = self.frontier.walk(site)
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
        requests left on the frontier for the next run."""
        report = {"cut_short": None, "sites": {}}
        if self.run.lock_refused:
            return report
        if reason != "finished":
            report["cut_short"] = {"reason": reason, "why": self.stop_reason(reason)}
        frontier = self.frontier
        if not frontier.kept:
            return report
        try:
            pending: dict[str, int] = {}
            for url, _ in frontier.pending():
                pending[site_of(url)] = pending.get(site_of(url), 0) + 1
            now = now_vn().isoformat()
            stats = self.crawler.stats
            for site in sorted(self.sites):
                walk = frontier.walk(site)
                if (walk is not None and walk[1] is None and reason == "finished" and not self.since
                        and stats.get_value(f"site/{site}/pages_fetched", 0)):
                    frontier.complete_walk(site, now)
                    walk = frontier.walk(site)
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
        return report

    def stop_reason(self, reason: str) -> str:
        """Why the crawl was cut short, in words."""
        settings = self.crawler.settings
        if reason == MAX_PAGES_REASON or reason == "closespider_pagecount":
            limit = settings.getint("CRAWL_MAX_PAGES") or settings.getint("CLOSESPIDER_PAGECOUNT")
            return f"--max-pages {limit} reached"
        if reason == "shutdown":
            return f"{self.run.stop_signal or 'a signal'} received"
        if reason == "closespider_timeout":
            return f"CLOSESPIDER_TIMEOUT ({settings.getint('CLOSESPIDER_TIMEOUT')} s) reached"
        return reason

    def closed(self, reason):
        if self.run is not None:  # the summary, next, reports the walks
            self.run.walks = self.finish_walks(reason)
        if self._pool is not None:
            self._pool.close()

    def on_error(self, failure):
        request = failure.request
        site = site_of(request.url)
        url = canonicalize_url(request.url) or request.url
        if failure.check(PageLimitReached):
            return  # not sent: stays on the frontier for the next run
        if failure.check(TrapSkipped):  # queued before its template became a trap
            self.frontier.done(url)
            self.trap_skipped(site, url_template(request.url))
            return
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            message = str(failure.value)
            if "DOWNLOAD_MAXSIZE" in message or "max redirections" in message:
                # a decompression bomb (HttpCompressionMiddleware) or REDIRECT_MAX_TIMES exceeded
                kind = "too_large_or_cancelled" if "DOWNLOAD_MAXSIZE" in message else "too_many_redirects"
                self.frontier.done(url)
                self.count(site, f"errors/{kind}")
                self.logger.warning("%s: %s", kind, request.url)
                return
            self.count(site, "skipped/robots_or_filtered")
            self.store.mark_page(url, OTHER, now_vn().isoformat())  # not asked again next run
            self.frontier.done(url)
            return
        kind = error_kind(failure)
        if request.meta.get("probe") or not worth_retrying(kind):
            self.frontier.done(url)  # else it stays on the frontier: the next run tries it again
        if failure.check(HttpError):
            self.run.archive_page(failure.value.response)  # error pages are fetched pages too
        if request.meta.get("probe"):
            return  # a missing /sitemap.xml or robots.txt is normal, not an error
        if kind in ("http_404", "http_410"):
            self.store.mark_page(url, OTHER, now_vn().isoformat())  # gone; other failures are retried next run
        self.count(site, f"errors/{kind}")
        self.logger.warning("%s: %s", kind, request.url)

    # -- callbacks ---------------------------------------------------------------------
    def parse_robots(self, response):
        self.count(site_of(response.url), "pages_fetched")
        robots = Protego.parse(response.body.decode("utf-8", "replace"))  # Scrapy's own robots.txt parser
        requests = [self.follow(canonicalize_url(url, response.url) or url, self.parse, probe=True,
                                revisit_listing=True, cacheable=True) for url in robots.sitemaps]
        self.frontier.done(canonicalize_url(response.url) or response.url)
        yield from (r for r in requests if r)

    async def parse(self, response):
        site = site_of(response.url)
        self.count(site, "pages_fetched")
        for url in response.meta.get("redirect_urls", []):  # the frontier holds the asked-for URL
            self.frontier.done(canonicalize_url(url) or url)
        body = feeds.decompressed(response.body)  # a gzipped sitemap (binary otherwise: a non-article)
        is_xml = feeds.is_sitemap_or_feed(body)
        not_html = not isinstance(response, TextResponse) and b"<html" not in body[:2048].lstrip().lower()
        if is_html(response) and (is_xml or not_html):
            self.run.archive_page(response)  # labelled HTML but is not: archived here
        if is_xml:
            for request in self.parse_xml(body, response):
                yield request
            return
        if not_html:
            self.count(site, "non_articles/not-html")
            self.frontier.done(canonicalize_url(response.url) or response.url)
            return
        async for output in self.parse_html(body, response):
            yield output

    def parse_xml(self, body: bytes, response):
        site = site_of(response.url)
        url = canonicalize_url(response.url) or response.url
        self.count(site, "non_articles/sitemap-or-feed")
        requests = []
        for link, is_xml in feeds.links(body, response.url, self.since):
            request = self.follow(link, revisit_listing=is_xml, cacheable=is_xml)
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
            self.frontier.done(url)
            self.run.archive_page(response)
            return
        self.run.archive_page(response)  # in the order records reach the pipelines
        record, verdict = split_verdict(record)
        reason = verdict.reason
        if reason is None and canonical_elsewhere(url, record["canonical_url"]):
            reason = "canonical-elsewhere"  # a copy of another page of the site: that one is followed
        links = [u for u in links if self.is_followable(u)]
        via = self.count_template(site, response, article=reason is None)
        if reason is None:
            if self.since and record["published"] and record["published"][:10] < self.since:
                self.count(site, "skipped/before_since")
                self.frontier.done(url)
                return  # an older article leads to older ones: listings and feeds bring the new
            requests = list(self.requests_for(links, via=via))
            yield ArticleItem(**record, **registry_fields(profile))  # done once written (MarkSeenPipeline)
            for request in requests:
                yield request
            return
        self.count(site, f"non_articles/{reason}")
        requests = list(self.requests_after_non_article(links, response, reason, record, verdict.listing_dates, via))
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
        self.frontier.done(url)

    def requests_after_non_article(self, links, response, reason, record, listing_dates, via=()):
        if reason == "canonical-elsewhere" and record.get("canonical_url"):
            links.insert(0, record["canonical_url"])
        if self.since and listing_dates and max(listing_dates)[:10] < self.since:
            return  # the listing has gone past --since
        # each link's kind looked up once (following links never makes one a known listing)
        kinds = {u: self.known_kind(u) for u in links}
        unknown = [u for u, kind in kinds.items() if kind is None]
        # an unfinished walk: listing pages known from before it are walked again
        stale = [u for u, kind in kinds.items() if kind == LISTING and self.stale_listing(u)]
        yield from self.requests_for(stale, revisit_listing=True, via=via)
        shape = url_shape(response.url)
        if reason != "canonical-elsewhere" and all(url_shape(u) == shape for u in unknown):
            return  # nothing new but siblings: the end of a listing, a calendar trap, or no change
        yield from self.requests_for(unknown, via=via)
        known_listings = [u for u in links if kinds[u] == LISTING]
        yield from self.requests_for(revisit_choice(response.url, known_listings), revisit_listing=True, via=via)

    def requests_for(self, urls, revisit_listing=False, via=()):
        for url in dict.fromkeys(urls):
            request = self.follow(url, revisit_listing=revisit_listing, via=via)
            if request:
                yield request

