"""Property-based fuzzing of extraction (hypothesis).

Random bytes, random text, HTML-ish token soup, and mutations of the real portal pages in
fixtures/seed_pages (truncated anywhere, spans deleted or duplicated, tags inserted, bytes
flipped, binary spliced in, wrapped in 500 nested tags) go through
crawler.extraction.extract.extract_article, and a few batches through the `crawler extract` command.
Every call must return, within PER_CALL seconds, a dict that JSON accepts (and UTF-8 can
encode, as the JSONL writer does) with `text` a str; no call may raise.
"""

from __future__ import annotations

import json
import resource
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from crawler.extraction.extract import extract_article
from crawler.output.records import finish_record

SEED_PAGES = [p.read_bytes() for p in sorted((Path(__file__).parent / "fixtures" / "seed_pages").glob("*.html"))]
PER_CALL = 5.0  # CPU seconds, for one page (CPU time: how busy the machine is does not count)
URLS = [
    "http://bandanvan.quangbinh.test/Default.aspx?tabid=120&ch=3&id=2198",
    "https://baohatinh.vn/2019/01/thuong-truc-tinh-uy-giao-ban/", "http://127.0.0.1:8000/tin-tuc/a.html",
    "http://../../etc/passwd", "http://[::1]/", "file:///etc/passwd", "", "not a url", "http://x/%00%2e%2e/",
]
CONTENT_TYPES = [
    None, "text/html", "text/html; charset=utf-8", "text/html; charset=ISO-8859-1", "text/html; charset=windows-1258",
    "text/html; charset=utf-16", "text/html; charset=utf-7", "text/html; charset=bogus-vn", "application/octet-stream",
]
TAGS = ["div", "span", "b", "p", "table", "tr", "td", "a", "h1", "ul", "li", "form", "script", "style", "title",
        "iframe", "select", "textarea", "svg", "math", "template", "noscript", "html", "body", "head", "meta"]
SOUP = [
    "<div>", "</div>", "<p>", "</p>", "<td>", "<table>", "<tr>", "<a href='/tin/1.html'>", "</a>", "<br>", "<h1>",
    "<!--", "-->", "<script>", "</script>", "<style>", "<![CDATA[", "]]>", "<?php echo 1; ?>", "<!DOCTYPE html>",
    "&amp;", "&#0;", "&#xD800;", "&nbsp;", "&lol;", "\x00", "\x0b", "\ufffe", "\ud800",
    "Tỉnh ủy Quảng Bình", "Chiá»u 12/3", "Ngày đăng: 13/03/2024 08:15", "Tin liên quan", "Ảnh: Thế Minh",
    "<meta charset='windows-1258'>", "<link rel='canonical' href='/khac.html'>", "<img src='data:image/png;base64,AAAA'>",
    " ", "\n", "…", "“", "”",
]


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so extraction's own `except Exception` cannot swallow it."""


@contextmanager
def time_limit(seconds: float):
    """Raise Hang once this process has spent `seconds` of CPU time in the block."""
    def on_alarm(signum, frame):
        raise Hang(f"no answer after {seconds} CPU seconds")

    previous = signal.signal(signal.SIGVTALRM, on_alarm)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def check_record(record) -> None:
    assert isinstance(record, dict)
    assert isinstance(record["text"], str)
    assert isinstance(record["title"], str)
    json.dumps(record, ensure_ascii=False).encode("utf-8")  # what the JSONL writer does
    if record.get("reason"):
        assert record["text"] == ""
    finished = finish_record({k: v for k, v in record.items() if k != "reason"})
    json.dumps(finished, ensure_ascii=False).encode("utf-8")
    assert isinstance(finished["word_count"], int)


def extract_checked(body, url=URLS[0], content_type=None) -> dict:
    started = time.thread_time()
    with time_limit(PER_CALL + 1):  # the alarm only fires between Python bytecodes
        record = extract_article(body, url, content_type=content_type)
    elapsed = time.thread_time() - started
    assert elapsed < PER_CALL, f"{elapsed:.1f} CPU s for one page of {len(body)} chars/bytes"
    check_record(record)
    return record


