"""The Portal base class: an in-memory site built from Article objects, rendered on request.

A family module subclasses :class:`Portal`, sets its URL scheme (``article_path``) and answers
``route(path, query)``. The base class handles ids, listings, pagination, robots.txt, static files,
not-found pages, inline-link resolution across running portals and ``add_article``.
"""
from __future__ import annotations

import random
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape as xml_escape
from urllib.parse import parse_qs, urlsplit

from .model import Article, Story, make_article
from .textutil import encode_cp1258, slugify

GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
       b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
STATIC = {"css": "text/css", "js": "application/javascript", "jpg": "image/jpeg",
          "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "ico": "image/x-icon",
          "woff": "font/woff", "woff2": "font/woff2", "svg": "image/svg+xml"}


@dataclass
class Response:
    status: int
    body: bytes
    ctype: str = "text/html; charset=utf-8"
    headers: list = field(default_factory=list)


def html_response(text: str, status: int = 200, encoding: str = "utf-8",
                  headers: list | None = None) -> Response:
    if encoding == "cp1258":  # charset only in <meta http-equiv>, none in the header
        return Response(status, encode_cp1258(text), "text/html", headers or [])
    if encoding == "nfd":
        text = unicodedata.normalize("NFD", text)
    return Response(status, text.encode("utf-8"), "text/html; charset=utf-8", headers or [])


def redirect(location: str, status: int = 301) -> Response:
    return Response(status, b"", "text/html; charset=utf-8", [("Location", location)])


def xml_response(text: str, ctype: str = "application/xml; charset=utf-8") -> Response:
    return Response(200, text.encode("utf-8"), ctype)


@dataclass
class Placement:
    """Where and how a corpus story appears on a portal."""

    key: str
    cats: tuple
    style: str
    tone: str | None = None
    title: str | None = None
    source_line: str | None = None
    source: str | None = None
    encoding: str = "utf-8"
    listed: bool = True
    shift_hours: float = 0.0


