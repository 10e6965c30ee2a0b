"""Live progress of a crawl, one line per site: pages, articles, duplicates, errors,
pages per second over the last interval, and requests queued.

On a terminal (stderr is a TTY) the lines are redrawn in place every PROGRESS_INTERVAL
seconds (default 1) with ANSI cursor movement; a log line printed meanwhile goes above
them (the block is erased before it and drawn again after it), and at the end the block
is erased, so the summary table prints on a clean screen. Anywhere else (cron, CI,
scrapyd, a pipe or a file) it logs one plain INFO line per site every PROGRESS_INTERVAL
seconds (default 60), with no control character at all::

    progress 127.0.0.13: pages 49, articles 8, dupes 0, errors 0, 3.2 pages/s, queued 12

(`-s LOG_LEVEL=WARNING` silences those, like every INFO line.)

The counts are the stats keys crawler/output/summary.py reads (`site/<site>/pages_fetched`,
`articles_written`, `duplicates`, `errors/<kind>`), parsed by the same `summarise`. The
queue of a site is the requests for it the scheduler holds: Scrapy's scheduler counts
only its total (`len(engine.scheduler)`), so the extension counts per site the requests
scheduled (signal `request_scheduled`) minus those refused by the duplicate filter
(`request_dropped`) minus those taken out of the scheduler, which it learns by wrapping
the scheduler's `next_request` (no signal says so). With a shared queue (scrapy-redis)
another worker may take a site's requests, so a site's number is then an estimate and
the total line shows the scheduler's own count.

Settings: PROGRESS_ENABLED (True), PROGRESS_INTERVAL (None: 1 s on a terminal, 60 s
otherwise).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections import Counter

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.output.summary import summarise
from crawler.discovery.urls import site_of

logger = logging.getLogger(__name__)

MAX_SITE_LINES = 20  # on a terminal; the rest are summed up in one line


def _printable(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable())


class SiteProgress:
    """The figures of one site at one moment."""

    __slots__ = ("site", "pages", "articles", "dupes", "errors", "rate", "queued")

    def __init__(self, site, pages=0, articles=0, dupes=0, errors=0, rate=0.0, queued=0):
        self.site, self.pages, self.articles, self.dupes = _printable(site), pages, articles, dupes
        self.errors, self.rate, self.queued = errors, rate, queued

    def log_line(self) -> str:
        rate = "-" if self.rate is None else f"{self.rate:.1f}"
        return (f"progress {self.site}: pages {self.pages}, articles {self.articles}, dupes {self.dupes}, "
                f"errors {self.errors}, {rate} pages/s, queued {self.queued}")

    def screen_line(self) -> str:
        """One row under SCREEN_HEADER (the columns of the summary table, then rate and queue)."""
        rate = "-" if self.rate is None else f"{self.rate:.1f}"  # None: no interval measured yet
        return (f"{self.site:<28} {self.pages:>7} {self.articles:>8} {self.dupes:>6} {self.errors:>6} "
                f"{rate:>8} {self.queued:>7}")


SCREEN_HEADER = f"{'site':<28} {'pages':>7} {'articles':>8} {'dupes':>6} {'errors':>6} {'pages/s':>8} {'queued':>7}"


class ProgressTracker:
    """Turns successive stats snapshots into per-site figures (no Scrapy, no output)."""

    def __init__(self):
        self.previous: dict[str, int] = {}
        self.previous_time: float | None = None

    def start(self, now: float) -> None:
        """The crawl starts: the first figures' rate is counted from here, not shown as 0.0."""
        self.previous, self.previous_time = {}, now

    def snapshot(self, stats: dict, queued: dict[str, int], now: float) -> list[SiteProgress]:
        summary = summarise(stats)
        sites = sorted(set(summary) | {site for site, n in queued.items() if n > 0})
        elapsed = now - self.previous_time if self.previous_time is not None else 0.0
        rows = []
        for site in sites:
            entry = summary.get(site, {})
            pages = int(entry.get("pages_fetched", 0))
            rate = (pages - self.previous.get(site, 0)) / elapsed if elapsed > 0 else None
            rows.append(SiteProgress(
                site, pages=pages, articles=int(entry.get("articles_written", 0)),
                dupes=int(entry.get("duplicates", 0)), errors=int(sum((entry.get("errors") or {}).values())),
                rate=None if rate is None else max(rate, 0.0), queued=max(int(queued.get(site, 0)), 0),
            ))
        self.previous = {row.site: row.pages for row in rows}
        self.previous_time = now
        return rows


