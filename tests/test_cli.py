"""The command line: usage errors refused before any request, exit statuses, failures counted.

A small Joomla-style portal is served here on 127.0.0.1 with a working article, a dead
link (404), a server error (500) and a page that never answers in time (it answers only
when the portal stops, so a busy machine cannot turn it into an answer in time).
"""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import fast, read_records, run_cli

ROOT = Path(__file__).resolve().parent.parent
DOWNLOAD_TIMEOUT = 3  # only /cham.html may reach it
ARTICLE_TEXT = (
    "Chiều 12/3, Ban Tuyên giáo Tỉnh ủy An Giang tổ chức hội nghị triển khai công tác tuyên truyền "
    "kỷ niệm các ngày lễ lớn năm 2024. Dự hội nghị có lãnh đạo ban tuyên giáo các huyện, thị, thành ủy "
    "và đại diện các sở, ngành liên quan."
), (
    "Theo kế hoạch, năm 2024 toàn tỉnh tập trung tuyên truyền kỷ niệm 94 năm Ngày thành lập Đảng Cộng sản "
    "Việt Nam, 70 năm Chiến thắng Điện Biên Phủ và 94 năm Ngày truyền thống công tác dân vận của Đảng, "
    "gắn với phong trào thi đua Dân vận khéo ở cơ sở."
)
CHROME = """<div id="sp-header"><div class="logo">BAN TUYÊN GIÁO TỈNH ỦY AN GIANG</div>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/du-luan-xa-hoi.html">Dư luận xã hội</a></li>
<li><a href="/tin-hoat-dong/2663-trien-khai-tuyen-truyen.html">Tin hoạt động</a></li><li><a href="/mat-trang.html">Văn bản</a></li>
<li><a href="/loi-may-chu.html">Lịch công tác</a></li><li><a href="/cham.html">Hỏi đáp</a></li></ul></div>"""


class JoomlaPortal(BaseHTTPRequestHandler):
    requests = []
    stopping = threading.Event()  # /cham.html answers once it is set

    def log_message(self, *args):
        pass

    def _send(self, status, body, ctype="text/html; charset=utf-8"):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        JoomlaPortal.requests.append(self.path)
        if self.path == "/robots.txt":
            return self._send(200, "User-agent: *\nDisallow: /administrator/\n", "text/plain")
        if self.path == "/":
            return self._send(200, f"<html><head><title>Ban Tuyên giáo Tỉnh ủy An Giang</title></head><body>{CHROME}"
                                   "<div class='home'><p>Chào mừng bạn đến với cổng thông tin.</p></div></body></html>")
        if self.path == "/tin-hoat-dong/2663-trien-khai-tuyen-truyen.html":
            paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE_TEXT)
            return self._send(200, f"""<html><head><title>Triển khai công tác tuyên truyền năm 2024</title></head>
<body>{CHROME}<div class="item-page"><h2 itemprop="headline">Triển khai công tác tuyên truyền năm 2024</h2>
<dl class="article-info"><dd class="published">Ngày đăng: 13/03/2024 08:15</dd><dd class="hits">Lượt xem: 27</dd></dl>
<div itemprop="articleBody">{paragraphs}<p style="text-align:right">Thanh Hùng</p></div></div></body></html>""")
        if self.path == "/du-luan-xa-hoi.html":
            return self._send(200, f"<html><head><title>Dư luận xã hội</title></head><body>{CHROME}<div class='blog'>"
                                   "<h2><a href='/tin-hoat-dong/2663-trien-khai-tuyen-truyen.html'>Triển khai công tác "
                                   "tuyên truyền năm 2024</a></h2><p>Chiều 12/3, Ban Tuyên giáo Tỉnh ủy ...</p></div></body></html>")
        if self.path == "/mat-trang.html":
            return self._send(404, "<html><body>404</body></html>")
        if self.path == "/loi-may-chu.html":
            return self._send(500, "<html><body>Server Error in '/' Application.</body></html>")
        if self.path == "/cham.html":
            JoomlaPortal.stopping.wait(600)
            try:
                return self._send(200, "<html><body>muộn</body></html>")
            except OSError:  # the crawler gave up on it long ago
                return None
        return self._send(404, "<html><body>404</body></html>")


@pytest.fixture
def portal():
    JoomlaPortal.requests = []
    JoomlaPortal.stopping.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), JoomlaPortal)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    JoomlaPortal.stopping.set()
    server.shutdown()
    server.server_close()


def crawler(*args):
    return run_cli(*args, timeout=300)


