"""Checks of the fake provincial portals in crawler.sample_portals (served on 127.0.0.x)."""
from __future__ import annotations

import re
import unicodedata
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import deque
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
import pytest

from crawler.sample_portals import PORTALS, expected_articles, serve_portals

UA = "sample-portals-test/1.0"


def fetch(url: str, method: str = "GET"):
    """(status, headers, body) without raising on 4xx/5xx; redirects are followed."""
    req = urllib.request.Request(url, method=method, headers={"User-Agent": UA})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def text_of(body: bytes, encoding: str = "utf-8") -> str:
    doc = lxml.html.fromstring(unicodedata.normalize("NFC", body.decode(encoding)))
    for bad in doc.xpath("//script|//style"):
        bad.drop_tree()
    return " ".join(doc.text_content().split())


def norm(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


@pytest.fixture(scope="module")
def running():
    with serve_portals() as r:
        yield r


@pytest.fixture(scope="module")
def by_name(running):
    return {p.name: p for p in running}


@pytest.fixture(scope="module")
def expected(running):
    return expected_articles(running)


def test_five_portals_of_different_families(running):
    assert len(running) >= 5
    assert len({p.family for p in running}) >= 5
    assert len({p.host for p in running}) == len(running)
    for p in running:
        assert p.base_url == f"http://{p.host}:{urlsplit(p.base_url).port}/"
        assert p.host.startswith("127.0.0.")
        assert p.name in PORTALS


def test_home_pages_have_menus(running):
    for p in running:
        status, _, body = fetch(p.base_url)
        assert status == 200, p.name
        assert 20_000 <= len(body) <= 80_000, (p.name, len(body))
        doc = lxml.html.fromstring(body)
        links = doc.xpath("//a/@href")
        assert len(links) > 40, p.name
        text = text_of(body)
        assert re.search(r"(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy|hai|ba|tư|năm|sáu|bảy)|Chủ nhật), \d\d/\d\d/20\d\d", text)


def test_robots_txt(running):
    for p in running:
        status, headers, body = fetch(p.base_url + "robots.txt")
        assert status == 200 and headers.get_content_type() == "text/plain"
        lines = body.decode().splitlines()
        assert "User-agent: *" in lines
        disallows = [ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("Disallow:")]
        assert disallows == p.disallowed_prefixes and disallows
        for ln in lines:
            if ln.startswith("Sitemap:"):
                url = ln.split(":", 1)[1].strip()
                assert urlsplit(url).hostname == p.host
                assert fetch(url)[0] == 200


def test_sitemap_index_and_news_sitemap(by_name, expected):
    qb = by_name["qbtv"]
    robots = fetch(qb.base_url + "robots.txt")[2].decode()
    index_url = re.search(r"^Sitemap: (\S+)$", robots, re.M).group(1)
    root = ET.fromstring(fetch(index_url)[2])
    sm = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert root.tag == sm + "sitemapindex"
    children = [e.text for e in root.iter(sm + "loc")]
    assert len(children) == 2
    locs, news_found = set(), False
    for child in children:
        status, _, body = fetch(child)
        assert status == 200
        tree = ET.fromstring(body)
        locs |= {e.text for e in tree.iter(sm + "loc")}
        if tree.findall(".//{http://www.google.com/schemas/sitemap-news/0.9}news"):
            news_found = True
            assert tree.findall(".//{http://www.google.com/schemas/sitemap-news/0.9}publication_date")
    assert news_found
    qb_urls = {u for e in expected for u in e.urls if urlsplit(u).hostname == qb.host}
    assert qb_urls <= locs
    # some articles are in the sitemap only: not on the home page nor in any listing
    home = fetch(qb.base_url)[2].decode()
    listing = "".join(fetch(qb.base_url + f"portal/pages/tin-tuc.aspx?page={k}")[2].decode() for k in (1, 2))
    only_sitemap = [u for u in qb_urls if urlsplit(u).path not in home + listing]
    assert len(only_sitemap) >= 2


def test_rss_feed(by_name, expected):
    wp = by_name["baosoctrang"]
    home = lxml.html.fromstring(fetch(wp.base_url)[2])
    feeds = home.xpath("//head/link[@rel='alternate'][@type='application/rss+xml']/@href")
    assert feeds
    status, headers, body = fetch(urljoin(wp.base_url, feeds[0]))
    assert status == 200 and "xml" in headers.get_content_type()
    items = ET.fromstring(body).findall("./channel/item")
    assert len(items) == 10
    all_urls = {u for e in expected for u in e.urls}
    assert all(i.findtext("link") in all_urls for i in items)


def _article(expected, pred):
    for e in expected:
        for url in e.urls:
            if pred(e, url):
                return e, url
    raise AssertionError("no such article")


def test_cp1258_page(by_name, expected):
    host = by_name["ubnd-minhlong"].host
    found = []
    for e in expected:
        for url in e.urls:
            if urlsplit(url).hostname == host:
                status, headers, body = fetch(url)
                if b"windows-1258" in body[:600]:
                    found.append((e, url, headers, body))
    assert len(found) == 1
    e, url, headers, body = found[0]
    assert headers["Content-Type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = unicodedata.normalize("NFC", body.decode("cp1258"))
    assert "Tỉnh ủy" in text
    assert '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258" />' in text
    page = text_of(body, "cp1258")
    assert norm(e.title) in page
    for para in e.paragraphs:
        assert norm(para) in page


def test_nfd_page(by_name, expected):
    host = by_name["btgdv-soctrang"].host
    nfd = []
    for e in expected:
        for url in e.urls:
            if urlsplit(url).hostname == host:
                raw = fetch(url)[2].decode("utf-8")
                if not unicodedata.is_normalized("NFC", raw):
                    nfd.append((e, raw))
    assert len(nfd) == 1
    e, raw = nfd[0]
    assert norm(e.title) not in raw
    assert norm(e.title) in unicodedata.normalize("NFC", raw)


def test_soft_404(by_name, running):
    qb = by_name["qbtv"]
    status, _, body = fetch(qb.base_url + "portal/pages/khong-co-trang-nay-123.aspx")
    assert status == 200
    text = text_of(body)
    assert "Không tìm thấy trang yêu cầu" in text and "Trang bạn tìm không tồn tại" in text
    home = fetch(qb.base_url)[2].decode()
    assert "/portal/pages/bang-gia-quang-cao.aspx" in home  # a linked soft 404
    status, _, body = fetch(qb.base_url + "portal/pages/bang-gia-quang-cao.aspx")
    assert status == 200 and "Không tìm thấy trang yêu cầu" in text_of(body)
    for p in running:
        if p.name != "qbtv":
            assert fetch(p.base_url + "khong-ton-tai/trang-nay.html")[0] == 404, p.name


def _teaser_links(body: bytes) -> list:
    doc = lxml.html.fromstring(body)
    return doc.xpath("//div[@class='asset-abstract']//h3/a/@href")


def test_pagination_repeats_last_page(by_name):
    lr = by_name["btgdv-soctrang"]
    base = lr.base_url + "web/btg/tin-hoat-dong?_101_INSTANCE_AbC123_cur="
    pages = {k: fetch(base + str(k)) for k in (1, 2, 3, 4, 50)}
    assert all(s == 200 for s, _, _ in pages.values())
    last = _teaser_links(pages[3][2])
    assert last and _teaser_links(pages[1][2]) != last
    assert _teaser_links(pages[4][2]) == last == _teaser_links(pages[50][2])
    assert "_101_INSTANCE_AbC123_cur=51" in pages[50][2].decode()
    assert len(_teaser_links(pages[1][2])) >= 5


def test_calendar_trap(by_name):
    wp = by_name["baosoctrang"]
    assert "/lich/" in fetch(wp.base_url)[2].decode()
    status, _, body = fetch(wp.base_url + "lich/2024-06-25")
    assert status == 200
    assert "Không có tin bài nào trong ngày này" in text_of(body)
    html = body.decode()
    assert "/lich/2024-06-24" in html and "/lich/2024-06-26" in html
    assert fetch(wp.base_url + "lich/1987-01-01")[0] == 200


def test_expected_articles(expected, running):
    assert len(expected) >= 40
    assert len({e.key for e in expected}) == len(expected)
    hosts = {p.host for p in running}
    for e in expected:
        assert e.site in hosts and e.site == urlsplit(e.urls[0]).hostname
        assert e.title and e.paragraphs
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d\+07:00)?", e.published)
        assert "2017" <= e.published[:4] <= "2026"
        for url in e.urls:
            status, headers, body = fetch(url)
            assert status == 200, url
            enc = "cp1258" if headers["Content-Type"] == "text/html" else "utf-8"
            page = text_of(body, enc)
            v = e.variant(url)
            assert norm(v.title) in page, url
            for para in v.paragraphs:
                assert norm(para) in page, (url, para[:60])
            if v.source:
                assert v.source in page
    syndicated = [e for e in expected if len(e.urls) == 2]
    assert len(syndicated) >= 3
    for e in syndicated:
        first, second = (e.variant(u) for u in e.urls)
        assert first.source is None and second.source and e.source is None
        assert first.paragraphs != second.paragraphs  # tone-mark styles differ
        assert urlsplit(e.urls[0]).hostname != urlsplit(e.urls[1]).hostname
    assert any(e.variant(e.urls[0]).title != e.variant(e.urls[1]).title for e in syndicated)
    authors = {e.author for e in expected}
    assert {"Công Hoan", "Lê Trang", "H’Loan- Xuân Trí", "Ngọc Nguyên", "Lê Thanh Vy",
            "Thái Văn – Lê Thắng – Sỹ Tùng", "TS (tổng hợp)", None} <= authors
    assert any(len(e.published) == 10 for e in expected)
    assert any(e.published.endswith(":01+07:00") for e in expected)


def canonical(url: str) -> str:
    """Test-side URL canonicalisation: no fragment, jsessionid or tracking/redirect params."""
    parts = urlsplit(url)
    path = re.sub(r";jsessionid=\w+", "", parts.path)
    drop = {"redirect", "inheritRedirect", "p_p_state", "fbclid"}
    q = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
         if k not in drop and not k.startswith("utm_")]
    path = quote(path, safe="/%;=-_.~")  # as a browser would send raw spaces and diacritics
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(q), ""))


