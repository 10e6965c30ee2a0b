"""Extraction off the reactor thread: a pool of worker processes fed from the event loop.

trafilatura costs milliseconds of CPU per page, while Scrapy's reactor runs on one core.
The spider hands each HTML page to `ExtractionPool.extract`, which runs `extract_page` in
one of N worker processes (EXTRACT_WORKERS, default: the number of cores; 0 runs it in
the crawling process) and awaits the result, so downloading goes on while every core
extracts. The function is the same either way, so the records are identical.

Why not concurrent.futures.ProcessPoolExecutor: its two helper threads (one pickling into
a shared queue, one collecting results) and the cross-thread wake-ups cost the crawling
process, which must stay light, about a tenth of its CPU. Here each worker has its own
pair of pipes; the event loop writes a page into a worker's pipe and is woken by the
result, with no thread. A busy worker is sent its next page too (JOBS_PER_WORKER), which
waits in the pipe: the worker goes on to it at once instead of waiting for the event loop
to read its answer and write the next page. What the executor gave and this keeps: a worker
that dies (killed, out of memory, crashed in C) fails only the page it was on, with
WorkerDied, and is replaced (a page waiting in its pipe goes to another worker); workers
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
from multiprocessing.reduction import ForkingPickler

PIPE_BYTES = 1 << 20  # a page of up to 1 MB is written into a worker's pipe without waiting
F_SETPIPE_SZ, F_GETPIPE_SZ = 1031, 1032  # fcntl's names (Linux), there only from Python 3.10
DEFAULT_PIPE_BYTES = 4096  # what POSIX promises a pipe holds
JOBS_PER_WORKER = 2  # pages sent to a worker at once: the next waits in its pipe, not for the event loop


class WorkerDied(RuntimeError):
    """The worker process extracting a page ended before it answered."""


class ExtractionTimeout(RuntimeError):
    """A page took longer than the pool's timeout; its worker was killed."""


def extract_page(body: bytes, url: str, content_type: str | None, crawled_at: str,
                 prune_xpath=None, body_xpath=None) -> tuple[dict, list[str]]:
    """(record, canonical links of the page) for one fetched page."""
    from crawler.extraction.extract import Page, extract_from_page  # here: the crawling process never needs it

    page = Page(body, url, content_type)
    links = [link for link, _ in page.links()]  # first: extraction reads the headlines among them
    record = extract_from_page(page, crawled_at=crawled_at, prune_xpath=prune_xpath, body_xpath=body_xpath)
    return record, links


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


def _grow_pipe(connection) -> int:
    """Make the pipe hold PIPE_BYTES where the system allows; the bytes it holds."""
    try:
        import fcntl

        fcntl.fcntl(connection.fileno(), F_SETPIPE_SZ, PIPE_BYTES)
        return fcntl.fcntl(connection.fileno(), F_GETPIPE_SZ)
    except (ImportError, OSError):
        return DEFAULT_PIPE_BYTES  # not Linux, or above the system's limit: writes of large pages wait a little


