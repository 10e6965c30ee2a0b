"""Tests for crawler.discovery.urls: canonicalisation, site keys, URL shapes, file names, assets."""

import pytest

from crawler.discovery.urls import (
    canonicalize_url,
    is_probably_asset,
    safe_filename,
    same_site,
    site_of,
    url_shape,
)

LIFERAY_PORTLET = "com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_abCD12"

CANONICAL_CASES = [
    # Liferay: jsessionid path parameter, redirect/state params dropped, p_p_id and _cur kept
    (
        "https://btg.dongthap.gov.vn/web/btg/tin-tuc;jsessionid=8F3A2C1D9E7B6A5F4E3D2C1B0A9F8E7D.node1"
        f"?p_p_id={LIFERAY_PORTLET}&p_p_lifecycle=0&p_p_state=normal&p_p_mode=view"
        f"&p_p_col_id=column-1&p_p_col_pos=1&p_p_col_count=2"
        f"&_{LIFERAY_PORTLET}_cur=3&_{LIFERAY_PORTLET}_redirect=https%3A%2F%2Fbtg.dongthap.gov.vn%2Fweb%2Fbtg",
        f"https://btg.dongthap.gov.vn/web/btg/tin-tuc?_{LIFERAY_PORTLET}_cur=3&p_p_id={LIFERAY_PORTLET}",
    ),
    # Liferay asset_publisher content URL with redirect, backURL and p_auth
    (
        "https://danang.gov.vn/web/guest/chi-tiet/-/asset_publisher/AbC123/content/id/7337177"
        "?redirect=%2Fweb%2Fguest&_101_INSTANCE_AbC123_backURL=%2Fweb%2Fguest&p_auth=Xy12Ab34",
        "https://danang.gov.vn/web/guest/chi-tiet/-/asset_publisher/AbC123/content/id/7337177",
    ),
    # Liferay articleId kept, jsessionid in upper case removed
    (
        "http://svhttdl.bacninh.gov.vn/web/guest/tin;JSESSIONID=ABCDEF0123456789"
        "?p_p_id=56_INSTANCE_x&_56_INSTANCE_x_articleId=12345&p_p_state=maximized",
        "http://svhttdl.bacninh.gov.vn/web/guest/tin?_56_INSTANCE_x_articleId=12345&p_p_id=56_INSTANCE_x",
    ),
    # ASP.NET cookieless session segment
    (
        "http://qbtv.vn/(S(k3j2h4g5f6d7s8a9))/portal/pages/2024-5-31/slug-123.aspx",
        "http://qbtv.vn/portal/pages/2024-5-31/slug-123.aspx",
    ),
    # ASP.NET cookieless with several tickets in one segment
    (
        "http://binhthuancpv.org.vn/(S(abc123)A(def456))/View.aspx?ID=27863&CatID=164&T=S",
        "http://binhthuancpv.org.vn/View.aspx?CatID=164&ID=27863&T=S",
    ),
    # SharePoint ItemID kept, parameters sorted
    (
        "https://yenbai.gov.vn/noidung/tintuc/Pages/chi-tiet-tin-tuc.aspx?page=2&ItemID=31415",
        "https://yenbai.gov.vn/noidung/tintuc/Pages/chi-tiet-tin-tuc.aspx?ItemID=31415&page=2",
    ),
    # soctrang sid=4 is a site id and must stay
    (
        "http://soctrang.dcs.vn/Default.aspx?sname=tinhuy&sid=4&pageid=469&catid=54392&id=299767",
        "http://soctrang.dcs.vn/Default.aspx?catid=54392&id=299767&pageid=469&sid=4&sname=tinhuy",
    ),
    # sid that looks like a session token is dropped; PHPSESSID dropped
    (
        "http://tinhuybinhphuoc.vn/index.php?sid=3f2a9b7c8d1e4f5a6b7c8d9e0f1a2b3c&nv=news&PHPSESSID=q1w2e3r4t5",
        "http://tinhuybinhphuoc.vn/index.php?nv=news",
    ),
    # utm_* and fbclid
    (
        "https://baolamdong.vn/xa-hoi/202406/slug-abc/?utm_source=facebook&utm_medium=social&fbclid=IwAR0xyz",
        "https://baolamdong.vn/xa-hoi/202406/slug-abc/",
    ),
    # gclid, zarsrc (Zalo), zx, _ga; real param kept
    (
        "https://baocamau.vn/tin-a12345.html?zarsrc=31&gclid=Cj0KCQ&zx=1719000000&_ga=2.1.2.3&p=7",
        "https://baocamau.vn/tin-a12345.html?p=7",
    ),
    # fragment dropped
    ("https://thvl.vn/?p=123#comments", "https://thvl.vn/?p=123"),
    # default http port dropped, scheme and host lower-cased, www kept
    ("HTTP://WWW.QBTV.VN:80/Tin-Tuc/Index.aspx", "http://www.qbtv.vn/Tin-Tuc/Index.aspx"),
    # default https port dropped
    ("https://baolaocai.vn:443/bai-viet-post12345.html", "https://baolaocai.vn/bai-viet-post12345.html"),
    # non-default port kept
    ("http://127.0.0.2:8123/news/1.html", "http://127.0.0.2:8123/news/1.html"),
    # empty query removed
    ("https://thvl.vn/tin-tuc/?", "https://thvl.vn/tin-tuc/"),
    # query left empty after filtering removed
    ("https://thvl.vn/tin-tuc/?utm_campaign=x&&", "https://thvl.vn/tin-tuc/"),
    # NukeViet listing page stays as is
    ("https://tinhuybinhphuoc.vn/news/tag/xay-dung/page-8", "https://tinhuybinhphuoc.vn/news/tag/xay-dung/page-8"),
    # Joomla query parameters sorted
    (
        "https://tuyengiaoangiang.vn/index.php?option=com_content&view=article&id=2663&Itemid=12",
        "https://tuyengiaoangiang.vn/index.php?Itemid=12&id=2663&option=com_content&view=article",
    ),
    # path case kept
    ("https://lamdong.gov.vn/vi-VN/a/tinhuy/Pages/Default.aspx", "https://lamdong.gov.vn/vi-VN/a/tinhuy/Pages/Default.aspx"),
    # host with empty path gets "/"
    ("http://danvan.vn", "http://danvan.vn/"),
    # WordPress pagination
    ("https://thvl.vn/category/thoi-su/page/2/#main", "https://thvl.vn/category/thoi-su/page/2/"),
]