@st.composite
def mutated_page(draw) -> bytes:
    """A seed page put through one to four random mutations."""
    page = draw(st.sampled_from(SEED_PAGES))
    for op in draw(st.lists(st.sampled_from(
            ["truncate", "delete", "duplicate", "insert_tag", "flip", "splice_binary", "nest", "recode"]),
            min_size=1, max_size=4)):
        n = len(page)
        if op == "truncate":
            page = page[: draw(st.integers(0, n))]
        elif op == "delete":
            i = draw(st.integers(0, n))
            page = page[:i] + page[draw(st.integers(i, min(n, i + 3000))):]
        elif op == "duplicate":
            i = draw(st.integers(0, n))
            j = draw(st.integers(i, min(n, i + 3000)))
            at = draw(st.integers(0, n))
            page = page[:at] + page[i:j] * draw(st.integers(1, 20)) + page[at:]
        elif op == "insert_tag":
            for _ in range(draw(st.integers(1, 30))):
                tag = draw(st.sampled_from(TAGS))
                markup = draw(st.sampled_from([f"<{tag}>", f"</{tag}>", f"<{tag} class='title author'>", f"<{tag}/>"]))
                at = draw(st.integers(0, len(page)))
                page = page[:at] + markup.encode() + page[at:]
        elif op == "flip":
            data = bytearray(page)
            for _ in range(draw(st.integers(1, 50))):
                if data:
                    data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
            page = bytes(data)
        elif op == "splice_binary":
            at = draw(st.integers(0, n))
            page = page[:at] + draw(st.binary(min_size=1, max_size=2000)) + page[at:]
        elif op == "nest":
            tag = draw(st.sampled_from(["div", "span", "b", "table", "td", "a", "p", "li", "font"])).encode()
            page = b"<" + tag + b">" * 1 + (b"<" + tag + b">") * 499 + page + (b"</" + tag + b">") * 500
        elif op == "recode":
            text = page.decode("utf-8", "replace")
            codec = draw(st.sampled_from(["cp1258", "latin-1", "utf-16", "mojibake", "nfd"]))
            if codec == "mojibake":
                page = text.encode("utf-8").decode("latin-1").encode("utf-8")
            elif codec == "nfd":
                import unicodedata
                page = unicodedata.normalize("NFD", text).encode("utf-8")
            else:
                page = text.encode(codec, "replace")
    return page


FUZZ = settings(max_examples=300, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(body=st.binary(max_size=30_000), url=st.sampled_from(URLS), content_type=st.sampled_from(CONTENT_TYPES))
def test_random_bytes(body, url, content_type):
    extract_checked(body, url, content_type)


@FUZZ
@given(text=st.text(alphabet=st.characters(exclude_categories=()), max_size=5_000), url=st.sampled_from(URLS))
def test_random_text_with_surrogates_and_controls(text, url):
    extract_checked(text, url)


@FUZZ
@given(tokens=st.lists(st.sampled_from(SOUP), max_size=400), as_bytes=st.booleans())
def test_html_token_soup(tokens, as_bytes):
    html = "".join(tokens)
    extract_checked(html.encode("utf-8", "surrogatepass") if as_bytes else html)


@settings(FUZZ, max_examples=600)
@given(page=mutated_page(), url=st.sampled_from(URLS[:3]), content_type=st.sampled_from(CONTENT_TYPES))
def test_mutated_portal_pages(page, url, content_type):
    extract_checked(page, url, content_type)


@pytest.mark.parametrize("index", range(len(SEED_PAGES)))
def test_seed_pages_wrapped_in_500_nested_tags_still_read(index):
    """Nesting beyond what libxml2 keeps (256 levels) costs the structure, never the call."""
    page = SEED_PAGES[index]
    plain = extract_checked(page)
    wrapped = extract_checked(b"<div>" * 500 + page + b"</div>" * 500)
    assert plain.get("reason") is None
    assert isinstance(wrapped["text"], str)


@settings(FUZZ, max_examples=3)
@given(pages=st.lists(mutated_page(), min_size=4, max_size=4))
def test_crawler_extract_command_line(pages, tmp_path_factory):
    """The real command on saved pages: exit 0, one JSON line per page, bounded time."""
    folder = tmp_path_factory.mktemp("fuzz-cli")
    fixed = [b"", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40,
             b"<html><body>" + b"<div><span><b>" * 50_000 + b"</body></html>",
             "<p>Chiá»u 20/9, Ä\x91oÃ\xa0n cÃ´ng tÃ¡c</p>".encode("utf-8"), b"\x1f\x8b\x08\x00garbage"]
    paths = []
    for i, body in enumerate([*fixed, *pages]):
        path = folder / f"page-{i}.html"
        path.write_bytes(body)
        paths.append(str(path))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = run_cli("extract", *paths, "--url", URLS[0], text=False,
                     timeout=60 + 3 * PER_CALL * len(paths))  # wall clock: against a hang
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == len(paths)
    for line in lines:
        record = json.loads(line)
        assert isinstance(record["text"], str)
    assert json.loads(lines[0])["reason"] and json.loads(lines[1])["reason"] == "binary"
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert cpu < 30 + PER_CALL * len(paths), f"{cpu:.1f} CPU s"
