"""What a page says about itself in its markup: JSON-LD objects and the article signals.

News CMSs (and the SEO plugins of WordPress, Joomla, NukeViet…) describe an article page
with a JSON-LD object of an article type (NewsArticle, Article, BlogPosting,
ReportageNewsArticle…), `<meta property="article:published_time">` and microdata
`itemprop="articleBody"`. These hold on sites nobody here has seen, so crawler.extraction.pagekind
weighs them first. `og:type=article` alone is weak: several Vietnamese news CMSs print it
on their category pages too. A page listing many articles may describe each of them, so
three or more article objects (or articleBody elements) say "listing", not "article".
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

ARTICLE_TYPES = frozenset(t.lower() for t in (
    "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "AdvertiserContentArticle",
    "SatiricalArticle", "LiveBlogPosting", "Report", "TechArticle", "ScholarlyArticle",
))
LISTING_COUNT = 3  # this many article objects on one page describe a list of articles
_CDATA = re.compile(r"^\s*(?://)?\s*<!\[CDATA\[|(?://)?\s*\]\]>\s*$")


def json_ld_objects(tree, skip: tuple[str, ...] = ()):
    """Every dict inside every JSON-LD block of the page, walking lists and @graph (not
    into the values of the keys in `skip`)."""
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        data = _json_ld_data(script.text or "")
        if data is _UNREADABLE:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                yield item
                stack[:0] = [v for k, v in item.items() if k not in skip and isinstance(v, (list, dict))]


_UNREADABLE = object()


@functools.lru_cache(maxsize=64)
def _json_ld_data(text: str):
    """The parsed JSON of a JSON-LD block, or _UNREADABLE (cached: dates, author and article
    signals each read a page's blocks; the values are read, never changed)."""
    raw = text.strip()
    if "<![CDATA[" in raw or "]]>" in raw:  # no need to run the regex over the whole block
        raw = _CDATA.sub("", raw)
    try:
        return json.loads(raw, strict=False)
    except (ValueError, RecursionError):
        return _UNREADABLE


def _types(obj: dict) -> list[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [k.lower() for k in kinds if isinstance(k, str)]


@dataclass(frozen=True)
class Metadata:
    """The article signals of a page's markup."""
    article_objects: tuple[str, ...] = ()  # JSON-LD @types of article kind, one per object
    published_time: bool = False           # <meta property="article:published_time">
    article_body: int = 0                  # elements with itemprop="articleBody"
    og_type: str | None = None

    def article_evidence(self) -> list[str]:
        """The strong signals that this page is one article (empty when none, or a listing)."""
        if self.listing_evidence():
            return []
        found = []
        if self.article_objects:
            found.append(f"json-ld {self.article_objects[0]}")
        if self.published_time:
            found.append("article:published_time")
        if self.article_body:
            found.append("itemprop=articleBody")
        return found

    def listing_evidence(self) -> list[str]:
        found = []
        if len(self.article_objects) >= LISTING_COUNT:
            found.append(f"{len(self.article_objects)} json-ld article objects")
        if self.article_body >= LISTING_COUNT:
            found.append(f"{self.article_body} articleBody elements")
        return found


def read_metadata(tree) -> Metadata:
    """The article signals of a parsed page (an lxml.html document)."""
    objects = tuple(t for obj in json_ld_objects(tree) for t in _types(obj) if t in ARTICLE_TYPES)
    published = og_type = None
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key == "article:published_time" and (meta.get("content") or "").strip():
            published = True
        elif key == "og:type" and og_type is None:
            og_type = (meta.get("content") or "").strip().lower() or None
    body = sum(1 for e in tree.xpath("//*[@itemprop]") if e.get("itemprop").strip().lower() == "articlebody")
    return Metadata(article_objects=objects, published_time=bool(published), article_body=body, og_type=og_type)