@pytest.mark.parametrize(("url", "expected"), CANONICAL_CASES)
def test_canonicalize_url_cases(url, expected):
    assert canonicalize_url(url) == expected


def test_canonical_case_count():
    assert len(CANONICAL_CASES) >= 20


@pytest.mark.parametrize(
    ("href", "base", "expected"),
    [
        ("../b/c.html?utm_source=x", "http://x.vn/a/d/e.html", "http://x.vn/a/b/c.html"),
        ("/vi-vn/tin/slug/783534-193312-329571", "https://nghean.dcs.vn/vi-vn/chuyen-muc/x/405534", "https://nghean.dcs.vn/vi-vn/tin/slug/783534-193312-329571"),
        ("View.aspx?ID=1&CatID=2", "http://binhthuancpv.org.vn/Default.aspx", "http://binhthuancpv.org.vn/View.aspx?CatID=2&ID=1"),
        ("//cdn.qbtv.vn/x.html", "https://qbtv.vn/", "https://cdn.qbtv.vn/x.html"),
        ("?page=3", "https://baolamdong.vn/xa-hoi/?page=2", "https://baolamdong.vn/xa-hoi/?page=3"),
        ("  /a\n/b.html\t", "http://x.vn/", "http://x.vn/a/b.html"),
        ("http://other.vn/x", "http://x.vn/", "http://other.vn/x"),
    ],
)
def test_canonicalize_relative_with_base(href, base, expected):
    assert canonicalize_url(href, base) == expected


@pytest.mark.parametrize(
    "href",
    [
        "mailto:toasoan@baocamau.vn",
        "javascript:void(0)",
        "JavaScript:window.print();",
        "tel:+842903831234",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://ftp.example.vn/file.zip",
        "",
        "   ",
        "#",
        "#top",
    ],
)
def test_canonicalize_non_http_is_none(href):
    assert canonicalize_url(href) is None
    assert canonicalize_url(href, "https://qbtv.vn/tin/1.html") is None


