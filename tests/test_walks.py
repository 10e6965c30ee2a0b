"""Scheduled runs that never lose ground (issue 11): real processes, real signals.

A crawl stopped early (--max-pages, SIGINT, SIGTERM) exits 5, its summary says it was cut
short and that the next run continues it, and a plain run (no --resume) continues the walk
until the site has been crawled to the end: every article exactly once. --max-pages N sends
at most N requests (counted by the server).

Two sites: the generated "big" portal of crawler.sample_portals, and an archive portal built
here that publishes nothing new, whose older articles are reachable only through one listing's
pagination (each page links to the next two): the shape where a cut crawl used to lose the
rest of the site for good (the next run cleared the frontier and stopped paging at the first
page of known articles).
"""

from __future__ import annotations

import contextlib
import signal
import sqlite3
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from conftest import complete_record_lines, fast, read_records, read_summary, run_cli, start_cli
from crawler.sample_portals import expected_articles, serve_portals
from crawler.sample_portals.bigsite import big_placements
from crawler.sample_portals.corpus import load_corpus

SETTINGS = fast(CONCURRENT_REQUESTS_PER_DOMAIN=16, EXTRACT_WORKERS=1)
CUT_SHORT = 5
ARCHIVE_ARTICLES = 100  # 20 listing pages, each linking to the next two
PER_PAGE = 5


def crawl(url, out, *extra):
    return run_cli("crawl", url, "--out", out, *SETTINGS, *extra)


# -- the archive portal --------------------------------------------------------------------
def _archive_pages() -> dict[str, bytes]:
    _, stories = big_placements(load_corpus(), ARCHIVE_ARTICLES)
    stories = sorted(stories.values(), key=lambda s: s.dt, reverse=True)  # newest first
    menu = '<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc/">Tin tức</a></li></ul>'

    def page(title, main):
        return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head>'
                f'<body><div id="header">{menu}</div><div class="main">{main}</div>'
                '<div id="footer"><p>Cơ quan chủ quản: Ban Dân vận Tỉnh ủy</p></div></body></html>').encode()

    def teasers(items):
        return "".join(f'<div class="item"><h3><a href="/tin-tuc/bai-{i}.html">{s.title}</a></h3>'
                       f'<p>{" ".join(dict(s.blocks)["p"].split()[:30])}</p></div>' for i, s in items)

    numbered = list(enumerate(stories, 1))
    last = (len(numbered) + PER_PAGE - 1) // PER_PAGE
    pages = {"/": page("Trang chủ", teasers(numbered[:PER_PAGE]))}
    for n in range(1, last + 1):
        after = "".join(f'<a href="/tin-tuc/trang-{k}.html">Trang {k}</a> ' for k in (n + 1, n + 2) if k <= last)
        path = "/tin-tuc/" if n == 1 else f"/tin-tuc/trang-{n}.html"
        pages[path] = page(f"Tin tức - trang {n}", teasers(numbered[(n - 1) * PER_PAGE:n * PER_PAGE])
                           + f'<div class="pagination">{after}</div>')
    for i, s in numbered:
        body = "".join(f"<p>{text}</p>" for _, text in s.blocks)
        published = s.dt.strftime("%Y-%m-%dT%H:%M:00+07:00")
        pages[f"/tin-tuc/bai-{i}.html"] = page(s.title, (
            f'<div class="detail"><h1 class="title">{s.title}</h1>'
            f'<meta property="article:published_time" content="{published}">'
            f'<div class="date">{s.dt:%d/%m/%Y %H:%M}</div><div class="content">{body}</div></div>'))
    return pages


@contextlib.contextmanager
def archive_portal():
    """(base URL, the article paths, the list of paths requested) while served on 127.0.0.1."""
    pages = _archive_pages()
    requested: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            requested.append(self.path)
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            body = body or "không tìm thấy".encode()
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield (f"http://127.0.0.1:{server.server_address[1]}/", {p for p in pages if "/bai-" in p}, requested)
    finally:
        server.shutdown()
        server.server_close()


def paths_written(out) -> list[str]:
    return [urlsplit(r["url"]).path for r in read_records(out)]


def assert_cut_short(result, out, why: str):
    assert result.returncode == CUT_SHORT, result.stderr[-3000:]
    assert "cut short" in result.stderr and why in result.stderr, result.stderr[-3000:]
    assert "the next run continues it" in result.stderr
    report = read_summary(out)
    assert report["cut_short"]["why"].startswith(why) and report["cut_short"]["pending"] > 0, report["cut_short"]
    assert {w["walk"] for w in report["walks"].values()} == {"in progress"}


