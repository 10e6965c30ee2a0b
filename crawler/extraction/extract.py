"""Article extraction: page bytes in, one record out.

The steps, in order: decode the bytes (crawler.extraction.encoding), parse once with lxml, read the
page's own metadata (canonical link, title, dates, author), cut portal furniture from the
DOM for a while (crawler.extraction.boilerplate, treeedits), let trafilatura find the body, clean its lines,
peel the byline and source off the end (crawler.extraction.bylines), take the images with their
captions (crawler.extraction.images) and decide whether the page is an article at all
(crawler.extraction.pagekind). The result is a record in the output schema, before the pipelines
normalise and hash it; a page that is not an article gets an empty text and a `reason`.

Whatever the bytes, extraction returns a record and never raises, in bounded time
(tests/test_hostile.py, tests/test_fuzz.py): binary content is refused before decoding
(reason "binary"); double-encoded UTF-8 is repaired; huge pages lose view state, inline
photos, scripts and comments, then are cut to MAX_HTML_CHARS; nesting beyond MAX_DEPTH is
flattened; a step that fails anyway makes the page "unparsable".
"""

from __future__ import annotations

import bisect
import functools
import logging
import os.path
import re
import string
import unicodedata

import lxml.etree
import lxml.html
import trafilatura
import trafilatura.external
from justext.utils import get_stoplist

from crawler.extraction import boilerplate, bylines, images, pagekind
from crawler.clock import now_vn
from crawler.extraction.cmsfamily import family_of_page
from crawler.extraction.dates import find_date, is_date_line
from crawler.extraction.pagedates import published_from_html
from crawler.extraction.language import declared_language, detect_language
from crawler.extraction.pagemeta import read_metadata
from crawler.extraction.encoding import charset_from_content_type, decode_html, looks_binary, repair_mojibake
from crawler.extraction.textnorm import normalize_inline, normalize_text
from crawler.extraction.treeedits import TreeEdits
from crawler.discovery.urls import canonicalize_url, site_of

# Pages beyond this are cut before parsing (after shrink_html took out what is not text);
# bodies are far smaller, and extraction time grows with the page: about 5 s at this size.
MAX_HTML_CHARS = 2_000_000
MAX_DEPTH = 64  # elements nested deeper lose their tags, keeping their text
SHRINK_FROM = 500_000  # pages beyond this lose comments, scripts, styles, data: URIs and view state first
_LINK_WORK = 200_000  # lines x link texts beyond which only the link texts that can match are kept

logger = logging.getLogger(__name__)

# trafilatura's fallback, jusText, judges paragraphs by their share of stop words. Without
# a target language it loads the stop words of all 100 languages of jusText (154,000
# words, 27 MB in every extraction worker); these portals write Vietnamese, with some
# English. trafilatura keeps that list in this module variable, filled on first use.
trafilatura.external.JT_STOPLIST = tuple(sorted(get_stoplist("Vietnamese") | get_stoplist("English")))

# Characters lxml refuses in text (C0 controls but tab/newline/return, non-characters, lone
# surrogates): a page holding them would make the tree raise on the first text edit.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# The same characters in UTF-8 (lone surrogates do not encode): C0 bytes stand only for
# themselves, and EF BF BE / EF BF BF only for U+FFFE / U+FFFF.
_NOT_XML_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NOT_XML_SEQUENCES = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")
_BLOCK_OPEN = re.compile(r"<!--|<(script|style)\b", re.IGNORECASE)
_BLOCK_CLOSE = {
    "--": re.compile("-->"),
    "script": re.compile(r"</script\s*>", re.IGNORECASE),
    "style": re.compile(r"</style\s*>", re.IGNORECASE),
}
_DATA_URI = re.compile(r"data:[\w.+/-]{0,100}(?:;[\w=.+-]{0,100}){0,3},[A-Za-z0-9+/=%\s]{1000,}")
_HUGE_ATTRIBUTE = re.compile(r"""(=\s*)(?:"[^"<>]{20000,}"|'[^'<>]{20000,}')""")


