"""Progress: the per-site lines drawn in place on a terminal, plain log lines elsewhere.

The extension's logic runs against fake stats, a fake scheduler and fake streams; then a
real `crawler crawl` of a sample portal with stderr on a pipe (log lines, no control
character) and on a pseudo-terminal (ANSI redraws, cleared before the summary)."""

import fcntl
import io
import logging
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time

import pytest
from scrapy import Request

from conftest import fast, run_cli, start_cli
from crawler.cli.progress import ProgressExtension, SiteProgress, TerminalBlock, screen_lines
from crawler.sample_portals import serve_portals

CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")  # every control character but "\n"


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


class FakeStats:
    def __init__(self, stats):
        self.stats = stats

    def get_stats(self):
        return dict(self.stats)


class FakeScheduler:
    def __init__(self, urls):
        self.queue = [Request(u) for u in urls]

    def next_request(self):
        return self.queue.pop(0) if self.queue else None

    def __len__(self):
        return len(self.queue)


class FakeCrawler:
    def __init__(self, stats, scheduler=None):
        self.stats = FakeStats(stats)
        self.engine = type("Engine", (), {"scheduler": scheduler})()


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


STATS = {
    "site/a.vn/pages_fetched": 10, "site/a.vn/articles_written": 4, "site/a.vn/duplicates": 1,
    "site/a.vn/errors/http_404": 2, "site/a.vn/errors/timeout": 1, "site/a.vn/non_articles/listing": 5,
    "site/b.vn/pages_fetched": 3, "downloader/request_count": 13,
}


def _extension(stream):
    urls = [f"http://a.vn/{i}" for i in range(5)] + ["http://www.b.vn/1"]
    scheduler = FakeScheduler(urls)
    crawler = FakeCrawler(dict(STATS), scheduler)
    clock = Clock()
    ext = ProgressExtension(crawler, stream=stream, clock=clock)
    for url in urls:
        ext.request_scheduled(Request(url))
    ext.request_scheduled(Request("http://a.vn/0"))
    ext.request_dropped(Request("http://a.vn/0"))  # refused by the duplicate filter
    ext._count_taken(scheduler)
    scheduler.next_request()
    scheduler.next_request()  # two of a.vn's requests leave the scheduler
    return ext, crawler, clock


def test_terminal_lines_are_redrawn_in_place_and_cleared():
    tty = FakeTTY()
    ext, crawler, clock = _extension(tty)
    assert ext.tty and ext.interval == 1.0
    ext.tick()
    first = tty.getvalue()
    assert "\x1b[" not in first  # nothing to erase yet
    crawler.stats.stats["site/a.vn/pages_fetched"] = 30
    clock.now += 2
    ext.tick()
    second = tty.getvalue()[len(first):]
    assert second.startswith("\r\x1b[4A\x1b[J")  # up over header, two sites and the total; clear
    lines = second.split("\x1b[J", 1)[1].splitlines()
    assert lines[0].split() == ["site", "pages", "articles", "dupes", "errors", "pages/s", "queued"]
    assert lines[1].split() == ["a.vn", "30", "4", "1", "3", "10.0", "3"]
    assert lines[2].split() == ["b.vn", "3", "0", "0", "0", "0.0", "1"]
    assert lines[3].split() == ["all", "sites", "33", "4", "1", "3", "10.0", "4"]  # queue: len(scheduler)
    ext.stop()
    assert tty.getvalue().endswith("\r\x1b[4A\x1b[J")


def test_log_lines_go_above_the_block():
    tty = FakeTTY()
    block = TerminalBlock(tty, width=100, height=30)
    block.show(["line one", "line two"])
    guarded = block.guard(tty)
    guarded.write("2026-11-23 [scrapy] INFO: a log line\n")
    assert tty.getvalue() == ("line one\nline two\n" "\r\x1b[2A\x1b[J" "2026-11-23 [scrapy] INFO: a log line\n"
                              "line one\nline two\n")
    assert guarded.isatty()


def test_terminal_block_fits_the_terminal():
    tty = FakeTTY()
    block = TerminalBlock(tty, width=20, height=5)
    block.show([f"{i} " + "x" * 40 for i in range(10)])
    lines = tty.getvalue().splitlines()
    assert len(lines) == 3 and all(len(line) == 19 for line in lines)


def test_many_sites_are_summed_up_in_one_line():
    rows = [SiteProgress(f"site{i:02}.vn", pages=i, articles=1, rate=float(i % 3 == 0), queued=i % 2)
            for i in range(30)]
    lines = screen_lines(rows, total_queued=15, limit=10)
    assert len(lines) == 1 + 10 + 1
    assert lines[-2].startswith("… 21 more sites")
    assert lines[-1].split()[:3] == ["all", "sites", str(sum(range(30)))]


def test_not_on_a_terminal_plain_log_lines(caplog):
    stream = io.StringIO()
    ext, crawler, clock = _extension(stream)
    assert not ext.tty and ext.interval == 60.0
    with caplog.at_level(logging.INFO, logger="crawler.cli.progress"):
        ext.tick()
        crawler.stats.stats["site/a.vn/pages_fetched"] = 70
        clock.now += 60
        ext.tick()
        ext.stop()
    messages = [r.getMessage() for r in caplog.records if r.name == "crawler.cli.progress"]
    assert messages[-2:] == [
        "progress a.vn: pages 70, articles 4, dupes 1, errors 3, 1.0 pages/s, queued 3",
        "progress b.vn: pages 3, articles 0, dupes 0, errors 0, 0.0 pages/s, queued 1",
    ]
    assert stream.getvalue() == ""
    assert not any(CONTROL.search(m) for m in messages)


def test_disabled():
    from scrapy.exceptions import NotConfigured
    from scrapy.utils.test import get_crawler
    with pytest.raises(NotConfigured):
        ProgressExtension.from_crawler(get_crawler(settings_dict={"PROGRESS_ENABLED": False}))


# --- a real crawl ---------------------------------------------------------------------

ARGS = fast(DOWNLOAD_DELAY=0.05, PROGRESS_INTERVAL=0.2, LOG_LEVEL=None)


@pytest.fixture(scope="module")
def portal():
    with serve_portals(names=["qbtv"]) as portals:
        yield portals[0]


def test_crawl_not_on_a_terminal_logs_progress_without_control_characters(portal, tmp_path):
    result = run_cli("crawl", portal.base_url, "--out", tmp_path, *ARGS, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if f"progress {portal.host}: pages " in line]
    assert len(lines) >= 2, result.stderr[-3000:]
    assert re.search(r"pages \d+, articles \d+, dupes \d+, errors \d+, [\d.]+ pages/s, queued \d+$", lines[-1])
    assert not CONTROL.search(result.stderr), repr(CONTROL.search(result.stderr))
    assert "Crawl summary" in result.stderr


def test_crawl_on_a_terminal_redraws_site_lines(portal, tmp_path):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = start_cli("crawl", portal.base_url, "--out", tmp_path, *ARGS,
                        stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    chunks, deadline = [], time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
        process.wait(timeout=30)
    assert process.returncode == 0
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert screen.count("\x1b[J") >= 3, screen[-3000:]  # drawn, redrawn, cleared
    assert re.search(rf"\n{re.escape(portal.host)} +\d+ +\d+ +\d+ +\d+ +[\d.]+ +\d+\r?\n", screen)
    assert "pages/s" in screen
    after_last_clear = screen.rsplit("\x1b[J", 1)[1]
    assert "Crawl summary" in after_last_clear and "\x1b" not in after_last_clear