# canonicalize_url answers URLs of simple paths and queries without urljoin and w3lib: the
# same answers as the full way (query filtered and sorted, fragment and default port dropped)
@pytest.mark.parametrize(
    "href, base, expected",
    [
        ("/tin-tuc/a-b_c~1.html?id=2&cat=x&utm_source=fb#top", "https://baoquangninh.vn/",
         "https://baoquangninh.vn/tin-tuc/a-b_c~1.html?cat=x&id=2"),
        ("https://a.vn:8080/x/?b=2&a=1&a=0&fbclid=z", None, "https://a.vn:8080/x/?a=0&a=1&b=2"),
        ("//cdn.a.vn/x.jpg", "https://a.vn/p", "https://cdn.a.vn/x.jpg"),
        ("https://chinhphu.vn", None, "https://chinhphu.vn/"),
        ("/#gop-y", "http://a.vn/x/y", "http://a.vn/"),
        ("/x?sid=4", "http://a.vn/", "http://a.vn/x?sid=4"),
        ("/x?sid=abcdef0123456789abcd&p=1", "http://a.vn/", "http://a.vn/x?p=1"),
        ("/x?a", "http://a.vn/", "http://a.vn/x?a="),
        ("/a/./b/../c", "http://a.vn/", "http://a.vn/a/c"),
        ("/a//b", "http://a.vn/", "http://a.vn/a//b"),
        ("https://a.vn:443/x", None, "https://a.vn/x"),
        ("/web/guest/x;jsessionid=ABC123?p_p_state=normal&p_p_id=7", "https://a.vn/",
         "https://a.vn/web/guest/x?p_p_id=7"),
    ],
)
def test_canonicalize_simple_and_near_simple_urls(href, base, expected):
    assert canonicalize_url(href, base) == expected


def test_canonicalize_relative_without_base_is_none():
    assert canonicalize_url("/tin-tuc/1.html") is None


def test_canonicalize_invalid_port_is_none():
    assert canonicalize_url("http://x.vn:abc/") is None


def test_vietnamese_raw_and_percent_encoded_path_equal():
    raw = "https://bdvtu.binhthuan.dcs.vn/Tin-tức/post/258236/giao-ban-công-tác.aspx"
    encoded = (
        "https://bdvtu.binhthuan.dcs.vn/Tin-t%E1%BB%A9c/post/258236/"
        "giao-ban-c%C3%B4ng-t%C3%A1c.aspx"
    )
    lower_hex = encoded.replace("%E1%BB%A9", "%e1%bb%a9")
    assert canonicalize_url(raw) == canonicalize_url(encoded) == canonicalize_url(lower_hex)
    assert canonicalize_url(raw) == encoded


def test_vietnamese_query_value_raw_and_encoded_equal():
    raw = "http://soctrang.dcs.vn/Default.aspx?id=1&title=Giải thưởng"
    encoded = "http://soctrang.dcs.vn/Default.aspx?title=Gi%E1%BA%A3i+th%C6%B0%E1%BB%9Fng&id=1"
    assert canonicalize_url(raw) == canonicalize_url(encoded)


def test_canonicalize_is_idempotent():
    for url, expected in CANONICAL_CASES:
        assert canonicalize_url(expected) == expected, url


def test_short_sid_like_values_kept_but_long_tokens_dropped():
    assert canonicalize_url("http://x.vn/a?sid=12") == "http://x.vn/a?sid=12"
    assert canonicalize_url("http://x.vn/a?sessionid=A1B2C3D4E5F6G7H8I9") == "http://x.vn/a"


def test_site_of():
    assert site_of("http://WWW.QBTV.vn:80/x") == "qbtv.vn"
    assert site_of("http://127.0.0.2:8123/") == "127.0.0.2"
    assert site_of("https://btg.dongthap.gov.vn/web/btg") == "btg.dongthap.gov.vn"
    assert site_of("www.baocamau.vn") == "baocamau.vn"
    assert site_of("http://wwwx.vn/") == "wwwx.vn"


def test_same_site():
    assert same_site("http://www.qbtv.vn/a", "https://QBTV.vn:443/b?c=1")
    assert not same_site("http://qbtv.vn/", "http://baocamau.vn/")
    assert not same_site("http://soctrang.dcs.vn/", "http://dcs.vn/")
    assert not same_site("", "")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://yenbai.gov.vn/Pages/tin.aspx?page=2", "https://yenbai.gov.vn/Pages/tin.aspx?page=3"),
        ("https://x.vn/tin-tuc/trang-2.html", "https://x.vn/tin-tuc/trang-3.html"),
        ("https://x.vn/lich/2024-06-25", "https://x.vn/lich/2024-06-26"),
        ("https://thvl.vn/category/thoi-su/page/2/", "https://thvl.vn/category/thoi-su/page/13/"),
        ("https://tinhuybinhphuoc.vn/news/tag/xay-dung/page-8", "https://tinhuybinhphuoc.vn/news/tag/xay-dung/page-9"),
        ("http://soctrang.dcs.vn/Default.aspx?sname=tinhuy&sid=4&pageid=469&catid=54392&p=2",
         "http://soctrang.dcs.vn/Default.aspx?catid=54392&p=3&pageid=469&sid=4&sname=tinhuy"),
        ("https://x.vn/tin?page=2&utm_source=fb", "https://www.x.vn/tin?page=4"),
    ],
)
def test_url_shape_siblings(a, b):
    assert url_shape(a) == url_shape(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://x.vn/tin-tuc/trang-2.html", "https://x.vn/su-kien/trang-2.html"),
        ("https://x.vn/tin?page=2", "https://x.vn/tin?p=2"),
        ("https://x.vn/tin?cat=kinh-te&page=2", "https://x.vn/tin?cat=van-hoa&page=2"),
        ("https://x.vn/tin?page=2", "https://x.vn/tin?page=2&cat=1"),
        ("https://x.vn/page/2/", "https://y.vn/page/2/"),
        ("https://x.vn/lich/2024-06-25", "https://x.vn/lich/20240625"),
    ],
)
def test_url_shape_non_siblings(a, b):
    assert url_shape(a) != url_shape(b)