def _drop_blocks(html: str) -> str:
    """Comments, styles and scripts other than JSON-LD taken out, in one linear pass."""
    parts, pos = [], 0
    while True:
        match = _BLOCK_OPEN.search(html, pos)
        if match is None:
            break
        kind = (match.group(1) or "--").lower()
        end = _BLOCK_CLOSE[kind].search(html, match.end())
        if end is None:
            break  # unclosed: leave the rest to the parser
        tag = html[match.start():html.find(">", match.end(), match.end() + 1000) + 1]
        parts.append(html[pos:match.start()])
        if kind == "script" and "ld+json" in tag.lower():
            parts.append(html[match.start():end.end()])
        pos = end.end()
    parts.append(html[pos:])
    return "".join(parts)


def shrink_html(html: str) -> str:
    """A page cut down to what extraction reads, at most MAX_HTML_CHARS.

    Pages of megabytes are megabytes of view state, inline base64 photos, scripts and
    comments, often before the article: those go first, so the article survives the cut.
    """
    if len(html) > SHRINK_FROM:
        html = _drop_blocks(html)
        html = _DATA_URI.sub("data:,", html)
        html = _HUGE_ATTRIBUTE.sub(r'\1""', html)
    return html[:MAX_HTML_CHARS]

_URL_TEXT = re.compile(r"(https?://|www\.)\S+$", re.IGNORECASE)  # a link showing its address: a reference, not a headline
_TITLE_SPLIT = re.compile(r"\s+[-|–—:»]\s+")
_HEADING_CLASS = ("title", "tieude", "tieu-de", "headline", "heading", "news-name", "ten-bai")


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


class Page:
    """A fetched page, decoded and parsed once."""

    def __init__(self, body: bytes | str, url: str, content_type: str | None = None):
        self.url = url
        self._links = None
        self._metas = None  # <meta> key -> content, read on first use
        self._title = None
        self.binary = False  # an image or archive served as a page: nothing to read
        if isinstance(body, (bytes, bytearray, memoryview)):
            body = bytes(body)
            self.binary = looks_binary(body)
            html, self.charset = decode_html(b"" if self.binary else body, charset_from_content_type(content_type))
        else:
            html, self.charset = str(body or ""), "unicode"
        self.html, utf8 = _readable(shrink_html(html))
        self.tree = _parse(utf8)

    def meta(self, *names: str) -> str | None:
        """The first non-empty <meta name|property|itemprop=…> content among names (lower case)."""
        if self._metas is None:
            self._metas = {}
            for element in self.tree.iter("meta"):
                content = (element.get("content") or "").strip()
                if content:
                    for attribute in ("property", "name", "itemprop"):
                        key = element.get(attribute)
                        if key is not None:
                            self._metas.setdefault(key.translate(_ASCII_LOWER), content)
        return next((self._metas[name] for name in names if name in self._metas), None)

    def canonical(self) -> str | None:
        for element in self.tree.xpath("//link[@href]"):
            if "canonical" in (element.get("rel") or "").lower().split():
                return canonicalize_url(element.get("href"), self.url)
        return None

    def html_title(self) -> str:
        if self._title is None:
            nodes = self.tree.xpath("//title")
            self._title = normalize_inline(nodes[0].text_content()) if nodes else ""
        return self._title

    def links(self) -> list[tuple[str, str]]:
        """(absolute canonical URL, anchor text) for every <a href> and <link rel=alternate>."""
        if self._links is None:
            self._links = self._find_links()  # extraction and the spider both ask
        return list(self._links)

    def headline_links(self) -> list[tuple[str, str]]:
        """(absolute canonical URL, anchor text) of the <a href> whose text is longer than
        HEADLINE_CHARS (headlines, not menu labels): links() filtered when it was asked for,
        else only these links are made canonical (`crawler extract` needs no others)."""
        if self._links is not None:
            return [(url, text) for url, text in self._links if len(text) > HEADLINE_CHARS]
        found = []
        origin = _origin(self.url)
        for element in self.tree.iter("a"):
            href = element.get("href")
            if href:
                text = normalize_inline(element.text_content())
                if len(text) > HEADLINE_CHARS:
                    url = self._resolve(href, origin)
                    if url:
                        found.append((url, text))
        return found

    def _find_links(self) -> list[tuple[str, str]]:
        found = []
        origin = _origin(self.url)
        for element in self.tree.iter("a", "area", "link"):
            href = element.get("href")
            if not href:
                continue
            if element.tag == "link" and "alternate" not in (element.get("rel") or "").lower():
                continue
            url = self._resolve(href, origin)
            if url:
                found.append((url, normalize_inline(element.text_content()) if element.tag == "a" else ""))
        return found

    def _resolve(self, href: str, origin: str) -> str | None:
        # "/x" and "//host/x" resolve against the page's origin alone, absolute links against
        # nothing: keyed so, the menus and sidebars every page of a site repeats hit the cache
        return _canonical_link(href, origin if href.startswith("/") or _ABSOLUTE.match(href) else self.url)


