"""Gzipped sitemaps (sitemap.xml.gz), as WordPress plugins and Liferay serve them, are read.

A real `crawler crawl` runs against a small portal on 127.0.0.1 whose home page links to no
article: the articles are reachable only through robots.txt -> a sitemap index -> a
gzipped sitemap served as a static file (application/x-gzip, no Content-Encoding).
"""

from __future__ import annotations

import gzip

import hostile_server as hs
from small_portal import PageTable, crawl, serve

SLUGS = ["giao-ban-dan-van", "thu-hoach-lua"]


class GzipSitemapPortal(PageTable):
    requests: list = []

    def do_GET(self):  # noqa: N802
        type(self).requests.append(self.path)
        super().do_GET()

    def pages(self, base: str) -> dict:
        urls = "".join(f"<url><loc>{base}{hs.ARTICLE_PATHS[s]}</loc></url>" for s in SLUGS)
        return {
            "/robots.txt": ("text/plain", f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap_index.xml\n".encode()),
            "/": ("text/html; charset=utf-8",
                  f"<html><head><title>Trang chủ</title></head><body>{hs.chrome_top()}{hs.CHROME_BOTTOM}"
                  "</body></html>".encode()),
            "/sitemap_index.xml": ("application/xml", (
                '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9"><sitemap><loc>{base}/sitemaps/bai-viet.xml.gz</loc></sitemap></sitemapindex>'
            ).encode()),
            "/sitemaps/bai-viet.xml.gz": ("application/x-gzip", gzip.compress((
                '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9">{urls}</urlset>').encode())),
            **{hs.ARTICLE_PATHS[s]: ("text/html; charset=utf-8", hs.article_html(s).encode()) for s in SLUGS},
        }


def test_articles_listed_only_in_a_gzipped_sitemap_are_crawled(tmp_path):
    with serve(GzipSitemapPortal) as base:
        records = crawl(base + "/", tmp_path / "out")
    assert "/sitemaps/bai-viet.xml.gz" in GzipSitemapPortal.requests
    assert sorted(r["url"] for r in records) == sorted(base + hs.ARTICLE_PATHS[s] for s in SLUGS)
    assert {r["title"] for r in records} == {hs.ARTICLES[s][0] for s in SLUGS}
