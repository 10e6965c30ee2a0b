"""Meta-refresh redirects still work with crawler.discovery.metarefresh, which skips decoding pages
that cannot hold one.

A real `crawler crawl` runs against a small portal on 127.0.0.1 whose home page is only a
`<meta http-equiv="refresh">` to the real home page, as many provincial portals' roots
are (to /wps/portal, /Pages/, /vi/); the article behind it must come out. The middleware's
own decisions are checked on real Scrapy responses.
"""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

import hostile_server as hs
from crawler.discovery.metarefresh import LazyMetaRefreshMiddleware, may_refresh
from small_portal import PageTable, crawl, serve

SLUG = "giao-ban-dan-van"
REFRESH = '<html><head><meta http-equiv="Refresh" content="0; url=/portal/trang-chu.html"></head><body></body></html>'


class RefreshPortal(PageTable):
    def pages(self, base: str) -> dict:
        html = "text/html; charset=utf-8"
        return {
            "/": (html, REFRESH.encode()),
            "/portal/trang-chu.html": (html, f'<html><head><title>Trang chủ</title></head><body>{hs.chrome_top()}'
                                             f'<ul><li><a href="{hs.ARTICLE_PATHS[SLUG]}">{hs.ARTICLES[SLUG][0]}'
                                             f'</a></li></ul>{hs.CHROME_BOTTOM}</body></html>'.encode()),
            hs.ARTICLE_PATHS[SLUG]: (html, hs.article_html(SLUG).encode()),
            "/robots.txt": ("text/plain", b"User-agent: *\nAllow: /\n"),
        }


def test_crawl_follows_a_meta_refresh_home_page_to_its_article(tmp_path):
    with serve(RefreshPortal) as base:
        records = crawl(base + "/", tmp_path / "out")
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
