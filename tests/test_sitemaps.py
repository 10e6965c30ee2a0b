"""Gzipped sitemaps (sitemap.xml.gz), as WordPress plugins and Liferay serve them, are read.

A real `crawler crawl` runs against a small portal on 127.0.0.1 whose home page links to no
article: the articles are reachable only through robots.txt -> a sitemap index -> a
gzipped sitemap served as a static file (application/x-gzip, no Content-Encoding).
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import threading
from glob import glob
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import hostile_server as hs

SLUGS = ["giao-ban-dan-van", "thu-hoach-lua"]


class GzipSitemapPortal(BaseHTTPRequestHandler):
    requests: list = []

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        base = f"http://{self.headers['Host']}"
        type(self).requests.append(self.path)
        urls = "".join(f"<url><loc>{base}{hs.ARTICLE_PATHS[s]}</loc></url>" for s in SLUGS)
        pages = {
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
        ctype, body = pages.get(self.path, ("text/html; charset=utf-8", "không tìm thấy".encode()))
        self.send_response(200 if self.path in pages else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_articles_listed_only_in_a_gzipped_sitemap_are_crawled(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), GzipSitemapPortal)
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
    assert "/sitemaps/bai-viet.xml.gz" in GzipSitemapPortal.requests
    records = [json.loads(line) for path in glob(str(out / "*" / "*.jsonl"))
               if not path.endswith("duplicates.jsonl") for line in open(path, encoding="utf-8")]
    assert sorted(r["url"] for r in records) == sorted(base + hs.ARTICLE_PATHS[s] for s in SLUGS)
    assert {r["title"] for r in records} == {hs.ARTICLES[s][0] for s in SLUGS}
