"""The raw-page archive: every fetched page as standard WARC records, with warcio.

With `--archive` (ARCHIVE_ENABLED), each response the crawl receives is appended to
<out>/<YYYY-MM-DD>/<site>.warc.gz as a WARC request record and a WARC response record
(status line, headers, body). HTML pages are archived by the spider right after their
extraction (`WarcArchive.archive_page`), the rest as they arrive: so the archive holds pages in the
order their records reached the pipelines, and re-extraction keeps the same copy of a
syndicated article as the crawl did, even though extraction runs in parallel. The body is the one Scrapy handed to the spider, already
decompressed, so Content-Encoding is dropped and Content-Length set to match. Each record
is its own gzip member, so files only ever grow by whole records. `crawler reextract`
reads them back (see spiders/reextract.py).
"""

from __future__ import annotations

import io
import logging
import os

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.discovery.urls import site_of

logger = logging.getLogger(__name__)
_DROPPED_HEADERS = {b"content-encoding", b"transfer-encoding", b"content-length"}


def _headers(scrapy_headers) -> list[tuple[str, str]]:
    pairs = []
    for name, values in scrapy_headers.items():
        if name.lower() in _DROPPED_HEADERS:
            continue
        for value in values:
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return pairs


def is_html(response) -> bool:
    return b"html" in (response.headers.get("Content-Type") or b"").lower()


class WarcArchive:
    """One crawl's archive: a WARC file per site in the run's date folder (`--archive`).
    Made by the crawl's CrawlRun (crawler.crawlrun) when ARCHIVE_ENABLED is set."""

    def __init__(self, layout, date: str, stats):
        self.layout = layout
        self.date = date
        self.stats = stats
        self.files: dict[str, object] = {}

    def response_received(self, response, request, spider=None):
        """Scrapy's signal: every response but HTML, which the spider archives itself."""
        if "cached" in response.flags or is_html(response):
            return  # HTML is archived by the spider, in the order of its records
        self.archive(response, request)

    def archive_page(self, response) -> None:
        """Archive one page now (the spider's HTML pages); a page from the HTTP cache is not fetched."""
        if "cached" not in response.flags:
            self.archive(response, response.request)

    def writer_for(self, site: str) -> WARCWriter:
        if site not in self.files:
            path = self.layout.site_file(self.date, site, ".warc.gz")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            self.files[site] = open(path, "ab")
        # WARC/1.1 dates carry microseconds: `crawler reextract` merges the per-site files
        # back into the order the pages were processed.
        return WARCWriter(self.files[site], gzip=True, warc_version="WARC/1.1")

    def archive(self, response, request) -> None:
        try:
            writer = self.writer_for(site_of(response.url))
            request_headers = StatusAndHeaders(f"{request.method} {request.url} HTTP/1.1",
                                               _headers(request.headers), protocol="HTTP/1.1", is_http_request=True)
            request_record = writer.create_warc_record(request.url, "request", http_headers=request_headers)
            body = response.body
            http_headers = StatusAndHeaders(f"{response.status} OK", _headers(response.headers) +
                                            [("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            response_record = writer.create_warc_record(response.url, "response", payload=io.BytesIO(body),
                                                        length=len(body), http_headers=http_headers)
            request_record.rec_headers.replace_header("WARC-Concurrent-To",
                                                      response_record.rec_headers.get_header("WARC-Record-ID"))
            writer.write_record(response_record)
            writer.write_record(request_record)
            self.files[site_of(response.url)].flush()
            self.stats.inc_value("archive/records", 2)
        except OSError as exc:
            logger.error("cannot write the archive: %s", exc)
            self.stats.inc_value("archive/errors")

    def close(self) -> None:
        for f in self.files.values():
            f.close()
