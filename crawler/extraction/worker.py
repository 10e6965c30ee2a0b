"""Extraction off the reactor thread: a pool of worker processes fed from the event loop.

trafilatura costs milliseconds of CPU per page, while Scrapy's reactor runs on one core.
The spider hands each HTML page to `ExtractionPool.extract`, which runs `extract_page` in
one of N worker processes (EXTRACT_WORKERS, default: the number of cores; 0 runs it in
the crawling process) and awaits the result, so downloading goes on while every core
extracts. The function is the same either way, so the records are identical.

Why not concurrent.futures.ProcessPoolExecutor: its two helper threads (one pickling into
a shared queue, one collecting results) and the cross-thread wake-ups cost the crawling
process, which must stay light, about a tenth of its CPU. Here each worker has its own
pair of pipes; the event loop writes a page into an idle worker's pipe and is woken by the
result, with no thread. What the executor gave and this keeps: a worker that dies (killed,
out of memory, crashed in C) fails only its page, with WorkerDied, and is replaced; workers
die with the crawling process. What it adds: a page that takes longer than EXTRACT_TIMEOUT
seconds has its worker killed and fails with ExtractionTimeout, so one pathological page
cannot hold a core for the rest of the crawl.
"""

from __future__ import annotations

import asyncio
import collections
import gc
import multiprocessing
import os
import signal

PIPE_BYTES = 1 << 20  # a page of up to 1 MB is written into a worker's pipe without waiting
F_SETPIPE_SZ = 1031  # fcntl.F_SETPIPE_SZ (Linux), named in the fcntl module only from Python 3.10


class WorkerDied(RuntimeError):
    """The worker process extracting a page ended before it answered."""


class ExtractionTimeout(RuntimeError):
    """A page took longer than the pool's timeout; its worker was killed."""


def extract_page(body: bytes, url: str, content_type: str | None, crawled_at: str,
                 prune_xpath=None, body_xpath=None) -> tuple[dict, list[str]]:
    """(record, canonical links of the page) for one fetched page."""
    from crawler.extraction.extract import Page, extract_from_page  # here: the crawling process never needs it

    page = Page(body, url, content_type)
    record = extract_from_page(page, crawled_at=crawled_at, prune_xpath=prune_xpath, body_xpath=body_xpath)
    return record, [link for link, _ in page.links()]


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _die_with_parent() -> None:
    """On Linux, ask the kernel to kill this worker when the crawling process dies, so a
    crawl killed with SIGKILL leaves no orphaned workers behind."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _serve(tasks, results, function) -> None:
    """A worker's life: import the extraction code and build its date parser at once (while
    the crawl is still fetching robots.txt and sitemaps), then answer jobs until told to stop."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawling process's to handle
    if function is extract_page:
        import crawler.extraction.extract  # noqa: F401
        from crawler.extraction.dates import prepare_dateparser

        prepare_dateparser()
        gc.freeze()  # the modules' objects stay: each collection then walks only a page's (0.5 -> 0.1 ms a page)
    results.send((True, None))  # ready: the first page's timeout counts extraction only
    while True:
        try:
            job = tasks.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            answer = (True, function(*job))
        except Exception as exc:  # noqa: BLE001 - the page fails, the worker goes on
            answer = (False, f"{type(exc).__name__}: {exc}")
        results.send(answer)


def _grow_pipe(connection) -> None:
    try:
        import fcntl

        fcntl.fcntl(connection.fileno(), F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, OSError):
        pass  # not Linux, or above the system's limit: writes of large pages wait a little


class _Worker:
    """One worker process and the parent's ends of its two pipes."""

    def __init__(self, context, function):
        task_reader, self.tasks = context.Pipe(duplex=False)
        self.results, result_writer = context.Pipe(duplex=False)
        _grow_pipe(self.tasks)
        _grow_pipe(self.results)
        self.process = context.Process(target=_serve, args=(task_reader, result_writer, function),
                                       name="vnportal-extract", daemon=True)
        self.process.start()
        task_reader.close()  # the child's ends: closed here, so a dead child reads as EOF
        result_writer.close()
        self.ready = False  # until the worker has imported the extraction code and said so
        self.future: asyncio.Future | None = None
        self.timer: asyncio.TimerHandle | None = None
        self.timed_out = False
        self.loop: asyncio.AbstractEventLoop | None = None

    def watch(self, loop, on_readable) -> None:
        self.loop = loop
        loop.add_reader(self.results.fileno(), on_readable, self)

    def stop(self, wait: float) -> None:
        if self.loop is not None:
            self.loop.remove_reader(self.results.fileno())
            self.loop = None
        try:
            self.tasks.send(None)
        except OSError:
            pass
        self.process.join(wait)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.tasks.close()
        self.results.close()