class TerminalBlock:
    """A block of lines at the bottom of a terminal, redrawn in place.

    Everything else written to the same terminal should go through `guard(stream)`: the
    block is erased before such a write and drawn again after a complete line, so log
    lines scroll above it and never mix with it.
    """

    def __init__(self, stream, width: int | None = None, height: int | None = None):
        self.stream = stream
        self.lines: list[str] = []
        self.drawn = 0
        self.width, self.height = width, height

    def size(self) -> tuple[int, int]:
        if self.width and self.height:
            return self.width, self.height
        try:
            columns, rows = os.get_terminal_size(self.stream.fileno())
        except (OSError, ValueError, AttributeError):
            columns, rows = 0, 0
        return self.width or columns or 80, self.height or rows or 24

    def _erase(self) -> str:
        # up to the block's first line, then clear to the end of the screen
        return f"\r\x1b[{self.drawn}A\x1b[J" if self.drawn else ""

    def _draw(self) -> str:
        columns, _ = self.size()
        self.drawn = len(self.lines)
        return "".join(line[: max(columns - 1, 10)] + "\n" for line in self.lines)

    def show(self, lines: list[str]) -> None:
        columns, rows = self.size()
        self.lines = list(lines[: max(rows - 2, 1)])
        self._write(self._erase() + self._draw())

    def clear(self) -> None:
        self._write(self._erase())
        self.drawn = 0
        self.lines = []

    def before_write(self) -> None:
        if self.drawn:
            self._write(self._erase())
            self.drawn = 0

    def after_write(self) -> None:
        if self.lines and not self.drawn:
            self._write(self._draw())

    def _write(self, text: str) -> None:
        if text:
            try:
                self.stream.write(text)
                self.stream.flush()
            except (OSError, ValueError):  # the terminal went away
                pass

    def guard(self, stream) -> "_GuardedStream":
        return _GuardedStream(stream, self)


class _GuardedStream:
    """A stream whose writes go above the progress block (see TerminalBlock)."""

    def __init__(self, stream, block: TerminalBlock):
        self._stream, self._block = stream, block

    def write(self, text):
        self._block.before_write()
        written = self._stream.write(text)
        if isinstance(text, str) and text.endswith("\n"):
            self._stream.flush()
            self._block.after_write()
        return written

    def __getattr__(self, name):
        return getattr(self._stream, name)


def screen_lines(rows: list[SiteProgress], total_queued: int | None, limit: int = MAX_SITE_LINES) -> list[str]:
    """The terminal block: busiest sites first when they do not all fit, then a total."""
    if len(rows) > limit:
        shown = sorted(rows, key=lambda r: (-(r.queued > 0 or (r.rate or 0) > 0), -(r.rate or 0), -r.queued,
                                            r.site))[: limit - 1]
        shown.sort(key=lambda r: r.site)
        hidden = [r for r in rows if r not in shown]
        lines = [r.screen_line() for r in shown]
        lines.append(f"… {len(hidden)} more sites: {sum(r.pages for r in hidden)} pages, "
                     f"{sum(r.articles for r in hidden)} articles")
    else:
        lines = [r.screen_line() for r in rows]
    lines.insert(0, SCREEN_HEADER)
    if len(rows) > 1 or not rows:
        lines.append(SiteProgress(
            "all sites", pages=sum(r.pages for r in rows), articles=sum(r.articles for r in rows),
            dupes=sum(r.dupes for r in rows), errors=sum(r.errors for r in rows),
            rate=None if any(r.rate is None for r in rows) else sum(r.rate for r in rows),
            queued=total_queued if total_queued is not None else sum(r.queued for r in rows),
        ).screen_line())
    return lines