@pytest.mark.parametrize("max_pages", [5, 40])
def test_cut_short_then_two_plain_runs_every_article_exactly_once(tmp_path, max_pages):
    with archive_portal() as (url, articles, requested):
        first = crawl(url, tmp_path, "--max-pages", str(max_pages))
        assert_cut_short(first, tmp_path, f"--max-pages {max_pages} reached")
        assert len(requested) <= max_pages, requested
        second = crawl(url, tmp_path)
        assert second.returncode == 0, second.stderr[-3000:]
        assert read_summary(tmp_path)["cut_short"] is None
        assert {w["walk"] for w in read_summary(tmp_path)["walks"].values()} == {"complete"}
        third = crawl(url, tmp_path)
        assert third.returncode == 0, third.stderr[-3000:]
    written = paths_written(tmp_path)
    assert len(written) == len(set(written)), "an article written twice"
    assert set(written) == articles, f"{len(articles - set(written))} of {len(articles)} articles never written"


def _interrupt(portal_url, out, signum, *, after_records: int):
    process = start_cli("crawl", portal_url, "--out", out, *SETTINGS)
    deadline = time.time() + 120
    while len(complete_record_lines(out)) < after_records and process.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the crawl ended before it could be interrupted"
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, "", stderr)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_crawl_exits_cut_short_and_a_plain_run_finishes_the_archive(tmp_path, signum):
    with archive_portal() as (url, articles, _):
        stopped = _interrupt(url, tmp_path, signum, after_records=30)
        assert_cut_short(stopped, tmp_path, f"{signal.Signals(signum).name} received")
        assert len(read_records(tmp_path)) < len(articles)
        again = crawl(url, tmp_path)
        assert again.returncode == 0, again.stderr[-3000:]
    written = paths_written(tmp_path)
    assert len(written) == len(set(written))
    assert set(written) == articles, f"{len(articles - set(written))} of {len(articles)} articles never written"


def test_sigterm_on_the_big_portal_then_a_plain_run_finishes_it(tmp_path):
    with serve_portals(names=["big"], big_articles=100) as [portal]:
        expected = {e.urls[0] for e in expected_articles([portal])}
        stopped = _interrupt(portal.base_url, tmp_path, signal.SIGTERM, after_records=40)
        assert_cut_short(stopped, tmp_path, "SIGTERM received")
        again = crawl(portal.base_url, tmp_path)
        assert again.returncode == 0, again.stderr[-3000:]
    urls = [r["url"] for r in read_records(tmp_path)]
    assert len(urls) == len(set(urls)) and set(urls) == expected


def test_max_pages_sends_at_most_n_requests(tmp_path):
    with serve_portals(names=["big"], big_articles=200) as [portal]:
        counts = {}
        for n in (5, 25):
            before = len(portal.requests)
            result = crawl(portal.base_url, tmp_path / str(n), "--max-pages", str(n))
            counts[n] = len(portal.requests) - before
            assert_cut_short(result, tmp_path / str(n), f"--max-pages {n} reached")
    assert all(counts[n] <= n for n in counts), f"requests the server saw, per --max-pages: {counts}"


def test_a_state_whose_frontier_was_lost_walks_its_known_listings_again(tmp_path):
    """A state written before walks were recorded (or by a run that cleared the frontier):
    no walk, nothing pending, the first pages of the listing known. The next plain run pages
    the known listing again and reaches every article."""
    with archive_portal() as (url, articles, _):
        stopped = crawl(url, tmp_path, "--max-pages", "60")
        assert stopped.returncode == CUT_SHORT, stopped.stderr[-3000:]
        with contextlib.closing(sqlite3.connect(tmp_path / ".state" / "seen.sqlite")) as db:
            db.execute("DELETE FROM frontier")
            db.execute("DROP TABLE IF EXISTS walks")
            db.commit()
            known_listings = db.execute("SELECT COUNT(*) FROM pages WHERE kind='listing'").fetchone()[0]
        assert known_listings >= 3
        again = crawl(url, tmp_path)
        assert again.returncode == 0, again.stderr[-3000:]
    written = paths_written(tmp_path)
    assert len(written) == len(set(written))
    assert set(written) == articles, f"{len(articles - set(written))} of {len(articles)} articles never written"
