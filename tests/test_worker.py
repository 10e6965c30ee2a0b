"""The extraction pool (crawler/extraction/worker.py): real worker processes, real pipes, real kills.

Pages come from a sample portal served on 127.0.0.1; each check runs the pool on an asyncio
loop as the crawl does. Records out of the pool equal those of the function run in this
process; a worker killed mid-page fails that page only and is replaced; a page past the
timeout has its worker killed; workers do not outlive a crawling process killed with SIGKILL.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import json

import pytest

import hostile_server as hs
from crawler.sample_portals.server import serve_portals
from crawler.extraction.worker import ExtractionPool, ExtractionTimeout, WorkerDied, extract_page
from small_portal import PageTable, crawl, serve

CRAWLED_AT = "2026-01-01T00:00:00+07:00"


def slow(seconds: float) -> float:
    """A job for the pool that takes its time (imported by name in the worker)."""
    time.sleep(seconds)
    return seconds


def fail() -> None:
    raise ValueError("hỏng")


@pytest.fixture(scope="module")
def pages():
    with serve_portals(names=["big"], big_articles=30) as [portal]:
        base = portal.base_url.rstrip("/")
        home = urllib.request.urlopen(base + "/").read()
        paths = list(dict.fromkeys(re.findall(rb'href="(/[^"#]+\.html)"', home)))[:12]
        return [(base + p.decode(), urllib.request.urlopen(base + p.decode()).read()) for p in paths]


def run(coroutine):
    return asyncio.run(coroutine)


def test_pool_records_equal_in_process_records(pages):
    async def through_pool():
        pool = ExtractionPool(2)
        try:
            return await asyncio.gather(*(pool.extract(body, url, "text/html; charset=utf-8", CRAWLED_AT)
                                          for url, body in pages))
        finally:
            pool.close()

    pooled = run(through_pool())
    local = [extract_page(body, url, "text/html; charset=utf-8", CRAWLED_AT) for url, body in pages]
    assert len(pages) >= 8
    assert pooled == local
    assert sum(1 for record, _ in local if record.get("reason") is None) >= 3  # articles among them


def test_exception_in_a_job_fails_that_job_only():
    async def go():
        pool = ExtractionPool(1, function=fail)
        try:
            with pytest.raises(RuntimeError, match="ValueError: hỏng"):
                await pool.extract()
            with pytest.raises(RuntimeError):
                await pool.extract()  # the same worker answers again
            return pool.pids()
        finally:
            pool.close()

    assert len(run(go())) == 1


def test_killed_worker_fails_its_page_and_is_replaced():
    async def go():
        pool = ExtractionPool(1, function=slow)
        try:
            first = pool.pids()[0]
            job = asyncio.ensure_future(pool.extract(30))
            await asyncio.sleep(1.5)  # the worker has started the job
            os.kill(first, signal.SIGKILL)
            with pytest.raises(WorkerDied):
                await asyncio.wait_for(job, 10)
            assert pool.pids()[0] != first
            assert await asyncio.wait_for(pool.extract(0.01), 30) == 0.01  # the new worker works
        finally:
            pool.close()

    run(go())


def test_a_page_waiting_in_a_killed_workers_pipe_goes_to_the_new_worker():
    async def go():
        pool = ExtractionPool(1, function=slow)
        try:
            await pool.extract(0)  # the worker is up
            first = pool.pids()[0]
            stuck = asyncio.ensure_future(pool.extract(30))
            behind = asyncio.ensure_future(pool.extract(0.01))
            await asyncio.sleep(1.0)
            assert len(pool.workers[0].jobs) == 2  # both sent: the second waits in the busy worker's pipe
            os.kill(first, signal.SIGKILL)
            with pytest.raises(WorkerDied):
                await asyncio.wait_for(stuck, 10)
            assert await asyncio.wait_for(behind, 30) == 0.01  # not failed with the page before it
            assert pool.pids()[0] != first
        finally:
            pool.close()

    run(go())


def test_page_past_the_timeout_kills_its_worker_and_the_others_go_on():
    async def go():
        pool = ExtractionPool(2, timeout=2, function=slow)
        try:
            await asyncio.gather(pool.extract(0), pool.extract(0))  # both workers up
            started = time.monotonic()
            stuck = asyncio.ensure_future(pool.extract(60))
            quick = [await pool.extract(0.01) for _ in range(5)]
            with pytest.raises(ExtractionTimeout):
                await stuck
            assert time.monotonic() - started < 10
            assert quick == [0.01] * 5
            assert await pool.extract(0.01) == 0.01
        finally:
            pool.close()

    run(go())


def test_close_stops_every_worker():
    async def go():
        pool = ExtractionPool(2, function=slow)
        await asyncio.gather(pool.extract(0), pool.extract(0))
        pids = pool.pids()
        pool.close()
        return pids

    for pid in run(go()):
        assert not _alive(pid)


def test_workers_die_with_a_crawling_process_killed_with_sigkill(tmp_path):
    script = ("import asyncio, sys\n"
              "from crawler.extraction.worker import ExtractionPool\n"
              "from test_worker import slow\n"
              "async def main():\n"
              "    pool = ExtractionPool(2, function=slow)\n"
              "    await asyncio.gather(pool.extract(0), pool.extract(0))\n"
              "    print(*pool.pids(), flush=True)\n"
              "    await pool.extract(600)\n"
              "asyncio.run(main())\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([os.path.dirname(__file__), os.getcwd()])}
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert len(pids) == 2 and all(_alive(pid) for pid in pids)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def slow_page() -> bytes:
    """A 4 MB page of 50,000 linked headlines: several seconds of extraction on any machine, so
    EXTRACT_TIMEOUT=1 stops it however fast extraction gets (the 10 MB page of photos that was
    used here takes about a second now), while the plain article takes milliseconds."""
    rows = "".join(f'<tr><td class="c{i % 50}"><a href="/tin/{i}.html">Tin số {i} về cầu</a></td></tr>'
                   for i in range(50_000))
    return (f"<html><head><title>Khánh thành cầu</title></head><body><table>{rows}</table>"
            "</body></html>").encode()


class SlowPagePortal(PageTable):
    """A home page linking to a plain article and to a page that takes seconds to extract."""

    def pages(self, base: str) -> dict:
        html = "text/html; charset=utf-8"
        return {
            "/": (html, f'<html><head><title>Trang chủ</title></head><body>{hs.chrome_top()}<ul>'
                        f'<li><a href="{hs.ARTICLE_PATHS["giao-ban-dan-van"]}">Giao ban</a></li>'
                        f'<li><a href="/trang-lon.html">Khánh thành cầu</a></li></ul>{hs.CHROME_BOTTOM}'
                        '</body></html>'.encode()),
            hs.ARTICLE_PATHS["giao-ban-dan-van"]: (html, hs.article_html("giao-ban-dan-van").encode()),
            "/trang-lon.html": (html, slow_page()),
        }


def test_a_crawl_counts_a_page_past_the_timeout_and_goes_on(tmp_path):
    hs.warm()
    with serve(SlowPagePortal) as base:
        records = crawl(base + "/", tmp_path / "out", "-s", "EXTRACT_WORKERS=1", "-s", "EXTRACT_TIMEOUT=1")
    summary = json.loads((tmp_path / "out" / "last-summary.json").read_text("utf-8"))
    errors = summary["sites"]["127.0.0.1"]["errors"]  # besides the menu's links, which answer 404 here
    assert errors["extraction_timeout"] == 1 and "extraction_failed" not in errors
    assert [r["url"] for r in records] == [base + hs.ARTICLE_PATHS["giao-ban-dan-van"]]


def test_the_timeout_counts_extraction_only_not_a_worker_starting(pages):
    async def go():
        pool = ExtractionPool(1, timeout=1.0)  # the worker takes about a second to import the extraction code
        try:
            url, body = pages[1]
            return await pool.extract(body, url, "text/html; charset=utf-8", CRAWLED_AT)
        finally:
            pool.close()

    record, links = run(go())
    assert record.get("reason") is None and links
