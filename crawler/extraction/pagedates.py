"""The publication date of an article page: where on the page to look, and which date is the article's.

Order: meta tags, JSON-LD, <time>, elements named like dates, the first date line near the top
of the body (page chrome and today/clock widgets ignored), a full date in the URL, and last a
lead ("Sáng 2/1") completed with a year found elsewhere on the page.  A date above the menu is
the site's "today", printed on every page, never the article's.  Reading one date string is
crawler.extraction.dates.

Public API: ``published_from_html(tree, *, url=None, text=None)`` -> ISO 8601 or None, and
``is_page_chrome(element)`` -> True for header, footer, menus, widgets and lists of other
articles (crawler.extraction.bylines uses it too).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from crawler.extraction.dates import find_date, find_first, is_date_line, make_date, normalise, parse_date
from crawler.extraction.pagemeta import json_ld_objects

__all__ = ["is_page_chrome", "published_from_html"]

_FLAGS = re.IGNORECASE

_META_KEYS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
    "date_published",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.issued",
    "dcterms.created",
    "datepublished",
    "datecreated",
)
_YEAR_HINT_META_KEYS = ("article:modified_time", "og:updated_time", "last-modified", "datemodified",
                        "dc.date.modified", "dcterms.modified")
# Not "form": ASP.NET pages wrap the whole page in one.
_EXCLUDED_TAGS = {"header", "footer", "nav", "aside", "script", "style", "noscript", "template",
                  "select", "option", "button"}
# Page chrome named by class/id.  Headers and top bars are spared when also named like the
# article ("detail-header"); widgets, menus and lists of other articles never are.
_HEADER_CLASS_RE = re.compile(r"header|(?<![a-z])top(?![a-z])|topbar|topnav|topmenu|tophead", _FLAGS)
_WIDGET_CLASS_RE = re.compile(
    r"today|clock|weather|calendar|lich|thoitiet|ngayhomnay|footer|sidebar|(?<![a-z])nav|menu"
    r"|breadcrumb|marquee|widget|related|lien-?quan|tin-?khac|other|cung-?chuyen-?muc"
    r"|xem-?nhieu|doc-?nhieu|most-?view|tin-?moi|latest",
    _FLAGS,
)
_ARTICLEISH_CLASS_RE = re.compile(r"article|detail|post|entry|chitiet|chi-tiet|news-content|baiviet", _FLAGS)
_DATE_CLASS_RE = re.compile(
    r"date|time|ngay|publish|post-?info|meta|posted|created|thoigian|thoi-gian|info-?news|byline",
    _FLAGS,
)
_MAX_DATE_ELEMENT_TEXT = 300
_MIN_SCOPE_TEXT = 400  # climb from the title until the container holds some article text
_TOP_LINES = 150
_LEAD_CHARS = 200
# Before the date of a lead: an optional outlet code ("CTTĐT -", "(QNO) -", "STO -"), then
# "Sáng", "Chiều nay", "Ngày" …  Anything else (a sentence) means it is not the lead's date.
_LEAD_OPENING_RE = re.compile(
    r"^(?:\([^()]{1,20}\)\s*-?\s*|[^\s()]{1,12}\s*-\s*)?(?:v[àa]o\s+)?(?:r[ạa]ng\s+)?"
    r"(?:s[áa]ng|tr[ưu]a|chi[ềe]u|t[ốo]i|[đd][êe]m|khuya|ng[àa]y|h[ôo]m)"
    r"(?:\s+(?:nay|qua|mai|h[ôo]m\s+qua))?\s?[(,]?\s?$",
    _FLAGS,
)


def _class_and_id(element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _has_article_ancestor(element) -> bool:
    return any(_tag(a) == "article" for a in element.iterancestors())


def _tag(element) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def _is_excluded_itself(element, after_title: bool = False) -> bool:
    """Page chrome: header/footer/nav/aside, today/clock/weather widgets, top bars.

    An element named like a header or top bar that comes after the article's title is a part of
    the article ("author-share-top" under the headline), not the page's top bar.
    """
    tag = _tag(element)
    articleish, widget, header = _names_say(_class_and_id(element))
    if tag in _EXCLUDED_TAGS:
        # <header> inside an <article> (or named like one) is the article's own header.
        return not (tag == "header" and (articleish or _has_article_ancestor(element)))
    if widget:
        return True
    if tag == "li" and any(len(_text_of(a)) >= 20 for a in element.iter("a")):
        return True  # a teaser in a list of other articles ("Tin mới", "Các tin khác")
    return header and not articleish and not after_title


@functools.lru_cache(maxsize=8192)
def _names_say(names: str) -> tuple[bool, bool, bool]:
    """Whether class and id name the article, a widget, a header or top bar (cached:
    templates repeat their class names)."""
    return (_ARTICLEISH_CLASS_RE.search(names) is not None, _WIDGET_CLASS_RE.search(names) is not None,
            _HEADER_CLASS_RE.search(names) is not None)


def _is_excluded(element, layout: "_Layout | None" = None) -> bool:
    """The element or one of its ancestors below <body> is page chrome."""
    if not isinstance(element.tag, str):  # comments, processing instructions
        return True
    chain = [element, *element.iterancestors()]
    return any(_is_excluded_itself(e, layout is not None and layout.after_title(e))
               for e in chain if _tag(e) not in ("body", "html"))


def is_page_chrome(element, *, top_names: bool = True) -> bool:
    """True when `element` lies in page chrome: header, footer, menus, sidebars, widgets, lists of
    other articles (the parts of a page that are not the article). With `top_names` False, a
    class named like a header or top bar ("author-share-top", "detail-top") does not count (an
    author box is printed at the article's top, never in the site's top bar)."""
    if not isinstance(element.tag, str):
        return True
    chain = [element, *element.iterancestors()]
    return any(_is_excluded_itself(e, not top_names) for e in chain if _tag(e) not in ("body", "html"))


def _text_of(element) -> str:
    return normalise(element.text_content() or "")


def _meta_map(tree) -> dict[str, str]:
    """Lower-cased meta name/property/itemprop -> first content."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        content = meta.get("content")
        if key and content and key.strip().lower() not in found:
            found[key.strip().lower()] = content.strip()
    return found