def test_url_shape_format():
    assert url_shape("http://www.x.vn/news/page-8?page=2&a=b") == "x.vn/news/page-#?a=b&page=#"


@pytest.mark.parametrize(
    "name",
    ["..", ".", "../../etc", "..\\..\\windows", "/etc/passwd", "a/../../b", "a\x00b", "\x00", "", "....//....//", "~/.ssh"],
)
def test_safe_filename_no_traversal(name):
    out = safe_filename(name)
    assert out
    assert out not in (".", "..")
    assert ".." not in out
    assert "/" not in out and "\\" not in out and "\x00" not in out
    assert not out.startswith(".")
    assert len(out) <= 100
    assert all(c.isascii() and (c.isalnum() or c in "._-") for c in out)


def test_safe_filename_examples():
    assert safe_filename("127.0.0.2") == "127.0.0.2"
    assert safe_filename("qbtv.vn") == "qbtv.vn"
    assert safe_filename("../../etc") == "etc"
    assert safe_filename("") == "_"
    assert safe_filename("..") == "_"
    assert safe_filename("a\x00b") == "a_b"


def test_safe_filename_long_names_truncated_and_distinct():
    a = safe_filename("a" * 500)
    b = safe_filename("a" * 499 + "b")
    assert len(a) <= 100 and len(b) <= 100
    assert a != b
    assert safe_filename("x" * 100) == "x" * 100


def test_safe_filename_non_ascii():
    out = safe_filename("bàocàmau.vn")
    assert out.isascii() and ".." not in out and out


@pytest.mark.parametrize(
    "url",
    [
        "https://x.vn/uploads/anh.jpg",
        "https://x.vn/uploads/ANH.JPEG?w=300&h=200",
        "https://x.vn/a.png", "https://x.vn/a.gif", "https://x.vn/a.webp", "https://x.vn/logo.svg",
        "https://x.vn/van-ban/ke-hoach.PDF", "https://x.vn/a.doc", "https://x.vn/a.docx",
        "https://x.vn/a.xls", "https://x.vn/a.xlsx", "https://x.vn/a.ppt", "https://x.vn/a.pptx",
        "https://x.vn/a.zip", "https://x.vn/a.rar", "https://x.vn/a.7z",
        "https://x.vn/a.mp3", "https://x.vn/a.mp4#t=10", "https://x.vn/a.avi", "https://x.vn/a.flv", "https://x.vn/a.wmv",
        "https://x.vn/style.css?v=1.2", "https://x.vn/app.js", "https://x.vn/favicon.ico", "https://x.vn/setup.exe",
        "/Portals/0/tai-lieu/nghi-quyết.pdf",
        "https://x.vn/documents/20181/0/Ke+hoach.pdf/7c1e2a3b-aaaa-bbbb-cccc-ddddeeeeffff",
    ],
)
def test_is_probably_asset_true(url):
    assert is_probably_asset(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://x.vn/rss/tin-tuc.rss",
        "https://x.vn/sitemap.xml",
        "https://x.vn/sitemaps/sitemap-2024.xml.gz",
        "https://x.vn/feed/",
        "https://x.vn/tin/bai-viet-123.html",
        "https://x.vn/Pages/Default.aspx?ItemID=1",
        "https://x.vn/index.php?file=a.pdf",
        "https://x.vn/tin/jpg-va-png/",
        "https://x.vn/",
        "",
    ],
)
def test_is_probably_asset_false(url):
    assert not is_probably_asset(url)
