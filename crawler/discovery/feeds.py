"""Sitemaps and feeds: the links (and their dates) of a sitemap, sitemap index, news
sitemap, RSS or Atom feed, read without expanding entities, at most MAX_SITEMAP_BYTES."""

from __future__ import annotations

import email.utils
import gzip
import io
import re
import zlib

import lxml.etree
from scrapy.utils.sitemap import Sitemap

from crawler.discovery.urls import canonicalize_url

XML_MARKERS = (b"<urlset", b"<sitemapindex", b"<rss", b"<feed", b"<rdf:RDF")
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
XML_SUFFIXES = (".xml", ".xml.gz", ".rss")  # a link to another sitemap or feed


def decompressed(body: bytes) -> bytes:
    """A gzipped body (a .xml.gz sitemap) decompressed, refusing more than MAX_SITEMAP_BYTES
    of output; any other body, or one that is not gzip after all (or cut short), as it came."""
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as f:
            data = f.read(MAX_SITEMAP_BYTES + 1)
    except (OSError, EOFError, zlib.error):
        return body
    return data[:MAX_SITEMAP_BYTES]


def is_sitemap_or_feed(body: bytes) -> bool:
    head = body[:2048].lstrip()
    return any(marker in head for marker in XML_MARKERS)


def links(body: bytes, base_url: str, since: str | None = None):
    """(canonical URL, whether it names another sitemap or feed) of each entry, leaving out
    entries dated before `since` (YYYY-MM-DD)."""
    for entry, published in entries(body):
        if since and published and published[:10] < since:
            continue
        canonical = canonicalize_url(entry, base_url)
        if canonical:
            yield canonical, canonical.endswith(XML_SUFFIXES)


def entries(body: bytes):
    """(URL, date or None) from a sitemap, sitemap index, RSS or Atom feed; entities never expanded."""
    head = body[:2048]
    if b"<urlset" in head or b"<sitemapindex" in head:
        try:
            for entry in Sitemap(body):
                if entry.get("loc"):
                    news = entry.get("news") or {}
                    published = news.get("publication_date") if isinstance(news, dict) else None
                    yield entry["loc"], iso_day(published or entry.get("lastmod"))
        except (lxml.etree.XMLSyntaxError, ValueError):
            return
        return
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(body, parser=parser)
    except (lxml.etree.XMLSyntaxError, ValueError):
        return
    if root is None:
        return
    for item in root.iter():
        tag = item.tag.split("}")[-1] if isinstance(item.tag, str) else ""
        if tag not in ("item", "entry"):
            continue
        link, published = None, None
        for child in item:
            name = child.tag.split("}")[-1] if isinstance(child.tag, str) else ""
            if name == "link" and child.get("rel", "alternate") == "alternate":
                link = child.get("href") or (child.text or "").strip()
            elif name in ("pubDate", "published", "updated", "date") and child.text and not published:
                published = iso_day(child.text)
        if link:
            yield link, published


def iso_day(value: str | None) -> str | None:
    """YYYY-MM-DD of a sitemap/feed date (ISO 8601 or RFC 822), or None."""
    if not value:
        return None
    value = value.strip()
    if re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        return None