def _from_meta(tree, metas: dict[str, str]) -> str | None:
    for key in _META_KEYS:
        if key in metas:
            result = parse_date(metas[key])
            if result:
                return result
    for element in tree.xpath("//*[@itemprop='datePublished' or @itemprop='datepublished']"):
        value = element.get("content") or element.get("datetime") or _text_of(element)
        result = parse_date(value) if value else None
        if result:
            return result
    return None


def _from_json_ld(tree, key: str = "datePublished") -> str | None:
    for obj in json_ld_objects(tree):
        value = obj.get(key)
        if isinstance(value, str):
            result = parse_date(value)
            if result:
                return result
    return None


# Class names of headline elements, for pages whose title is not an <h1>.
_HEADING_CLASS_RE = re.compile(r"title|tieu-?de|headline|heading|news-?name|ten-?bai|subject", _FLAGS)
_MIN_TITLE_CHARS = 12
_MAX_TITLE_CHARS = 400


def _title_refs(tree) -> list[str]:
    """The page's own statement of its title: og:title and <title>."""
    refs = []
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() in ("og:title", "twitter:title"):
            refs.append(normalise(meta.get("content") or ""))
    refs += [normalise(t.text_content() or "") for t in tree.iter("title")]
    return [ref for ref in refs if len(ref) >= _MIN_TITLE_CHARS]


def _title_element(body, tree):
    """The article's headline: the first <h1> outside page chrome, else a heading (h2/h3 or an
    element named like a title) whose text is the page's og:title or <title>."""
    for heading in body.iter("h1"):
        if _text_of(heading) and not _is_excluded(heading):
            return heading
    refs = _title_refs(tree)
    if not refs:
        return None
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        tag = _tag(element)
        if tag not in ("h2", "h3", "h4") and not _HEADING_CLASS_RE.search(_class_and_id(element)):
            continue
        text = _text_of(element)
        if not _MIN_TITLE_CHARS <= len(text) <= _MAX_TITLE_CHARS:
            continue
        if any(text == ref or text in ref for ref in refs) and not _is_excluded(element):
            return element
    return None


def _is_link_list(element) -> bool:
    """A list of three links or more: a menu, or a list of other articles."""
    return _tag(element) in ("ul", "ol") and len(element.xpath(".//a[@href]")) >= 3