HEADLINE_CHARS = 15  # a link text longer than this may be a headline (shorter: a menu label, "Xem thêm")


_ABSOLUTE = re.compile(r"https?://", re.IGNORECASE)
_ORIGIN = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)")


def _origin(url: str) -> str:
    """scheme://host[:port]/ of a page URL (the whole URL when it has no such form)."""
    match = _ORIGIN.match(re.sub(r"[\t\r\n]", "", url).strip())
    return match.group(1) + "/" if match else url


# (href, base) -> canonical URL: the menus and sidebars a site repeats on every page are
# resolved once per process. Emptied when full (a crawl of many sites moves on).
RESOLVED_LINKS: dict[tuple[str, str], str | None] = {}
_RESOLVED_MAX = 20_000


def _canonical_link(href: str, base: str) -> str | None:
    """canonicalize_url(href, base), remembered in RESOLVED_LINKS."""
    key = (href, base)
    try:
        return RESOLVED_LINKS[key]
    except KeyError:
        pass
    if len(RESOLVED_LINKS) >= _RESOLVED_MAX:
        RESOLVED_LINKS.clear()
    url = RESOLVED_LINKS[key] = canonicalize_url(href, base)
    return url


# lxml.html's parser asks a Python function for the class of every element the code touches
# (form and input elements get classes of their own, which nothing here uses); this lookup
# gives every element, comment and the like lxml.html's class without leaving C. Pages are
# handed to it as UTF-8 bytes, so a page opening with <?xml … encoding="…"?> parses (lxml
# refuses a str that declares an encoding, which left such pages empty).
_PARSER = lxml.html.HTMLParser(encoding="utf-8")
_PARSER.set_element_class_lookup(lxml.etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity))


def _readable(html: str) -> tuple[str, bytes]:
    """The page's text, mojibake repaired, NFC and less the characters lxml refuses, with its
    UTF-8 bytes. The bytes are searched first (for mojibake, and for those characters with a
    scan in C, where a regex over the text takes a millisecond on a page of 200 KB), and
    encoded again only when the text changed."""
    utf8 = _utf8(html)
    repaired = repair_mojibake(html, utf8)
    if repaired is not html:
        html, utf8 = repaired, _utf8(repaired)
    if utf8 is None or len(utf8.translate(None, _NOT_XML_BYTES)) < len(utf8) or any(
            sequence in utf8 for sequence in _NOT_XML_SEQUENCES):
        html = _NOT_XML.sub("", html)
        utf8 = None
    normalized = unicodedata.normalize("NFC", html)
    if utf8 is None or normalized is not html:  # normalize returns a text already NFC as it is
        utf8 = normalized.encode("utf-8")
    return normalized, utf8


