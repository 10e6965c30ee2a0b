"""Meta-refresh redirects still work with crawler.metarefresh, which skips decoding pages
that cannot hold one.

A real `crawler crawl` runs against a small portal on 127.0.0.1 whose home page is only a
`<meta http-equiv="refresh">` to the real home page, as many provincial portals' roots
are (to /wps/portal, /Pages/, /vi/); the article behind it must come out. The middleware's
own decisions are checked on real Scrapy responses.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from glob import glob
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

import hostile_server as hs
from crawler.metarefresh import LazyMetaRefreshMiddleware, may_refresh

SLUG = "giao-ban-dan-van"
REFRESH = '<html><head><meta http-equiv="Refresh" content="0; url=/portal/trang-chu.html"></head><body></body></html>'


class RefreshPortal(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        pages = {
            "/": REFRESH,
            "/portal/trang-chu.html": f'<html><head><title>Trang chủ</title></head><body>{hs.chrome_top()}'
                                      f'<ul><li><a href="{hs.ARTICLE_PATHS[SLUG]}">{hs.ARTICLES[SLUG][0]}</a></li>'
                                      f'</ul>{hs.CHROME_BOTTOM}</body></html>',
            hs.ARTICLE_PATHS[SLUG]: hs.article_html(SLUG),
            "/robots.txt": "User-agent: *\nAllow: /\n",
        }
        body = pages.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/plain" if self.path == "/robots.txt" else "text/html; charset=utf-8")
        data = (body or "không tìm thấy").encode("utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def test_crawl_follows_a_meta_refresh_home_page_to_its_article(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), RefreshPortal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        out = tmp_path / "out"
        proc = subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", base + "/", "--out", str(out),
                               "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
                               "-s", "EXTRACT_WORKERS=0"], capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
    assert proc.returncode == 0, proc.stderr[-2000:]
    records = [json.loads(line) for path in glob(str(out / "*" / "*.jsonl"))
               if not path.endswith("duplicates.jsonl") for line in open(path, encoding="utf-8")]
    assert [r["url"] for r in records] == [base + hs.ARTICLE_PATHS[SLUG]]
    assert records[0]["text"] == hs.expected_text(SLUG)


@pytest.fixture
def middleware():
    crawler = get_crawler(settings_dict={"METAREFRESH_ENABLED": True})
    return LazyMetaRefreshMiddleware.from_crawler(crawler)


def response(body: bytes, url: str = "http://127.0.0.1/") -> HtmlResponse:
    return HtmlResponse(url, body=body, headers={"Content-Type": "text/html; charset=utf-8"},
                        request=Request(url))


def test_page_with_refresh_is_redirected(middleware):
    page = response(REFRESH.encode())
    result = middleware.process_response(page.request, page)
    assert isinstance(result, Request)
    assert result.url == "http://127.0.0.1/portal/trang-chu.html"


def test_page_without_refresh_is_passed_on_undecoded(middleware):
    page = response(hs.article_html(SLUG).encode("utf-8"))
    assert middleware.process_response(page.request, page) is page
    assert page._cached_ubody is None  # Scrapy's decoded text was never made


def test_refresh_beyond_what_scrapy_reads_is_ignored_as_scrapy_does(middleware):
    late = b"<html><head>" + b"<!-- " + "ư".encode() * 5000 + b" -->" + REFRESH.encode()[6:]
    page = response(late)
    assert middleware.process_response(page.request, page) is page


def test_utf16_pages_are_left_to_scrapy():
    assert may_refresh(REFRESH.encode("utf-16"))
    assert may_refresh(b"<html>" + REFRESH.encode("utf-16-le"))
    assert not may_refresh(hs.article_html(SLUG).encode("utf-8"))