class _Layout:
    """Where the article's title stands on the page, to tell the article's date from the date
    the site prints on every page (a "Thứ Hai, 17/11/2025" above the menu)."""

    def __init__(self, tree):
        bodies = tree.xpath("//body")
        self.body = bodies[0] if bodies else tree
        self.elements = list(self.body.iter())
        self.order = {element: index for index, element in enumerate(self.elements)}
        self.title = _title_element(self.body, tree)
        self.title_start = self.title_end = None
        self.title_ancestors = set()
        if self.title is not None:
            self.title_start = self.order[self.title]
            self.title_end = self.title_start + sum(1 for _ in self.title.iter()) - 1
            self.title_ancestors = set(self.title.iterancestors())
        self.scope = self._article_scope(tree)
        self._last_chrome: int | None = None

    def _article_scope(self, tree):
        """The element holding the article: <article>, or the title's container; None if unclear."""
        for article in tree.iter("article"):
            if not _is_excluded(article):
                return article
        if self.title is None:
            return None
        scope = self.title.getparent()
        while len(_text_of(scope)) < _MIN_SCOPE_TEXT:
            parent = scope.getparent()
            if parent is None or _tag(parent) in ("body", "html"):
                break
            scope = parent
        return scope

    def scopes(self, tree):
        """The article first (when known), then the whole page."""
        return [self.scope, tree] if self.scope is not None else [tree]

    def after_title(self, element) -> bool:
        index = self.order.get(element)
        return self.title_end is not None and index is not None and index > self.title_end

    def accepts(self, index: int | None) -> bool:
        """A date at document position `index` may be the article's: it stands in or after the
        title, or before it with no page chrome (menu, header, breadcrumb, list of links) between
        them. A date above the menu is the site's, printed on every page."""
        if self.title_start is None or index is None or index >= self.title_start:
            return True
        element = self.elements[index]
        end = index + sum(1 for _ in element.iter()) - 1
        if end >= self.title_start:
            return True  # holds the title
        return self._last_chrome_before_title() <= end

    def _last_chrome_before_title(self) -> int:
        """Where the last piece of page chrome before the title begins (-1: none)."""
        if self._last_chrome is None:
            self._last_chrome = -1
            for index in range(self.title_start - 1, -1, -1):
                element = self.elements[index]
                if not isinstance(element.tag, str) or element in self.title_ancestors:
                    continue
                if _is_excluded_itself(element) or _is_link_list(element):
                    self._last_chrome = index
                    break
        return self._last_chrome

    def accepts_element(self, element) -> bool:
        return self.accepts(self.order.get(element))


def _from_time_elements(tree, layout: _Layout) -> str | None:
    for scope in layout.scopes(tree):
        for element in scope.iter("time"):
            if _is_excluded(element, layout) or not layout.accepts_element(element):
                continue
            value = element.get("datetime") or _text_of(element)
            result = parse_date(value) if value else None
            if result:
                return result
    return None


@functools.lru_cache(maxsize=8192)
def _names_a_date(names: str) -> bool:
    """class and id name a date element (cached: templates repeat their class names)."""
    return _DATE_CLASS_RE.search(names) is not None


def _from_date_elements(tree, layout: _Layout) -> str | None:
    """Visible dates in elements named like dates ("date", "time", "ngay", "post-info" …)."""
    for scope in layout.scopes(tree):
        for element in scope.iter():
            if not isinstance(element.tag, str) or not _names_a_date(_class_and_id(element)):
                continue
            text = _text_of(element)
            if not text or len(text) > _MAX_DATE_ELEMENT_TEXT or _is_excluded(element, layout):
                continue
            if not layout.accepts_element(element):
                continue
            result = find_date(text)
            if result:
                return result
    return None


_INLINE_TAGS = {"a", "abbr", "b", "bdi", "cite", "code", "em", "font", "i", "label", "mark", "q",
                "s", "small", "span", "strong", "sub", "sup", "time", "u"}
_TOP_CHARS = 20000


def _collect_text(element, out: list, budget: list[int], layout: _Layout) -> None:
    """Text of `element` in document order with "\n" at block boundaries, skipping page chrome.

    `out` gets (text, document position) pairs; `budget` is a one-item list: characters still
    wanted (the top of the page is enough).
    """
    if budget[0] <= 0 or _is_excluded_itself(element, layout.after_title(element)):
        return
    block = _tag(element) not in _INLINE_TAGS
    position = layout.order.get(element)
    out.append(("\n" if block else "", position))
    out.append((element.text or "", position))
    budget[0] -= len(element.text or "")
    for child in element:
        if isinstance(child.tag, str):
            _collect_text(child, out, budget, layout)
        out.append((child.tail or "", layout.order.get(child)))
        budget[0] -= len(child.tail or "")
    out.append(("\n" if block else "", position))


def _visible_lines(element, layout: _Layout) -> Iterator[tuple[str, int | None]]:
    """Visible lines of `element` with the document position of the text that opens each,
    the first _TOP_LINES of them, made as they are asked for."""
    out: list = []
    _collect_text(element, out, [_TOP_CHARS], layout)
    wanted = _TOP_LINES
    parts, opened_at = [], None
    for text, position in out:
        if not text:
            continue
        for number, piece in enumerate(text.split("\n")):
            if number:
                line = "".join(parts)
                line = normalise(line) if line and not line.isspace() else ""
                if line:
                    yield line, opened_at
                    wanted -= 1
                    if not wanted:
                        return
                parts, opened_at = [], None
            if opened_at is None and piece and not piece.isspace():
                opened_at = position
            parts.append(piece)
    line = normalise("".join(parts))
    if line:
        yield line, opened_at