class ExtractionPool:
    def __init__(self, workers: int, timeout: float | None = None, function=extract_page):
        self.function = function
        self.timeout = timeout
        self.context = multiprocessing.get_context("spawn")  # lean workers, not a copy of the crawler
        self.workers = [_Worker(self.context, function) for _ in range(workers)]
        self.started = workers > 0  # 0: extraction in this process
        self.idle: list[_Worker] = []  # ready and without a page
        self.waiting: collections.deque = collections.deque()  # (job, future) for a free worker
        self.loop: asyncio.AbstractEventLoop | None = None  # the event loop of the first extract()

    async def extract(self, *job):
        if not self.workers:
            if self.started:
                raise WorkerDied("no extraction worker could start")
            return self.function(*job)
        if self.loop is None:
            self.loop = asyncio.get_running_loop()
            for worker in self.workers:
                worker.watch(self.loop, self._on_readable)
        future = self.loop.create_future()
        self.waiting.append((job, future))
        self._dispatch()
        return await future

    def _dispatch(self) -> None:
        while self.idle and self.waiting:
            job, future = self.waiting.popleft()
            if future.done():  # cancelled while it waited
                continue
            worker = self.idle.pop()
            worker.future = future
            try:
                worker.tasks.send(job)
            except OSError:  # the worker is gone: its pipe is closed
                self._replace(worker, WorkerDied("extraction worker died"))
                continue
            if self.timeout:
                worker.timer = self.loop.call_later(self.timeout, self._expire, worker)

    def _expire(self, worker: _Worker) -> None:
        worker.timed_out = True
        worker.process.kill()  # its pipe then reads as EOF: _on_readable replaces it

    def _on_readable(self, worker: _Worker) -> None:
        try:
            ok, value = worker.results.recv()
        except (EOFError, OSError):
            reason = (ExtractionTimeout(f"extraction took over {self.timeout:g} s") if worker.timed_out
                      else WorkerDied(f"extraction worker died (exit code {worker.process.exitcode})"))
            self._replace(worker, reason)
            return
        if not worker.ready:
            worker.ready = True
            self.idle.append(worker)
            self._dispatch()
            return
        future, worker.future = worker.future, None
        if worker.timer is not None:
            worker.timer.cancel()
            worker.timer = None
        self.idle.append(worker)
        if future is not None and not future.done():
            if ok:
                future.set_result(value)
            else:
                future.set_exception(RuntimeError(value))
        self._dispatch()

    def _replace(self, worker: _Worker, reason: Exception) -> None:
        """Fail the dead worker's page, and start a new worker in its place (unless it died
        before it was ready: a worker that cannot start would only die again)."""
        future = worker.future
        if worker.timer is not None:
            worker.timer.cancel()
        worker.stop(wait=0)
        if not worker.ready:
            self.workers.remove(worker)
            if not self.workers:
                for _, waiting in self.waiting:
                    if not waiting.done():
                        waiting.set_exception(WorkerDied("no extraction worker could start"))
                self.waiting.clear()
            return
        fresh = _Worker(self.context, self.function)
        self.workers[self.workers.index(worker)] = fresh
        fresh.watch(self.loop, self._on_readable)  # idle once it says it is ready
        if future is not None and not future.done():
            future.set_exception(reason)
        self._dispatch()

    def pids(self) -> list[int]:
        return [worker.process.pid for worker in self.workers]

    def close(self) -> None:
        for _, future in self.waiting:
            future.cancel()
        self.waiting.clear()
        for worker in self.workers:
            if worker.future is not None and not worker.future.done():
                worker.future.cancel()
            if worker.timer is not None:
                worker.timer.cancel()
            worker.stop(wait=10)
        self.workers, self.idle = [], []
