"""HTTP serving: one ThreadingHTTPServer per portal, each on its own 127.0.0.x address.

``serve_portals()`` is a context manager yielding :class:`RunningPortal` objects; every request is
logged in ``RunningPortal.requests`` as (method, path_with_query, user_agent).
"""
from __future__ import annotations

import contextlib
import hashlib
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .corpus import load_corpus
from .portal import Portal, Response
from .portals import PORTALS, build_portal


class RunningPortal:
    """A portal being served. ``add_article`` publishes a new article while running."""

    def __init__(self, portal: Portal, server: ThreadingHTTPServer):
        self.portal = portal
        self.server = server
        self.name = portal.name
        self.family = portal.family
        self.host, self.port = server.server_address[:2]
        self.base_url = f"http://{self.host}:{self.port}/"
        self.requests: list = []
        self.disallowed_prefixes = list(portal.disallowed)
        self._lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def log(self, method: str, path: str, ua: str) -> None:
        with self._lock:
            self.requests.append((method, path, ua))

    def add_article(self, title: str, paragraphs: list[str], author: str | None = None,
                    published=None, category: str | None = None, key: str | None = None) -> str:
        """Publish a new article now; returns its canonical URL (it tops listings and feeds).

        published: datetime or ISO string (default: now); category: one of the portal's
        category keys (default: its first)."""
        if isinstance(published, str):
            published = datetime.fromisoformat(published).replace(tzinfo=None)
        art = self.portal.add_article(title, paragraphs, author=author, published=published,
                                      category=category, key=key)
        return self.portal.article_url(art)

    def __repr__(self) -> str:
        return f"<RunningPortal {self.name} ({self.family}) {self.base_url}>"


def _handler_for(rp: RunningPortal):
    class Handler(BaseHTTPRequestHandler):
        server_version = rp.portal.server_header

        def version_string(self):
            return self.server_version

        def _serve(self, method: str) -> None:
            rp.log(method, self.path, self.headers.get("User-Agent", ""))
            try:
                resp = rp.portal.handle(method, self.path)
            except Exception as exc:  # a bug in a renderer: answer 500 like a real site would
                resp = Response(500, f"Server Error: {exc!r}".encode(), "text/plain; charset=utf-8")
            validators = {}
            if resp.status == 200 and "xml" in resp.ctype:  # feeds and sitemaps: conditional GET
                validators["ETag"] = '"%s"' % hashlib.sha1(resp.body).hexdigest()[:16]
                if self.headers.get("If-None-Match") == validators["ETag"]:
                    self.send_response(304)
                    self.send_header("ETag", validators["ETag"])
                    self.end_headers()
                    return
            self.send_response(resp.status)
            for k, v in validators.items():
                self.send_header(k, v)
            self.send_header("Content-Type", resp.ctype)
            self.send_header("Content-Length", str(len(resp.body)))
            for k, v in resp.headers:
                self.send_header(k, v)
            if rp.family == "aspnet":
                self.send_header("X-AspNet-Version", "4.0.30319")
                self.send_header("X-Powered-By", "ASP.NET")
            elif rp.family == "sharepoint":
                self.send_header("MicrosoftSharePointTeamServices", "15.0.0.4569")
            elif rp.family == "liferay":
                self.send_header("Liferay-Portal", "Liferay Portal Community Edition 6.2 CE GA6")
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(resp.body)

        def do_GET(self):  # noqa: N802
            self._serve("GET")

        def do_HEAD(self):  # noqa: N802
            self._serve("HEAD")

        def do_POST(self):  # noqa: N802
            self._serve("POST")

        def log_message(self, *args):  # keep test output quiet
            pass

    return Handler


@contextlib.contextmanager
def serve_portals(names=None, host_prefix: str = "127.0.0.", big_articles: int = 1000,
                  big_page_kb: int | None = None):
    """Serve the named portals (all default ones when names is None) until the block exits.

    big_articles: article count of the generated "big" portal; big_page_kb: pad its HTML pages
    to about that many KB each (2/3 to 4/3 of it, varying per page; default: unpadded)."""
    names = list(names) if names is not None else [n for n, s in PORTALS.items() if s.default]
    unknown = [n for n in names if n not in PORTALS]
    if unknown:
        raise KeyError(f"unknown portals: {unknown}; known: {sorted(PORTALS)}")
    stories = load_corpus()
    running: list[RunningPortal] = []
    try:
        for name in names:
            spec = PORTALS[name]
            portal = build_portal(spec, stories, big_articles=big_articles, big_page_kb=big_page_kb)
            server = ThreadingHTTPServer((f"{host_prefix}{spec.octet}", 0), BaseHTTPRequestHandler)
            server.daemon_threads = True
            rp = RunningPortal(portal, server)
            server.RequestHandlerClass = _handler_for(rp)
            portal.base = rp.base_url.rstrip("/")
            rp.thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                         name=f"portal-{name}", daemon=True)
            rp.thread.start()
            running.append(rp)
        peers = {rp.name: rp.portal for rp in running}
        for rp in running:
            rp.portal.peers = peers
        yield running
    finally:
        for rp in running:
            rp.server.shutdown()
            rp.server.server_close()
