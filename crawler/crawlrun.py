"""One crawl's own objects, made once: its start, its folders, its state and its outcome.

`CrawlRun` is a Scrapy extension, listed first in EXTENSIONS. Pipelines, middlewares and
other extensions get it with `crawler.get_extension(CrawlRun)` when they are built (Scrapy
builds them after the extensions); the spider, which Scrapy makes before the extensions,
gets it when it is opened. It owns:

- `started_at` and `date`: the run's start (Vietnam time) and so its date folder;
- `layout`: the output and state folders (crawler.output.layout), and Scrapy's HTTP cache
  in the state folder;
- `store`: the seen store, of the class the SEEN_STORE setting names (SQLite in the state
  folder, or Redis in distributed mode), and its `frontier` (crawler.state.frontier);
- `ledger`: the output files this crawler wrote (crawler.output.recovery);
- the state lock and `traps`, the URL-template budget (crawler.discovery.traps), both
  taken by `begin()` when the spider starts, and a timer committing the SQLite store's
  batched writes every COMMIT_SECONDS, so a crawl that waits on a slow portal leaves none
  of them pending (crawler.state.sqlitebatch);
- the process's garbage-collector policy while the crawl runs (crawler.gcpolicy);
- `archive`: the raw-page archive (crawler.output.archive), with ARCHIVE_ENABLED;
- the outcome, which crawler.cli.run reads after the crawl: `summary` (written by
  crawler.output.summary), `walks` (the spider's report at close), `output_error`,
  `lock_refused` and `stop_signal`.

Everything it opened is closed when the engine stops, after the pipelines, the spider and
the summary are done with it.
"""

from __future__ import annotations

import logging
import signal
import sqlite3

from scrapy import signals
from twisted.internet import task
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object

from crawler import gcpolicy
from crawler.clock import now_vn, run_date
from crawler.discovery.traps import TemplateBudget
from crawler.output.archive import WarcArchive
from crawler.output.layout import OutputLayout
from crawler.output.recovery import OutputLedger
from crawler.state.seenstore import COMMIT_SECONDS
from crawler.state.statelock import StateLock, StateLocked

logger = logging.getLogger(__name__)

DEFAULT_SEEN_STORE = "crawler.state.seenstore.SeenStore"


class CrawlRun:
    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.started_at = now_vn()
        self.date = run_date(self.started_at)
        self.layout = OutputLayout.from_settings(settings)
        # Conditional requests for feeds, sitemaps and robots.txt: Scrapy's HTTP cache, kept
        # in the state folder. Extensions are built before the settings freeze and before the
        # downloader middlewares that read them.
        settings.set("HTTPCACHE_DIR", self.layout.state.http_cache_dir, priority="spider")
        self.store_class = load_object(settings.get("SEEN_STORE") or DEFAULT_SEEN_STORE)
        self._store = None
        self._ledger: OutputLedger | None = None
        self.lock: StateLock | None = None
        self.traps: TemplateBudget | None = None
        self.committer: task.LoopingCall | None = None
        self.gc_policy = False  # crawler.gcpolicy on for this crawl (from begin() to engine_stopped)
        self.archive = WarcArchive(self.layout, self.date, crawler.stats) \
            if settings.getbool("ARCHIVE_ENABLED") else None
        self.summary: dict | None = None
        self.walks: dict | None = None
        self.output_error: str | None = None
        self.lock_refused: str | None = None
        self.stop_signal: str | None = None
        if self.archive is not None:
            crawler.signals.connect(self.archive.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler) -> CrawlRun:
        return cls(crawler)

    # -- state ----------------------------------------------------------------------------
    @property
    def store(self):
        """The seen store, opened on first use (by the pipelines, before the spider starts)."""
        if self._store is None:
            self._store = self.store_class.open_for(self.crawler.settings, self.layout.state)
        return self._store

    @property
    def frontier(self):
        return self.store.frontier

    @property
    def ledger(self) -> OutputLedger:
        if self._ledger is None:
            self._ledger = OutputLedger(self.layout.state_dir, self.layout.out_dir)
        return self._ledger

    def begin(self) -> bool:
        """When the spider starts: lock the state folder (a store kept there allows one crawl
        at a time), watch for stop signals, open the trap budget. False, with `lock_refused`
        saying why, when another crawl holds the state folder: nothing is to be crawled."""
        settings = self.crawler.settings
        if self.store.path is not None:
            self.lock = StateLock(self.layout.state_dir)
            try:
                self.lock.acquire()
            except StateLocked as exc:
                self.lock_refused = str(exc)
                logger.error("%s; not crawling", exc)
                return False
        self.watch_stop_signals()
        # the counts of earlier runs are in the store's SQLite file, written on its connection
        # (in memory with a shared store, and afresh with --refresh)
        self.traps = TemplateBudget(settings.getint("TRAP_TEMPLATE_BUDGET"),
                                    self.store.db if self.store.path is not None else None,
                                    fresh=settings.getbool("CRAWL_REFRESH"))
        if self.store.path is not None:  # writes wait at most COMMIT_SECONDS, even when no other write comes
            self.committer = task.LoopingCall(self._commit_state)
            self.committer.start(COMMIT_SECONDS, now=False)
        gcpolicy.start()
        self.gc_policy = True
        return True

    def _commit_state(self) -> None:
        """The timer's commit of the store's batched writes: a full or read-only disk stops the
        timer and the crawl (exit 4), as a state write failing in a pipeline does."""
        try:
            self.store.db.commit()
        except (sqlite3.Error, OSError) as exc:
            self.committer.stop()
            self.state_failed(exc)

    def watch_stop_signals(self) -> None:
        """Remember which signal stopped the crawl (Scrapy's own handler still runs)."""
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

    # -- output ---------------------------------------------------------------------------
    def archive_page(self, response) -> None:
        """Archive a page the spider handled, if the archive is on."""
        if self.archive is not None:
            self.archive.archive_page(response)

    def state_failed(self, exc: BaseException) -> None:
        """The state folder could not be written (disk full, read-only): stop as fail() does."""
        self.fail(f"cannot write to the state folder: {exc}")

    def fail(self, error: str) -> None:
        """The output or state folder failed (disk full, read-only): remember the first error
        (exit status 4) and close the crawl."""
        if self.output_error:
            return
        self.output_error = error
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason="output_error"))

    # -- the end --------------------------------------------------------------------------
    def spider_closed(self, spider, reason):
        if self.archive is not None:
            self.archive.close()

    def engine_stopped(self):
        if self.gc_policy:
            gcpolicy.stop()
            self.gc_policy = False
        if self.committer is not None and self.committer.running:
            self.committer.stop()
        if self._store is not None:
            self._store.close()
        if self._ledger is not None:
            self._ledger.close()
        if self.lock is not None:
            self.lock.release()