class Portal:
    family = "base"
    server_header = "Apache"
    soft_404 = False
    per_page = 5
    disallowed: list = []
    id_start, id_step = 1000, 7
    region = "quangbinh"
    categories: list = []  # [(key, label)]

    def __init__(self, name: str, placements: list, stories: dict[str, Story]):
        self.name = name
        self.lock = threading.RLock()
        self.base = ""          # "http://host:port", set when served
        self.peers: dict = {}   # name -> Portal, set by serve_portals
        self.articles: list[Article] = []
        self._sorted: list | None = None
        self._by_id: dict = {}
        rnd = random.Random(name)
        arts = []
        for pl in placements:
            story = stories[pl.key]
            dt = story.dt
            if pl.shift_hours:
                dt = dt + timedelta(hours=pl.shift_hours)
            arts.append(make_article(story, pl.cats, pl.style, tone=pl.tone, title=pl.title,
                                     dt=dt, source_line=pl.source_line, source=pl.source,
                                     encoding=pl.encoding, listed=pl.listed))
        arts.sort(key=lambda a: a.dt)
        nid = self.id_start
        for a in arts:
            nid += self.id_step + rnd.randint(0, self.id_step * 3)
            a.id = nid
            a.views = rnd.randint(40, 4000)
        self.articles = arts
        self.setup()

    # ---------------------------------------------------------------- hooks for families
    def setup(self) -> None:
        """Family-specific initialisation (ids of widgets, extra pages)."""

    def article_path(self, a: Article) -> str:
        raise NotImplementedError

    def route(self, path: str, query: dict) -> Response | None:
        raise NotImplementedError

    def robots(self) -> str:
        lines = ["User-agent: *"] + [f"Disallow: {p}" for p in self.disallowed]
        return "\n".join(lines) + "\n"

    def not_found_page(self) -> str:
        return "<html><body><h1>404 - Không tìm thấy trang</h1></body></html>"

    # ---------------------------------------------------------------- helpers
    def url(self, path: str) -> str:
        return self.base + path

    def article_url(self, a: Article) -> str:
        return self.url(self.article_path(a))

    def snapshot(self) -> list[Article]:
        """All articles, newest first (cached until add_article)."""
        with self.lock:
            if self._sorted is None:
                self._sorted = sorted(self.articles, key=lambda a: (a.dt, a.id), reverse=True)
                self._by_id = {a.id: a for a in self._sorted}
            return self._sorted

    def listed(self, cat: str | None = None) -> list[Article]:
        return [a for a in self.snapshot() if a.listed and (cat is None or cat in a.cats)]

    def by_id(self, aid) -> Article | None:
        try:
            aid = int(str(aid))
        except ValueError:
            return None
        self.snapshot()
        return self._by_id.get(aid)

    def page_of(self, items: list, page: int, per: int | None = None):
        """(items on page, last page number); page numbers start at 1."""
        per = per or self.per_page
        last = max(1, (len(items) + per - 1) // per)
        return items[(page - 1) * per: page * per], last

    def related(self, a: Article, n: int = 5) -> list[Article]:
        same = [b for b in self.listed(a.cats[0]) if b.id != a.id]
        older = [b for b in same if b.dt < a.dt]
        return (older + [b for b in same if b.dt >= a.dt])[:n]

    def most_read(self, n: int = 5) -> list[Article]:
        """The sidebar "Xem nhiều nhất": drawn only from the 8 newest, so old ones stay deep."""
        recent = self.listed()[:8]
        return sorted(recent, key=lambda a: -a.views)[:n]

    def resolve(self, key: str) -> str | None:
        """URL of a story for an inline link: this portal first, then the other running ones."""
        portals = [self] + [p for p in self.peers.values() if p is not self]
        for originals_only in (True, False):
            for portal in portals:
                for a in portal.snapshot():
                    if a.key == key and (a.source is None or not originals_only):
                        return portal.article_url(a)
        return None

    def cat_label(self, key: str) -> str:
        return dict(self.categories).get(key, key)

    def img(self, a: Article, n: int = 0) -> str:
        return f"/images/news/{a.dt:%Y/%m}/{a.id}-{n}.jpg"

    def rss(self, title: str, self_path: str, n: int = 10) -> Response:
        """RSS 2.0 feed of the n newest listed articles."""
        tz = timezone(timedelta(hours=7))
        items = "".join(
            f"<item><title>{xml_escape(a.title)}</title><link>{self.article_url(a)}</link>"
            f"<guid isPermaLink=\"true\">{self.article_url(a)}</guid>"
            f"<pubDate>{format_datetime(a.dt.replace(tzinfo=tz))}</pubDate>"
            f"<dc:creator><![CDATA[{a.author() or title}]]></dc:creator>"
            f"<category><![CDATA[{self.cat_label(a.cats[0])}]]></category>"
            f"<description><![CDATA[{a.summary()}]]></description></item>"
            for a in self.listed()[:n])
        xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\" "
               "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:atom=\"http://www.w3.org/2005/Atom\">"
               f"<channel><title>{xml_escape(title)}</title><atom:link href=\"{self.url(self_path)}\" "
               f"rel=\"self\" type=\"application/rss+xml\" /><link>{self.url('/')}</link>"
               f"<description>{xml_escape(title)}</description><language>vi</language>{items}</channel></rss>")
        return Response(200, xml.encode("utf-8"), "application/rss+xml; charset=UTF-8")

    # ---------------------------------------------------------------- publishing
    def add_article(self, title: str, paragraphs: list[str], author: str | None = None,
                    published: datetime | None = None, category: str | None = None,
                    key: str | None = None, date_style: str | None = None) -> Article:
        published = published or datetime.now().replace(microsecond=0)
        with self.lock:
            key = key or f"{self.name}-new-{len(self.articles) + 1}-{slugify(title)[:40]}"
            story = Story(key=key, title=title, blocks=tuple(("p", p) for p in paragraphs),
                          author_line=author, dt=published)
            cat = category or self.categories[0][0]
            style = date_style or self.default_style
            art = make_article(story, (cat,), style)
            art.id = max((x.id for x in self.articles), default=self.id_start) + self.id_step
            art.views = 1
            self.articles.append(art)
            self._sorted = None
        return art

    default_style = "time_dash"

    # ---------------------------------------------------------------- dispatch
    def handle(self, method: str, raw: str) -> Response:
        parts = urlsplit(raw)
        path, query = parts.path or "/", parse_qs(parts.query, keep_blank_values=True)
        if path == "/robots.txt":
            return Response(200, self.robots().encode(), "text/plain; charset=utf-8")
        ext = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
        if ext in STATIC:
            ctype = STATIC[ext]
            body = GIF if ctype.startswith("image") else b"/* static */\n"
            return Response(200, body, ctype)
        resp = self.route(path, query)
        if resp is not None:
            return resp
        status = 200 if self.soft_404 else 404
        return html_response(self.not_found_page(), status)


def q1(query: dict, name: str, default: str = "") -> str:
    vals = query.get(name)
    return vals[0] if vals else default


def qint(query: dict, name: str, default: int = 1) -> int:
    try:
        return max(1, int(q1(query, name, str(default))))
    except ValueError:
        return default