# Headings of lists of other articles: the article's own date is never below them.
_LIST_HEADING_RE = re.compile(
    r"^(?:c[áa]c\s+)?(?:tin|b[àa]i(?:\s+vi[ếe]t)?)\s+"
    r"(?:li[êe]n\s+quan|kh[áa]c|c[ùu]ng\s+chuy[êe]n\s+m[ụu]c|m[ớo]i)"
    r"|^(?:xem|[đd][ọo]c)\s+nhi[ềe]u|^c[óo]\s+th[ểe]\s+b[ạa]n\s+quan\s+t[âa]m",
    _FLAGS,
)


def _from_top_lines(tree, layout: _Layout) -> str | None:
    """The first date line near the top of the article, then of the body, outside page chrome;
    before the title only when no menu or header stands between it and the title."""
    scope = layout.scope
    for element in ([scope] if scope is not None else []) + [layout.body]:
        for line, position in _visible_lines(element, layout):
            before_title = layout.title_start is not None and position is not None and position < layout.title_start
            if _LIST_HEADING_RE.match(line):
                if before_title:
                    continue  # a list of other articles above the title: its dates are skipped below
                break
            if is_date_line(line) and layout.accepts(position):
                return find_date(line)
    return None


_URL_DATE_RES = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-/_.]([01]?\d)[-/_.]([0-3]?\d)(?!\d)"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?=/|$|\.)"),
)
# A year as its own path segment, or with a month: "/2019/", "/202207/", "/2019-1-2/".
_URL_YEAR_RE = re.compile(r"/((?:19|20)\d{2})(?:0[1-9]|1[0-2]|[-_.]\d{1,2}(?:[-_.]\d{1,2})?)?(?=/)")


def _from_url(url: str | None) -> str | None:
    """A full date in the URL ("/2024-5-31/", "/2024/05/31/"); year-month only gives None."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
    for pattern in _URL_DATE_RES:
        for match in pattern.finditer(path):
            day = make_date(int(match[1]), int(match[2]), int(match[3]))
            if day is not None:
                return day.isoformat()
    return None


def _year_hint(url: str | None, metas: dict[str, str], tree) -> int | None:
    """A year found elsewhere on the page (URL, meta, JSON-LD) for a lead without one."""
    if url:
        path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
        match = _URL_YEAR_RE.search(path)
        if match:
            return int(match[1])
    for key in _YEAR_HINT_META_KEYS:
        result = parse_date(metas[key]) if key in metas else None
        if result:
            return int(result[:4])
    result = _from_json_ld(tree, "dateModified") or _from_json_ld(tree, "dateCreated")
    return int(result[:4]) if result else None


def _from_lead(text: str | None, year: int | None) -> str | None:
    """A lead such as "(QNO) - Sáng 2/1, …" opening the article body, completed with `year`."""
    if not text:
        return None
    lead = normalise(text[:_LEAD_CHARS])
    found = find_first(lead, year)
    if found is None or not _LEAD_OPENING_RE.match(lead[:found.start]):
        return None
    return found.iso()


def published_from_html(tree, *, url: str | None = None, text: str | None = None) -> str | None:
    """The article's publication date from a whole page (`tree`: an lxml.html element).

    Order: meta tags, JSON-LD, <time>, elements named like dates, the first date line near the
    top of the body (page chrome and today/clock widgets ignored), a full date in the URL, and
    last a lead ("Sáng 2/1") in `text` completed with a year found elsewhere on the page.
    Visible dates are looked for in the article (the <article>, or the title's container) first,
    and a date before the title counts only when no menu, header or list of links stands
    between the two: a date above the menu is the site's "today", printed on every page.
    Returns None when nothing is found: never the crawl time or today's date.
    """
    metas = _meta_map(tree)
    layout: list[_Layout] = []  # built when the metadata has no date

    def page_layout() -> _Layout:
        if not layout:
            layout.append(_Layout(tree))
        return layout[0]

    for step in (
        lambda: _from_meta(tree, metas),
        lambda: _from_json_ld(tree),
        lambda: _from_time_elements(tree, page_layout()),
        lambda: _from_date_elements(tree, page_layout()),
        lambda: _from_top_lines(tree, page_layout()),
        lambda: _from_url(url),
    ):
        result = step()
        if result:
            return result
    return _from_lead(text, _year_hint(url, metas, tree))
