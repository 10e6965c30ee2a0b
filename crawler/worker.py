"""Extraction off the reactor thread: a pool of worker processes.

trafilatura costs milliseconds of CPU per page, while Scrapy's reactor runs on one core.
The spider hands each HTML page to `ExtractionPool.extract`, which runs `extract_page` in
one of N worker processes (EXTRACT_WORKERS, default: the number of cores; 0 runs it in
the crawling process) and awaits the result, so downloading goes on while every core
extracts. The function is the same either way, so the records are identical.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool



def extract_page(body: bytes, url: str, content_type: str | None, crawled_at: str,
                 prune_xpath=None, body_xpath=None) -> tuple[dict, list[str]]:
    """(record, canonical links of the page) for one fetched page."""
    from crawler.extract import Page, extract_from_page  # here: the crawling process never needs it

    page = Page(body, url, content_type)
    record = extract_from_page(page, crawled_at=crawled_at, prune_xpath=prune_xpath, body_xpath=body_xpath)
    return record, [link for link, _ in page.links()]


def _start_worker() -> None:
    """Pool initializer: die with the parent, and import the extraction code now, while the
    crawl is still fetching robots.txt and sitemaps, rather than on the first page."""
    _die_with_parent()
    import crawler.extract  # noqa: F401


def _warm() -> None:
    """A no-op task: submitted once per worker so that every worker starts at once."""


def _die_with_parent() -> None:
    """On Linux, ask the kernel to kill this worker when the crawling process dies, so a
    crawl killed with SIGKILL leaves no orphaned workers behind."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class ExtractionPool:
    def __init__(self, workers: int):
        self.workers = workers
        self.executor = self._new_executor() if workers > 0 else None

    def _new_executor(self) -> ProcessPoolExecutor:
        # spawn, not fork: workers start lean instead of copying the crawler's memory
        executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_start_worker)
        for _ in range(self.workers):
            executor.submit(_warm)
        return executor

    async def extract(self, *args) -> tuple[dict, list[str]]:
        if self.executor is None:
            return extract_page(*args)
        try:
            return await asyncio.get_running_loop().run_in_executor(self.executor, extract_page, *args)
        except BrokenProcessPool:  # a worker died (killed, out of memory): start a new pool
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = self._new_executor()
            raise

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