class ProgressExtension:
    """Scrapy extension: see the module docstring."""

    def __init__(self, crawler, stream=None, interval: float | None = None, clock=time.monotonic):
        self.crawler = crawler
        self.stream = stream if stream is not None else sys.stderr
        try:
            self.tty = bool(self.stream.isatty())
        except (AttributeError, ValueError):
            self.tty = False
        self.interval = interval if interval and interval > 0 else (1.0 if self.tty else 60.0)
        self.clock = clock
        self.tracker = ProgressTracker()
        self.scheduled: Counter = Counter()
        self.taken: Counter = Counter()
        self.block = TerminalBlock(self.stream) if self.tty else None
        self.task = None
        self._patched: list[tuple[logging.Handler, object]] = []
        self._saved_stderr = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("PROGRESS_ENABLED", True):
            raise NotConfigured
        try:
            interval = float(settings.get("PROGRESS_INTERVAL") or 0)
        except (TypeError, ValueError):
            interval = 0.0  # a bad value: the default
        ext = cls(crawler, interval=interval if interval > 0 else None)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        crawler.signals.connect(ext.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        return ext

    # -- the queue per site ---------------------------------------------------------------
    def request_scheduled(self, request, spider=None):
        self.scheduled[site_of(request.url)] += 1

    def request_dropped(self, request, spider=None):
        self.scheduled[site_of(request.url)] -= 1

    def _scheduler(self):
        engine = getattr(self.crawler, "engine", None)
        scheduler = getattr(engine, "scheduler", None)  # Scrapy >= 2.19
        if scheduler is None:
            slot = getattr(engine, "slot", None) or getattr(engine, "_slot", None)
            scheduler = getattr(slot, "scheduler", None)
        return scheduler

    def _count_taken(self, scheduler) -> None:
        original = scheduler.next_request

        def next_request():
            request = original()
            if request is not None:
                self.taken[site_of(request.url)] += 1
            return request

        scheduler.next_request = next_request

    def queued(self) -> dict[str, int]:
        return {site: n - self.taken.get(site, 0) for site, n in self.scheduled.items()}

    def total_queued(self) -> int | None:
        try:
            return len(self._scheduler())
        except TypeError:
            return None

    # -- the timer ------------------------------------------------------------------------
    def spider_opened(self, spider=None):
        self.tracker.start(self.clock())
        scheduler = self._scheduler()
        if scheduler is not None:
            self._count_taken(scheduler)
        if self.tty:
            self._guard_terminal()
        try:
            from scrapy.utils.asyncio import create_looping_call  # Scrapy >= 2.14
        except ImportError:
            from twisted.internet.task import LoopingCall as create_looping_call
        self.task = create_looping_call(self.tick)
        self.task.start(self.interval, now=self.tty)

    def tick(self) -> None:
        try:
            rows = self.tracker.snapshot(self.crawler.stats.get_stats(), self.queued(), self.clock())
            if self.tty:
                self.block.show(screen_lines(rows, self.total_queued()))
            else:
                for row in rows:
                    logger.info(row.log_line())
        except Exception:  # noqa: BLE001 - progress display must never stop a crawl
            logger.debug("progress display failed", exc_info=True)

    def spider_closed(self, spider=None, reason=None):
        self.stop()

    def engine_stopped(self):
        self.stop()

    def stop(self) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.block is not None:
            self.block.clear()
        self._unguard_terminal()

    # -- log lines above the block --------------------------------------------------------
    def _guard_terminal(self) -> None:
        """Send the log handlers and sys.stderr that write to our terminal through the block."""
        try:
            target = os.fstat(self.stream.fileno())
        except (OSError, ValueError, AttributeError):
            return
        guarded = self.block.guard(self.stream)
        for handler in logging.getLogger().handlers:
            stream = getattr(handler, "stream", None)
            if isinstance(handler, logging.StreamHandler) and _same_file(stream, target):
                self._patched.append((handler, handler.setStream(guarded)))
        if _same_file(sys.stderr, target):
            self._saved_stderr, sys.stderr = sys.stderr, self.block.guard(sys.stderr)

    def _unguard_terminal(self) -> None:
        for handler, original in self._patched:
            handler.setStream(original)
        self._patched = []
        if self._saved_stderr is not None:
            sys.stderr, self._saved_stderr = self._saved_stderr, None


def _same_file(stream, stat_result) -> bool:
    try:
        st = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return (st.st_dev, st.st_ino) == (stat_result.st_dev, stat_result.st_ino)