def _utf8(text: str) -> bytes | None:
    """The text's UTF-8 bytes; None when it holds lone surrogates (which do not encode)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return None


def _parse(utf8: bytes):
    """The page's tree from its UTF-8 bytes, without scripts (but JSON-LD), styles and comments,
    and with nesting beyond MAX_DEPTH flattened."""
    try:
        tree = lxml.html.document_fromstring(utf8 or b"<html></html>", parser=_PARSER)
    except Exception:  # lxml.etree.ParserError, ValueError, and anything else libxml2 may say
        tree = lxml.html.document_fromstring("<html><body></body></html>", parser=_PARSER)
    for element in tree.xpath("//script[not(@type='application/ld+json')]"):
        element.drop_tree()
    lxml.etree.strip_elements(tree, "style", lxml.etree.Comment, with_tail=False)  # in <html>: their tails stay
    if _TOO_DEEP(tree):
        _flatten_deep(tree)
    return tree


_TOO_DEEP = lxml.etree.XPath("boolean(" + "/*" * (MAX_DEPTH + 1) + ")")  # an element deeper than MAX_DEPTH


def _flatten_deep(tree) -> None:
    """Elements nested deeper than MAX_DEPTH lose their tags (their text stays): portal pages
    nest 10 to 30 levels, and the body finders' time grows with depth (libxml2 stops at 256)."""
    deep, depth = [], 0
    for event, element in lxml.etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > MAX_DEPTH and isinstance(element.tag, str):
                deep.append(element)
        else:
            depth -= 1
    for element in deep:
        element.drop_tag()


def _prune(pruned, edits: TreeEdits) -> None:
    """Portal furniture dropped from the tree (through `edits`, undone when they end): never a
    region holding most of the text or of the page's paragraphs, nor one holding the headline
    (a class word such as "sidebar" or "share" also names wrappers of the article:
    "content-with-sidebar", "l-sidebar-fixed l-article-body-segment",
    "elementor-widget-theme-post-content")."""
    _unwrap_layout_tables(pruned, edits)
    total = len(pruned.text_content()) or 1
    prose = _paragraph_chars(pruned) or 1
    dropped = None  # the last region dropped: the candidates inside it went with it
    for element in [e for e in pruned.iter(lxml.etree.Element) if boilerplate.is_noise_element(e)]:
        if element.getparent() is None:
            continue
        if dropped is not None and any(a is dropped for a in element.iterancestors()):
            continue
        if _keeps_article(element, total, prose):
            continue
        edits.drop_tree(element)
        dropped = element
    for element in pruned.xpath(boilerplate.NOISE_XPATH):
        if element.getparent() is not None and not _keeps_article(element, total, prose):
            edits.drop_tree(element)


def _keeps_article(element, total: int, prose: int) -> bool:
    """A region that may hold the article: it says so, holds the headline, or most of the
    page's text or of its paragraphs."""
    return (boilerplate.names_article_body(element) or element.find(".//h1") is not None
            or len(element.text_content()) > 0.5 * total or _paragraph_chars(element) > 0.4 * prose)


_PARAGRAPH_MIN = 80  # characters: a paragraph of prose, not a teaser title or a label


def _paragraph_chars(element) -> int:
    """Characters in the paragraphs of prose (<p> of some length) under `element`."""
    return sum(n for n in (len(p.text_content()) for p in element.iter("p")) if n >= _PARAGRAPH_MIN)


# A first pass of trafilatura alone (fast=True) that finds at least this much text is the body;
# below it, the pass is run again with trafilatura's fallbacks (readability, jusText), which
# on long bodies only cost time: on the real pages and the sample portals they changed one
# body of 420 (an aeb page, where the first pass's text is the better one).
_FALLBACK_BELOW = 500  # characters


def _body_lines(pruned, url: str) -> list[str]:
    text = _trafilatura_text(pruned, url, fast=True)
    if len(text) < _FALLBACK_BELOW:
        text = _trafilatura_text(pruned, url, fast=False)
    return [line for line in normalize_text(text).split("\n") if line.strip()]


def _trafilatura_text(pruned, url: str, *, fast: bool) -> str:
    return trafilatura.extract(
        pruned, url=url, include_comments=False, include_tables=True, include_images=False,
        favor_recall=True, deduplicate=False, with_metadata=False, output_format="txt", fast=fast,
    ) or ""