def crawl(portal, limit: int = 700) -> set:
    """A small polite BFS from the home page plus robots.txt sitemaps; returns canonical URLs."""
    robots = fetch(portal.base_url + "robots.txt")[2].decode()
    blocked = [ln.split(":", 1)[1].strip() for ln in robots.splitlines() if ln.startswith("Disallow:")]
    queue = deque([portal.base_url])
    for sm in re.findall(r"^Sitemap: (\S+)$", robots, re.M):
        todo = [sm]
        while todo:
            root = ET.fromstring(fetch(todo.pop())[2])
            locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
            (todo if root.tag.endswith("sitemapindex") else queue).extend(locs)
    seen, done = set(), set()
    while queue and len(done) < limit:
        url = canonical(queue.popleft())
        parts = urlsplit(url)
        if url in seen or parts.hostname != portal.host:
            continue
        seen.add(url)
        if any(parts.path.startswith(b) for b in blocked):
            continue
        if re.search(r"\.(jpe?g|png|gif|css|js|ico)$", parts.path, re.I):
            continue
        if parts.path.startswith("/lich/") or re.search(r"_cur=([2-9]\d|\d{3,})", parts.query):
            continue  # traps: do not follow
        status, headers, body = fetch(url)
        done.add(url)
        if status != 200 or headers.get_content_type() != "text/html":
            continue
        doc = lxml.html.fromstring(body, base_url=url)
        for href in doc.xpath("//a/@href"):
            if href.startswith(("javascript:", "mailto:", "#")):
                continue
            queue.append(urljoin(url, href))
    return done


