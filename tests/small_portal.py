"""A one-off portal for a test: a handler class served on 127.0.0.1, and a real
`crawler crawl` of it in a subprocess, with the records it wrote."""

from __future__ import annotations

import contextlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conftest import fast, read_records, run_cli


class PageTable(BaseHTTPRequestHandler):
    """Answers GETs from `pages(base)`: path -> (content type, bytes); 404 for the rest."""

    def log_message(self, *args):
        pass

    def pages(self, base: str) -> dict:
        raise NotImplementedError

    def do_GET(self):  # noqa: N802
        pages = self.pages(f"http://{self.headers['Host']}")
        ctype, body = pages.get(self.path, ("text/html; charset=utf-8", "không tìm thấy".encode()))
        self.send_response(200 if self.path in pages else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(handler, host: str = "127.0.0.1"):
    """The portal's base URL (no trailing slash) while it is served on `host`."""
    server = ThreadingHTTPServer((host, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def crawl(url: str, out, *extra: str, status: int = 0) -> list[dict]:
    """`crawler crawl URL --out OUT [extra]`; its records (the crawl must exit with `status`:
    0, or 5 for one cut short by --max-pages)."""
    proc = run_cli("crawl", url, "--out", out, *fast(EXTRACT_WORKERS=0), *extra, timeout=120)
    assert proc.returncode == status, proc.stderr[-2000:]
    return read_records(out)