def _heading_texts(tree) -> list[str]:
    texts = []
    for element in tree.xpath("//h1|//h2|//h3"):
        text = normalize_inline(element.text_content())
        if text:
            texts.append(text)
    return texts


_HOLDS = "[contains(., $w)][contains(normalize-space(translate(., '\u00a0', ' ')), $p)]"
_HOLDING = lxml.etree.XPath(".//text()" + _HOLDS)
_HOLDING_IN_BODY = lxml.etree.XPath(".//body//text()" + _HOLDS)


def _elements_holding(tree, probe: str) -> list:
    """Elements whose own text holds `probe` (a line's first or last words), at most five."""
    probe = probe.strip()
    if not probe:
        return []
    elements = []
    # the probe's longest word stands as written in any text node holding the probe: checked
    # first, it spares normalizing every text node of the page
    word = max(probe.split(), key=len)
    for node in (_HOLDING_IN_BODY if tree.tag == "html" else _HOLDING)(tree, w=word, p=probe)[:5]:
        element = node.getparent()
        if node.is_tail and element.getparent() is not None:
            element = element.getparent()
        elements.append(element)
    return elements


def _elements_holding_line(tree, line: str, probe: str) -> list:
    """Elements holding `probe` (the line's first or last words) or the line's middle words:
    inline markup splits a paragraph's opening ("<strong>HÀ NỘI:</strong> Sáng 2/1…") into
    text nodes, and a teaser of the same story elsewhere on the page may hold its opening."""
    words = line.split()
    middle = " ".join(words[len(words) // 2 - 2:len(words) // 2 + 3]) if len(words) >= 12 else ""
    found = _elements_holding(tree, probe)
    return found + [e for e in _elements_holding(tree, middle) if not any(e is f for f in found)] if middle else found


def _headline_link_before(tree, lines: list[str], url: str, own_urls: set) -> bool:
    """A short body whose block opens with a link to another page under a headline (its
    text, title or image alt): a teaser on a category page, whatever the body extractor kept
    of it (some drop the linked headline and keep the summary)."""
    for first in _elements_holding(tree, " ".join(lines[0].split()[:5])):
        block = first
        for _ in range(2):
            block = block.getparent()
            if block is None or block.tag in ("body", "html"):
                break
            for element in block.iter():
                if element is first:
                    break
                if element.tag != "a" or not element.get("href"):
                    continue
                target = canonicalize_url(element.get("href"), url)
                if not target or target in own_urls or pagekind.is_tool_url(target):
                    continue  # the page itself, its print copy, send-to-a-friend…
                label = " ".join(element.text_content().split()) or " ".join(
                    img.get("alt") or "" for img in element.iter("img"))
                if len(label.split()) >= 5:
                    return True
    return False


def _common_ancestor(a, b):
    ancestors = [a, *a.iterancestors()]  # kept alive, so lxml reuses these proxies
    for candidate in (b, *b.iterancestors()):
        if any(candidate is x for x in ancestors):
            return candidate
    return None


def _container_of(tree, lines: list[str]):
    """The element holding the body: the smallest common ancestor of its first and last lines."""
    if not lines:
        return None
    firsts = _elements_holding_line(tree, lines[0], " ".join(lines[0].split()[:5]))
    lasts = _elements_holding_line(tree, lines[-1], " ".join(lines[-1].split()[-5:])) if len(lines) > 1 else firsts
    best, best_size = None, None
    for first in firsts:
        for last in lasts:
            ancestor = _common_ancestor(first, last)
            size = len(ancestor.text_content()) if ancestor is not None else None
            if size is not None and (best_size is None or size < best_size):
                best, best_size = ancestor, size
    return best


def _unwrap_layout_tables(tree, edits: TreeEdits) -> None:
    """Turn layout tables (cells holding blocks or long text) into divs, so the page's
    columns are not read as one table; tables of data stay tables."""
    for table in reversed(tree.xpath("//table")):
        cells = table.xpath("./tr/td|./tbody/tr/td|./thead/tr/td")
        is_layout = any(
            cell.xpath("./div|./p|./table|./ul|./h1|./h2|./h3|./h4|./form|./img|./section")
            or len(cell.text_content()) > 400
            for cell in cells
        )
        if is_layout:
            for element in table.xpath(".//tbody|.//thead|.//tr|.//td|.//th") + [table]:
                if element.tag in ("tbody", "thead"):
                    edits.drop_tag(element)
                else:
                    edits.retag(element, "div")


def _title(page: Page, headings: list[str], first_line: str) -> str:
    candidates = [page.meta("og:title"), page.html_title()]
    references = [c for c in candidates if c]
    # A heading on the page that the <title>/og:title contains is the article's title.
    best = ""
    for element in _HEADINGS_OR_CLASSED(page.tree):
        if element.tag not in ("h1", "h2", "h3") and not _is_heading_class(element.get("class") or ""):
            continue
        text = normalize_inline(element.text_content())
        if len(text) < 12 or len(text) > 400:
            continue
        if any(text in ref or ref in text for ref in references if len(ref) >= 12):
            if len(text) > len(best):
                best = text
    if best:
        return best
    best = _reworded_headline(page, references)
    if best:
        return best
    if page.meta("og:title"):
        return normalize_inline(page.meta("og:title"))
    title = page.html_title()
    parts = [p for p in _TITLE_SPLIT.split(title) if p]
    return max(parts, key=len) if parts else title


_HEADINGS_OR_CLASSED = lxml.etree.XPath("descendant-or-self::*[self::h1 or self::h2 or self::h3 or @class]")


@functools.lru_cache(maxsize=8192)
def _is_heading_class(classes: str) -> bool:
    """The class attribute holds a word of _HEADING_CLASS, in any case (cached: templates
    repeat their class names)."""
    return any(word in classes.lower() for word in _HEADING_CLASS)


def _reworded_headline(page: Page, references: list[str]) -> str:
    """The page's <h1> when it says what <title>/og:title say in other words: editors
    reword the headline for search engines ("…quy định thuế mới" on the page, "…quy định
    mới về thuế" in og:title); most of the h1's words are in one of them."""
    best, best_share = "", 0.6
    for element in page.tree.iter("h1"):
        text = normalize_inline(element.text_content())
        words = set(text.lower().split())
        if len(words) < 4 or len(text) > 400:
            continue
        for ref in references:
            share = len(words & set(ref.lower().split())) / len(words)
            if share > best_share:
                best, best_share = text, share
    return best


def _teaser_links(container, lines: list[str]) -> tuple[int, float]:
    """Headline-long links inside the body container between its first and last lines
    (teaser titles; a menu before the body or a related-news list after it does not count),
    and their share of the words there. When the "body" is a small part of its container
    (scraps of widgets scattered over a whole page), counted from the container's start."""
    if container is None or not lines:
        return 0, 0.0
    scattered = sum(len(line) for line in lines) < 0.25 * len(container.text_content())
    starts = [] if scattered else _elements_holding(container, " ".join(lines[0].split()[:5]))
    ends = _elements_holding(container, " ".join(lines[-1].split()[-5:]))
    start = starts[0] if starts else None
    end = ends[-1] if ends else None
    links, link_words, words = 0, 0, 0
    started = start is None
    for element in container.iter():
        if element is end:
            break
        started = started or element is start
        if not started or not isinstance(element.tag, str):
            continue
        words += len((element.text or "").split())
        if element.tag == "a" and element.get("href"):
            count = len(element.text_content().split())
            if count >= 5:
                links += 1
                link_words += count
    return links, link_words / max(words, 1)


def _is_prose(line: str, title: str) -> bool:
    """A sentence or more of text (not a heading, the title, or furniture)."""
    stripped = line.strip()
    return (stripped != title and len(stripped.split()) >= 8 and stripped.endswith((".", "…", "!", "?", "”", '"'))
            and not boilerplate.is_boilerplate_line(stripped))


def _language(page: Page, text: str) -> str | None:
    return detect_language(text, declared_language(page.tree))


def _drop_title_and_captions(lines: list[str], title: str, captions: set[str]) -> list[str]:
    kept = []
    for line in lines:
        plain = line.strip()
        if plain == title or plain in captions:
            continue
        if boilerplate.CAPTION_CREDIT.search(plain) and len(plain.split()) < 40 and not plain.endswith((".", ";")):
            captions.add(plain)
            continue
        kept.append(line)
    return kept


def extract_article(body: bytes | str, url: str, *, content_type: str | None = None,
                    crawled_at: str | None = None, prune_xpath: list[str] | None = None,
                    body_xpath: str | None = None, explain: list[str] | None = None) -> dict:
    """One record for the page at `url`; `reason` says why when it is not an article.
    When `explain` is a list, the signals that decided article or not are appended to it."""
    return extract_from_page(Page(body, url, content_type), crawled_at=crawled_at,
                             prune_xpath=prune_xpath, body_xpath=body_xpath, explain=explain)


def extract_from_page(page: Page, *, crawled_at: str | None = None,
                      prune_xpath: list[str] | None = None, body_xpath: str | None = None,
                      explain: list[str] | None = None) -> dict:
    """extract_article for a page already decoded and parsed (the spider reuses its links).

    Never raises: a page that breaks a step (lxml, trafilatura, a bad override selector) is
    not an article, with reason "unparsable"; binary content (an image or archive served
    as text/html) gets reason "binary".
    """
    if page.binary:
        return non_article_record(page.url, "binary", crawled_at)
    try:
        return _extract_from_page(page, crawled_at=crawled_at, prune_xpath=prune_xpath, body_xpath=body_xpath,
                                  explain=explain)
    except Exception as exc:  # RecursionError, lxml and XPath errors, ...
        logger.warning("unparsable page %s: %s: %s", page.url, type(exc).__name__, exc)
        return non_article_record(page.url, "unparsable", crawled_at)


def non_article_record(url: str, reason: str, crawled_at: str | None = None) -> dict:
    """The record of a page that could not be read at all: not an article, empty text."""
    try:
        site = site_of(url)
    except Exception:
        site = ""
    return {
        "url": url, "canonical_url": url, "site": site, "title": "", "text": "", "published": None,
        "author": None, "source": None, "images": [], "language": None, "word_count": 0,
        "content_hash": None, "crawled_at": crawled_at or now_vn().isoformat(), "reason": reason,
    }


def _link_texts_for(lines: list[str], link_texts: set[str]) -> set[str]:
    """The link texts that can match a line (pagekind.is_link_line: equal to it, or a prefix
    of it once stripped of bullets), found by bisection: a page of thousands of links and
    lines would otherwise cost lines x links comparisons. Small pages keep them all."""
    if len(lines) * len(link_texts) <= _LINK_WORK:
        return link_texts
    ordered = sorted(link_texts)
    kept = set()
    for line in lines:
        stripped = line.strip().lstrip("-•·*» ").lower()
        end = len(stripped)
        while end > 0:
            probe = stripped[:end]
            index = bisect.bisect_right(ordered, probe)
            if index == 0:
                break
            candidate = ordered[index - 1]  # the greatest link text <= probe
            if probe.startswith(candidate):
                kept.add(candidate)
                end = len(candidate) - 1
            else:  # a shorter prefix of probe that is a link text is a prefix of their common part
                end = len(_common_prefix(probe, candidate))
    return kept


def _common_prefix(a: str, b: str) -> str:
    return os.path.commonprefix([a, b])


def _elements_of(result) -> list:
    """The elements an XPath selected (a registry selector may select text or a number)."""
    return [e for e in result if isinstance(e, lxml.etree._Element)] if isinstance(result, list) else []


def _extract_from_page(page: Page, *, crawled_at: str | None = None, prune_xpath: list[str] | None = None,
                       body_xpath: str | None = None, explain: list[str] | None = None) -> dict:
    url = page.url
    canonical = page.canonical()
    page_url = canonicalize_url(url) or url
    family = family_of_page(page.html, url)  # its boilerplate rules: crawler/data/cms/
    with TreeEdits() as edits:  # the body is read from the page's tree pruned, then restored
        pruned = page.tree
        _prune(pruned, edits)
        for xpath in [*family.drop_xpaths, *(prune_xpath or [])]:
            for element in _elements_of(pruned.xpath(xpath)):
                if element.getparent() is not None:
                    edits.drop_tree(element)
        if body_xpath:
            chosen = _elements_of(pruned.xpath(body_xpath))
            if chosen:
                pruned = lxml.html.document_fromstring(lxml.html.tostring(chosen[0], encoding="unicode"),
                                                       parser=_PARSER)
        lines = [line for line in _body_lines(pruned, url) if not family.drops_line(line)]
    headings = _heading_texts(page.tree)
    title = _title(page, headings, lines[0] if lines else "")

    date_lines = pagekind.interleaved_date_lines([
        "date" if is_date_line(line) else "prose" if _is_prose(line, title) else "other"
        for line in lines[: boilerplate.cut_point(lines)]
    ])
    link_texts = _link_texts_for(lines, {text.lower() for link, text in page.headline_links()  # linking elsewhere
                                         if link not in (page_url, canonical) and not _URL_TEXT.match(text)})
    lines = boilerplate.clean_lines(lines, link_texts)
    opens_with_link = bool(lines) and pagekind.is_link_run_line(lines[0], link_texts)
    lines, cut = pagekind.cut_link_runs(lines, link_texts)
    if lines and not opens_with_link and sum(len(line.split()) for line in lines) < pagekind.MIN_UNDATED_WORDS:
        opens_with_link = _headline_link_before(page.tree, lines, url, {page_url, canonical})
    container = _container_of(page.tree, [line for line in lines if line.strip() != title] or lines)
    found_images = images.article_images(container, url)
    captions = {img["caption"] for img in found_images if img["caption"]}
    lines = [line for line in _drop_title_and_captions(lines, title, captions) if not bylines.caps_byline(line)]
    tail = bylines.peel_tail(lines)
    lines = tail.lines

    published = published_from_html(page.tree, url=url, text="\n".join(lines))
    reason = pagekind.classify(
        url=url, html_text=page.html, title=page.html_title(), heading_texts=headings,
        lines=lines, link_texts=link_texts, has_date=published is not None, date_lines=date_lines,
        teaser_links=_teaser_links(container, lines), cut=cut, opens_with_link=opens_with_link,
        metadata=read_metadata(page.tree),
        explain=explain,
    )
    text = "\n".join(lines) if reason is None else ""
    author = _author(page, tail.author, container) if reason is None else None
    record = {
        "url": url,
        "canonical_url": canonical if canonical and _names_a_page_of(canonical, page_url) else page_url,
        "site": site_of(url),
        "title": title,
        "text": text,
        "published": published if reason is None else None,
        "author": author,
        "source": tail.source if reason is None else None,
        "images": found_images if reason is None else [],
        "language": _language(page, text) if reason is None else None,
        "word_count": 0,
        "content_hash": None,
        "crawled_at": crawled_at or now_vn().isoformat(),
    }
    if reason == "listing":
        record["listing_dates"] = sorted(d for d in (find_date(line) for line in lines) if d)
    if reason is not None:
        record["reason"] = reason
    return record


def _author(page: Page, tail_author: str | None, container) -> str | None:
    site_title = page.html_title().split(" - ")[-1] if " - " in page.html_title() else None
    site_names = [n for n in (page.meta("og:site_name"), site_title, site_of(page.url)) if n]
    return bylines.find_author(page.tree, site_names, tail_author=tail_author, body=container)


def _names_a_page_of(canonical: str, page_url: str) -> bool:
    """A canonical link worth keeping: a page of the same site, not its home page (many
    portals name the home page as every page's canonical)."""
    return site_of(canonical) == site_of(page_url) and re.sub(r"^https?://[^/]+", "", canonical) not in ("", "/")