@pytest.mark.parametrize("args, message", [
    (["crawl", "not-a-url"], "not an http(s) URL"),
    (["crawl", "ftp://example.vn/"], "not an http(s) URL"),
    (["crawl", "http://"], "not an http(s) URL"),
    (["crawl", "http://127.0.0.1:99999/"], "bad port"),
    (["crawl", "http://127.0.0.1/", "--max-pages", "0"], "--max-pages"),
    (["crawl", "http://127.0.0.1/", "-s", "DOWNLOAD_DELAY"], "NAME=VALUE"),
    (["crawl"], "give start URLs or choose registered sites"),
    (["crawl", "http://127.0.0.1/", "--since", "2024-13-01"], "--since expects a date"),
    (["fly"], "invalid choice"),
])
def test_usage_errors_exit_2_with_one_line(args, message, tmp_path):
    result = crawler(*args, "--out", str(tmp_path)) if args[0] == "crawl" and len(args) > 1 else crawler(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_unwritable_out_is_refused_before_any_request(portal, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = crawler("crawl", portal, "--out", str(blocker / "out"))
    assert result.returncode == 2
    assert "not writable" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert JoomlaPortal.requests == []


def test_dead_start_url_exits_1(tmp_path):
    result = crawler("crawl", "http://127.0.0.1:9/", "--out", str(tmp_path),
                     *fast(RETRY_TIMES=0, LOG_LEVEL="ERROR"))
    assert result.returncode == 1, result.stderr[-2000:]
    summary = json.loads((tmp_path / "last-summary.json").read_text(encoding="utf-8"))
    assert summary["sites"]["127.0.0.1"]["errors"] == {"connection_refused": 1}
    assert summary["totals"]["articles_written"] == 0


def test_failures_are_counted_and_the_crawl_goes_on(portal, tmp_path):
    result = crawler("crawl", portal, "--out", str(tmp_path),
                     *fast(RETRY_TIMES=1, DOWNLOAD_TIMEOUT=DOWNLOAD_TIMEOUT, LOG_LEVEL="ERROR"))
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads((tmp_path / "last-summary.json").read_text(encoding="utf-8"))
    site = summary["sites"]["127.0.0.1"]
    assert site["errors"] == {"http_404": 1, "http_500": 1, "timeout": 1}, str(JoomlaPortal.requests)
    assert site["articles_written"] == 1
    assert JoomlaPortal.requests.count("/loi-may-chu.html") == 2  # retried once, then counted
    [record] = read_records(tmp_path, "127.0.0.1")
    assert record["title"] == "Triển khai công tác tuyên truyền năm 2024"
    assert record["published"] == "2024-03-13T08:15:00+07:00"
    assert record["author"] == "Thanh Hùng"
    assert record["text"] == "\n".join(ARTICLE_TEXT)


def test_scrapy_crawl_from_the_checkout_uses_the_same_pipelines(portal, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"start_url={portal}",
         "-s", f"OUTPUT_DIR={tmp_path}", "-s", "DOWNLOAD_DELAY=0", "-s", f"DOWNLOAD_TIMEOUT={DOWNLOAD_TIMEOUT}",
         "-s", "RETRY_TIMES=0", "-s", "LOG_LEVEL=ERROR"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    records = read_records(tmp_path, "127.0.0.1")
    assert [r["title"] for r in records] == ["Triển khai công tác tuyên truyền năm 2024"]
    assert os.path.exists(tmp_path / ".state" / "seen.sqlite")


def test_extract_reports_non_articles_with_a_reason(portal):
    result = crawler("extract", portal)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["text"] == "" and record["reason"] in ("too-short", "no-text", "undated-page")
    missing = crawler("extract", "/no/such/page.html")
    assert missing.returncode == 1 and "cannot read" in missing.stderr


def test_extract_explain_says_which_signals_decided(portal):
    result = crawler("extract", portal, portal + "tin-hoat-dong/2663-trien-khai-tuyen-truyen.html", "--explain")
    assert result.returncode == 0, result.stderr
    home, article = [line for line in result.stderr.splitlines() if line.startswith(portal)]
    assert home.startswith(f"{portal}: too-short: ") or home.startswith(f"{portal}: no-text: ")
    assert article.startswith(f"{portal}tin-hoat-dong/2663-trien-khai-tuyen-truyen.html: article: ")
    assert "itemprop=articleBody" in article
    assert "words of body" in article
    assert len(result.stdout.splitlines()) == 2  # the records stay on stdout, one a page


def test_components_switched_off_are_left_out_of_scrapys_base_lists():
    """Scrapy imports every component of its base lists, even one its setting turns off: the
    crawl leaves those out, and keeps them when the setting turns them on."""
    from crawler.cli.run import project_settings

    off = project_settings({})
    assert "scrapy.downloadermiddlewares.cookies.CookiesMiddleware" not in off.getdict("DOWNLOADER_MIDDLEWARES_BASE")
    assert "scrapy.extensions.remote_control.RemoteControl" not in off.getdict("EXTENSIONS_BASE")
    assert "scrapy.downloadermiddlewares.retry.RetryMiddleware" in off.getdict("DOWNLOADER_MIDDLEWARES_BASE")
    on = project_settings({"COOKIES_ENABLED": True})
    assert "scrapy.downloadermiddlewares.cookies.CookiesMiddleware" in on.getdict("DOWNLOADER_MIDDLEWARES_BASE")