class _Worker:
    """One worker process, the parent's ends of its two pipes, and the pages it was sent."""

    def __init__(self, context, function):
        task_reader, self.tasks = context.Pipe(duplex=False)
        self.results, result_writer = context.Pipe(duplex=False)
        self.pipe_bytes = _grow_pipe(self.tasks)
        _grow_pipe(self.results)
        self.process = context.Process(target=_serve, args=(task_reader, result_writer, function),
                                       name="vnportal-extract", daemon=True)
        self.process.start()
        task_reader.close()  # the child's ends: closed here, so a dead child reads as EOF
        result_writer.close()
        self.ready = False  # until the worker has imported the extraction code and said so
        # (future, pickled job) of the pages sent and not answered, oldest first: the worker
        # is extracting the first, the others wait in its pipe
        self.jobs: collections.deque = collections.deque()
        self.timer: asyncio.TimerHandle | None = None  # the timeout of the first job
        self.timed_out = False
        self.told_to_stop = False
        self.loop: asyncio.AbstractEventLoop | None = None

    def takes(self, size: int) -> bool:
        """Room for a job of `size` pickled bytes: none in flight, or fewer than JOBS_PER_WORKER
        and all of them fit in the pipe together (a write never waits for the worker)."""
        if not self.jobs:
            return True
        return len(self.jobs) < JOBS_PER_WORKER and sum(len(data) for _, data in self.jobs) + size <= self.pipe_bytes

    def watch(self, loop, on_readable) -> None:
        self.loop = loop
        loop.add_reader(self.results.fileno(), on_readable, self)

    def tell_to_stop(self) -> None:
        """Ask the worker, once, to end when its pages are done (it may already be gone)."""
        if self.told_to_stop:
            return
        self.told_to_stop = True
        try:
            self.tasks.send(None)
        except OSError:
            pass

    def stop(self, wait: float) -> None:
        if self.loop is not None:
            self.loop.remove_reader(self.results.fileno())
            self.loop = None
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        self.tell_to_stop()
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
        self.waiting: collections.deque = collections.deque()  # (future, pickled job) for a free worker
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
        self.waiting.append((future, ForkingPickler.dumps(job)))  # what Connection.send would write
        self._dispatch()
        return await future

    def _dispatch(self) -> None:
        """Hand waiting jobs to the ready workers with room, the least busy first."""
        while self.waiting:
            future, data = self.waiting[0]
            if future.done():  # cancelled while it waited
                self.waiting.popleft()
                continue
            candidates = [w for w in self.workers if w.ready and w.takes(len(data))]
            if not candidates:
                return
            worker = min(candidates, key=lambda w: len(w.jobs))
            self.waiting.popleft()
            try:
                worker.tasks.send_bytes(data)
            except OSError:  # the worker is gone: its pipe is closed
                self.waiting.appendleft((future, data))
                self._replace(worker, None)
                continue
            worker.jobs.append((future, data))
            if len(worker.jobs) == 1:
                self._start_timer(worker)

    def _start_timer(self, worker: _Worker) -> None:
        """The timeout of the worker's first job, counted from when the worker could start it."""
        if self.timeout and worker.jobs:
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
            self._dispatch()
            return
        future, _ = worker.jobs.popleft()
        if worker.timer is not None:
            worker.timer.cancel()
            worker.timer = None
        self._start_timer(worker)  # the next page in its pipe starts now
        if not future.done():
            if ok:
                future.set_result(value)
            else:
                future.set_exception(RuntimeError(value))
        self._dispatch()

    def _replace(self, worker: _Worker, reason: Exception | None) -> None:
        """Fail the page the dead worker was extracting (with `reason`), put the pages waiting
        in its pipe back in line, and start a new worker in its place (unless it died before it
        was ready: a worker that cannot start would only die again)."""
        jobs = list(worker.jobs)
        worker.jobs.clear()
        worker.stop(wait=0)
        if jobs and reason is not None:
            future, _ = jobs.pop(0)
            if not future.done():
                future.set_exception(reason)
        self.waiting.extendleft(reversed(jobs))
        if not worker.ready:
            self.workers.remove(worker)
            if not self.workers:
                for waiting, _ in self.waiting:
                    if not waiting.done():
                        waiting.set_exception(WorkerDied("no extraction worker could start"))
                self.waiting.clear()
            return
        fresh = _Worker(self.context, self.function)
        self.workers[self.workers.index(worker)] = fresh
        fresh.watch(self.loop, self._on_readable)  # given jobs once it says it is ready
        self._dispatch()

    def pids(self) -> list[int]:
        return [worker.process.pid for worker in self.workers]

    def close(self) -> None:
        for future, _ in self.waiting:
            future.cancel()
        self.waiting.clear()
        for worker in self.workers:
            for future, _ in worker.jobs:
                if not future.done():
                    future.cancel()
            worker.jobs.clear()
            worker.tell_to_stop()  # all of them first: they end side by side, not one after the other
        for worker in self.workers:
            worker.stop(wait=10)
        self.workers = []