def test_every_article_is_discoverable_and_disallowed_never_fetched(running, expected):
    for p in running:
        start = len(p.requests)
        found = crawl(p)
        mine = [u for e in expected for u in e.urls if urlsplit(u).hostname == p.host]
        assert mine
        missing = [u for u in mine if canonical(u) not in found]
        assert not missing, (p.name, missing)
        ours = p.requests[start:]
        assert ours and all(ua == UA for _, _, ua in ours)
        assert not [r for r in ours if any(r[1].startswith(d) for d in p.disallowed_prefixes)]


def test_disallowed_sections_are_linked_and_look_like_articles(running):
    for p in running:
        html = fetch(p.base_url)[2].decode()
        linked = [d for d in p.disallowed_prefixes if f'href="{d}' in html]
        assert linked, p.name
        noibo = [d for d in p.disallowed_prefixes if "noi-bo" in d or d == "/admin/"]
        assert noibo, p.name


@pytest.mark.parametrize("name,path,needle", [
    ("ubnd-minhlong", "noidung/tintuc/Pages/chi-tiet-tin-tuc.aspx?ItemID={id}&print=1", "window.print()"),
    ("ubnd-minhlong", "Mobile/News/{id}.aspx", "Phiên bản đầy đủ"),
    ("qbtv", "Mobile/News/{id}.aspx", "QBTV"),
    ("qbtv", "portal/pages/gui-cho-ban-be.aspx?id={id}", "Gửi cho bạn bè"),
    ("btgdv-soctrang", "web/btg/gui-cho-ban-be?articleId={id}", "Gửi bài viết cho bạn bè"),
    ("btgdv-soctrang", "web/btg/ket-qua-binh-chon", "Kết quả bình chọn"),
    ("tinhuy-quangbinh", "voting/result-3.html", "Kết quả thăm dò ý kiến"),
    ("tinhuy-quangbinh", "news/tag/xay-dung", "Chủ đề: xay-dung"),
    ("baosoctrang", "tim-kiem?q=d%C3%A2n+v%E1%BA%ADn", "Kết quả tìm kiếm"),
    ("qbtv", "tim-kiem?q=M%E1%BA%B7t+tr%E1%BA%ADn", "Tìm kiếm"),
    ("qbtv", "portal/pages/so-do-trang.aspx", "Sơ đồ trang"),
    ("baosoctrang", "lien-he/", "Liên hệ"),
])
def test_non_article_pages(by_name, name, path, needle):
    p = by_name[name]
    aid = p.portal.listed()[0].id
    status, _, body = fetch(p.base_url + path.format(id=aid))
    assert status == 200
    assert needle in body.decode("utf-8")


def test_print_pages_are_linked_from_articles(by_name):
    for name, marker in [("qbtv", "/portal/Ban-in-"), ("tinhuy-quangbinh", "/print/"),
                         ("baosoctrang", "?print=1"), ("ubnd-minhlong", "&amp;print=1")]:
        p = by_name[name]
        a = p.portal.listed()[0]
        html = fetch(p.portal.article_url(a))[2].decode("utf-8")
        href = re.search(r'href="([^"]*' + re.escape(marker) + r'[^"]*)"', html).group(1)
        body = fetch(urljoin(p.portal.article_url(a), href.replace("&amp;", "&")))[2].decode()
        assert "window.print()" in body, name


def test_liferay_link_variants_and_tracking_links(by_name):
    lr = by_name["btgdv-soctrang"]
    html = fetch(lr.base_url + "web/btg")[2].decode() + fetch(lr.base_url + "web/btg/tin-hoat-dong")[2].decode()
    assert ";jsessionid=" in html and "?redirect=" in html and "p_p_state=normal" in html
    a = lr.portal.listed()[0]
    for variant in (lr.portal.variant(a, "jsession"), lr.portal.variant(a, "redirect").replace("&amp;", "&")):
        assert fetch(lr.base_url.rstrip("/") + variant)[0] == 200
    wp_html = fetch(by_name["baosoctrang"].base_url)[2].decode()
    assert "utm_source=" in wp_html and "#comments" in wp_html
    assert "fbclid=" in fetch(by_name["qbtv"].base_url)[2].decode()


def test_article_pages_are_realistic_size(expected):
    for e in expected[:: 5]:
        body = fetch(e.urls[0])[2]
        assert 12_000 <= len(body) <= 80_000, (e.urls[0], len(body))


def test_add_article_and_big_portal():
    with serve_portals(names=["baosoctrang", "big"], big_articles=60) as running:
        wp, big = running
        before = len(expected_articles(running))
        url = wp.add_article("Tin mới đăng trong lúc chạy", ["Đoạn thứ nhất của bài mới.",
                                                             "Đoạn thứ hai của bài mới."], author="Lê Trang")
        assert fetch(url)[0] == 200
        exp = expected_articles(running)
        assert len(exp) == before + 1 and any(url in e.urls for e in exp)
        feed = fetch(wp.base_url + "feed/")[2].decode()
        assert feed.index(url) < feed.index("<item>", feed.index("<item>") + 1)
        listing = fetch(wp.base_url + "chuyen-muc/chinh-tri/")[2].decode()
        assert urlsplit(url).path in listing
        assert sum(1 for e in exp if e.site == big.host) == 60
        assert fetch(big.base_url + "tin-tuc/page-3")[0] == 200


def test_some_articles_only_reachable_through_deep_pagination(by_name, expected):
    wp = by_name["baosoctrang"]
    home = fetch(wp.base_url)[2].decode()
    urls = [u for e in expected for u in e.urls if urlsplit(u).hostname == wp.host]
    not_home = [u for u in urls if urlsplit(u).path not in home]
    assert len(not_home) >= 3
    page3 = fetch(wp.base_url + "chuyen-muc/chinh-tri/page/3/")[2].decode()
    assert any(urlsplit(u).path in page3 for u in not_home)
    assert fetch(wp.base_url + "chuyen-muc/chinh-tri/page/4/")[0] == 404


def test_inline_links_inside_paragraphs(by_name, expected):
    e = next(e for e in expected if e.key == "bst-nguoi-co-uy-tin-tran-de-2022")
    target = next(x for x in expected if x.key == "bst-chi-bo-ap-2018").urls[0]
    doc = lxml.html.fromstring(fetch(e.urls[0])[2])
    hrefs = doc.xpath("//div[@class='entry-content']/p/a/@href")
    assert target in hrefs
