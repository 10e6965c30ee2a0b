"""Tests for crawler.extraction.dates (date strings as printed on Vietnamese portals) and
crawler.extraction.pagedates (page dating)."""

import lxml.html
import pytest

from crawler.extraction.dates import find_date, is_date_line, parse_date
from crawler.extraction.pagedates import published_from_html

# (text as printed on a portal, expected ISO value)
PARSE_CASES = [
    # from the field notes
    ("Thứ Ba, 25/6/2024", "2024-06-25"),
    ("Thứ Tư, 11/09/2019 | 13:30", "2019-09-11T13:30:00+07:00"),
    ("08:09, 06/09/2017", "2017-09-06T08:09:00+07:00"),
    ("16:04 - 14/03/2022", "2022-03-14T16:04:00+07:00"),
    ("Cập nhật lúc 08:35, Thứ Tư, 06/09/2017 (GMT+7)", "2017-09-06T08:35:00+07:00"),
    ("Cập nhật ngày: 29/11/2013 06:51:32", "2013-11-29T06:51:32+07:00"),
    ("Đăng ngày: 24/07/2025 - Lượt xem: 27", "2025-07-24"),
    ("Đăng ngày 17 - 05 - 2024", "2024-05-17"),
    ("Thứ Sáu, ngày 19 tháng 11 năm 2021 - 15:55", "2021-11-19T15:55:00+07:00"),
    ("Thứ tư - 28/09/2022 21:45", "2022-09-28T21:45:00+07:00"),
    ("2/11/2019 9:51:17 AM", "2019-11-02T09:51:17+07:00"),
    ("2/11/2019 9:51:17 PM", "2019-11-02T21:51:17+07:00"),
    ("2/11/2019 9:51:17 CH", "2019-11-02T21:51:17+07:00"),
    ("2/11/2019 9:51:17 SA", "2019-11-02T09:51:17+07:00"),
    ("Thứ bảy, 14-3-26 11:20:01", "2026-03-14T11:20:01+07:00"),
    ("THỨ SÁU, 23/10/2020 06:00:55", "2020-10-23T06:00:55+07:00"),
    ("Ngày đăng: 13/08/2025 | 329", "2025-08-13"),
    ("Chủ nhật - 09/10/2022 22:584120", "2022-10-09T22:58:00+07:00"),
    ("LÊ THANH VY 20/08/2024 11:46", "2024-08-20T11:46:00+07:00"),
    ("13/04/2022    131", "2022-04-13"),
    ("01.8.2024", "2024-08-01"),
    ("2024-06-25T08:15:00+07:00", "2024-06-25T08:15:00+07:00"),
    ("2024-06-25 08:15", "2024-06-25T08:15:00+07:00"),
    ("ngày 2 tháng 1 năm 2019", "2019-01-02"),
    ("Ngày 02 tháng 01 năm 2019", "2019-01-02"),
    # variants
    ("02/01/2019", "2019-01-02"),
    ("3/4/2022", "2022-04-03"),
    ("Thứ hai, 5/2/2024", "2024-02-05"),
    ("Thứ Hai – 05/02/2024 – 07:05", "2024-02-05T07:05:00+07:00"),
    ("Cập nhật: 10/01/2020 08:00", "2020-01-10T08:00:00+07:00"),
    ("Ngày cập nhật 7/3/2023", "2023-03-07"),
    ("Xuất bản: 25/6/2024 08:00", "2024-06-25T08:00:00+07:00"),
    ("Thứ 5, 12/8/2021", "2021-08-12"),
    ("CN, 3/4/2022", "2022-04-03"),
    ("1/2/2020 12:30 PM", "2020-02-01T12:30:00+07:00"),
    ("1/2/2020 12:05 AM", "2020-02-01T00:05:00+07:00"),
    ("1/2/2020 12:05 SA", "2020-02-01T00:05:00+07:00"),
    ("Thứ sáu, 31-12-99 23:59", "1999-12-31T23:59:00+07:00"),
    ("05/01/69", "2069-01-05"),
    ("05/01/70", "1970-01-05"),
    ("Cập nhật lúc: 8h30 ngày 15/7/2014", "2014-07-15T08:30:00+07:00"),
    ("Đăng lúc 14:20 ngày 3/3/2023", "2023-03-03T14:20:00+07:00"),
    ("2024-06-25", "2024-06-25"),
    ("2024-06-25T01:15:00Z", "2024-06-25T08:15:00+07:00"),
    ("2024-06-25T08:15:00.000+0700", "2024-06-25T08:15:00+07:00"),
    ("2024-06-25T03:15:00+02:00", "2024-06-25T08:15:00+07:00"),
    ("2024/06/25 08:15:00", "2024-06-25T08:15:00+07:00"),
    ("25/06/2024 10:00 (GMT+7)", "2024-06-25T10:00:00+07:00"),
    ("25/06/2024 01:00 GMT", "2024-06-25T08:00:00+07:00"),
    ("29/02/2024", "2024-02-29"),
    ("Thứ Sáu, 19 tháng Mười Một, 2021", "2021-11-19"),
    ("Tue, 25 Jun 2024 01:15:00 GMT", "2024-06-25T08:15:00+07:00"),
    # Joomla (vi-VN): "Tháng" with a capital, only a space before the year
    ("Thứ tư, 19 Tháng 7 2023 06:50", "2023-07-19T06:50:00+07:00"),
    ("Ngày đăng: 20 Tháng 11 2023", "2023-11-20"),
    ("Lần cập nhật cuối ( Thứ tư, 19 Tháng 7 2023 08:12 )", "2023-07-19T08:12:00+07:00"),
    ("19 Tháng 7, 2023", "2023-07-19"),
    # fractions of a second before the offset
    ("2026-03-07T08:47:00.000+07:00", "2026-03-07T08:47:00+07:00"),
    ("2026-03-07T08:47:00.000 +07:00", "2026-03-07T08:47:00+07:00"),
    ("2026-03-07T08:47:00.1234567+07:00", "2026-03-07T08:47:00+07:00"),
    ("2026-03-07T01:47:00.000Z", "2026-03-07T08:47:00+07:00"),
    ("2026-03-07T08:07:18.987+07:00", "2026-03-07T08:07:18+07:00"),
]

NONE_CASES = [
    "",
    "2024",
    "31/02/2024",
    "29/02/2023",
    "13/13 đảng uỷ",
    "2.000 mô hình",
    "0912 345 678",
    "0912.345.678",
    "(0236) 3.822.123",
    "Sáng 2/1",  # no year and no default_year
    "Chiều 10-12",
    "Sáng nay (01.8)",
    "Tin liên quan",
    "hôm qua",
    "3 ngày trước",
    "Lượt xem: 27",
    "Số 1248/QĐ-TTg",
    "tháng 11 năm 2021",  # no day: not invented
    "25 tháng Sáu",  # month word, no year
]


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", NONE_CASES)
def test_parse_date_none(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("Sáng 2/1", 2019, "2019-01-02"),
        ("Chiều 10-12", 2023, "2023-12-10"),
        ("Sáng nay (01.8)", 2024, "2024-08-01"),
        ("Tối 15/3", 2022, "2022-03-15"),
        ("ngày 2 tháng 1", 2019, "2019-01-02"),
        ("2/1", 2019, "2019-01-02"),
        ("Thứ Ba, 25/6/2024", 2019, "2024-06-25"),  # a written year beats default_year
        ("Sáng 30/2", 2024, None),
        ("13/13 đảng uỷ", 2024, None),
        ("2.000 mô hình", 2024, None),
        ("tỷ lệ 3/4 dân số", 2024, None),  # not a lead: no date
    ],
)
def test_parse_date_default_year(text, year, expected):
    assert parse_date(text, default_year=year) == expected


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("(QNO) - Sáng 2/1, Thường trực Tỉnh ủy tổ chức hội nghị tổng kết.", 2019, "2019-01-02"),
        ("Thực hiện Quyết định 1248 ngày 15/7/2014 của Thủ tướng, tỉnh đã triển khai", None,
         "2014-07-15"),
        ("Có 13/13 đảng uỷ trực thuộc đã tổ chức; ngày 3/4/2022 tổng kết", None, "2022-04-03"),
        ("Chiều 10-12, 19 đồng chí dự hội nghị.", 2023, "2023-12-10"),
        ("Toàn tỉnh có 2.000 mô hình dân vận khéo.", 2024, None),
        ("Bài viết không có ngày tháng nào cả.", 2024, None),
        ("Trực tuyến : 5814 Đã truy cập : 43584994", None, None),
    ],
)
def test_find_date(text, year, expected):
    assert find_date(text, default_year=year) == expected


DATE_LINES = [
    "Thứ Ba, 25/6/2024",
    "Thứ Tư, 11/09/2019 | 13:30",
    "Cập nhật lúc 08:35, Thứ Tư, 06/09/2017 (GMT+7)",
    "Đăng ngày: 24/07/2025 - Lượt xem: 27",
    "Ngày đăng: 13/08/2025 | 329",
    "Chủ nhật - 09/10/2022 22:584120",
    "13/04/2022    131",
    "LÊ THANH VY 20/08/2024 11:46",
    "Thứ Sáu, ngày 19 tháng 11 năm 2021 - 15:55",
    "Xuất bản: 25/6/2024 08:00",
    "Đăng ngày 17 - 05 - 2024",
    "2024-06-25T08:15:00+07:00",
    "25/06/2024 08:15 - 12 lượt xem",
]

NOT_DATE_LINES = [
    "",
    "Sáng 2/1, Thường trực Tỉnh ủy tổ chức hội nghị triển khai nhiệm vụ năm 2019.",
    "Sáng 2/1/2019, Thường trực Tỉnh ủy tổ chức hội nghị",
    "Thực hiện Quyết định 1248 ngày 15/7/2014 của Thủ tướng Chính phủ",
    "Sáng 2/1",
    "Tin liên quan",
    "Lượt xem: 27",
    "13/13 đảng uỷ đã hoàn thành",
    "Giấy phép số 12/GP-BTTTT ngày 10/01/2020",
    "Thống kê truy cập 13/04/2022",
    "Toàn tỉnh có 2.000 mô hình dân vận khéo",
]


@pytest.mark.parametrize("line", DATE_LINES)
def test_is_date_line_true(line):
    assert is_date_line(line) is True


@pytest.mark.parametrize("line", NOT_DATE_LINES)
def test_is_date_line_false(line):
    assert is_date_line(line) is False


# --------------------------------------------------------------------------- published_from_html


def page(head: str = "", body: str = "") -> lxml.html.HtmlElement:
    return lxml.html.fromstring(
        f"<html><head><meta charset='utf-8'><title>Tin</title>{head}</head><body>{body}</body></html>"
    )


HEADER_TODAY = """
<header id="header"><div class="top-bar"><span class="date">Thứ Hai, 23/11/2026</span>
<a href="/">Trang chủ</a></div><h1 class="logo">Cổng TTĐT Tỉnh ủy</h1></header>
<div id="today">Thứ Hai, 23/11/2026 10:12</div>
"""
FOOTER = "<footer><p>Bản quyền © 2019 Tỉnh ủy. Giấy phép số 12/GP-BTTTT ngày 10/01/2020</p></footer>"
ARTICLE_TEXT = "<p>(QNO) - Sáng 2/1, Thường trực Tỉnh ủy tổ chức hội nghị tổng kết công tác.</p>"


def test_meta_tag_wins_over_visible_dates():
    tree = page(
        '<meta property="article:published_time" content="2024-06-25T08:15:00+07:00">',
        HEADER_TODAY + '<div class="detail"><h1>Tiêu đề</h1><div class="date">Thứ Ba, 01/01/2019</div>'
        + ARTICLE_TEXT + "</div>",
    )
    assert published_from_html(tree, url="https://x.dcs.vn/2020-1-1/a.aspx") == "2024-06-25T08:15:00+07:00"


def test_meta_itemprop_and_dc_date():
    tree = page('<meta name="DC.date.issued" content="2022-03-14">')
    assert published_from_html(tree) == "2022-03-14"
    tree = page(body='<div class="n"><span itemprop="datePublished" content="2021-11-19T15:55:00+07:00">'
                     "19/11/2021</span></div>")
    assert published_from_html(tree) == "2021-11-19T15:55:00+07:00"


def test_json_ld_graph():
    ld = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Báo Cà Mau"},
      {"@type": "NewsArticle", "headline": "Tin", "datePublished": "2021-11-19T08:55:00Z",
       "dateModified": "2021-11-20T10:00:00+07:00"}]}</script>"""
    tree = page(ld, HEADER_TODAY + "<article><h1>Tin</h1><p>Nội dung.</p></article>")
    assert published_from_html(tree) == "2021-11-19T15:55:00+07:00"


def test_broken_json_ld_is_skipped():
    ld = '<script type="application/ld+json">{"datePublished": </script>'
    body = '<article><h1>Tin</h1><time datetime="2023-05-04T07:00:00+07:00">4/5/2023</time></article>'
    tree = page(ld, body)
    assert published_from_html(tree) == "2023-05-04T07:00:00+07:00"


def test_header_today_widget_ignored_date_class_taken():
    body = HEADER_TODAY + """
    <div class="container"><div class="news-detail"><h1 class="title">Hội nghị tổng kết</h1>
    <div class="post-info"><span class="author">Công Hoan</span>
    <span>Cập nhật lúc 08:35, Thứ Tư, 06/09/2017 (GMT+7)</span></div>
    <p>Sáng 6/9, Ban Tuyên giáo tổ chức hội nghị.</p></div></div>""" + FOOTER
    assert published_from_html(page(body=body)) == "2017-09-06T08:35:00+07:00"


def test_header_today_widget_ignored_plain_date_line_taken():
    body = HEADER_TODAY + """
    <div class="wrap"><div class="col"><h2>Hội nghị tổng kết công tác dân vận</h2>
    <p>Thứ tư - 28/09/2022 21:45</p>
    <p>Ngày 27/9/2022, Ban Dân vận Tỉnh ủy tổ chức hội nghị tổng kết.</p></div></div>""" + FOOTER
    assert published_from_html(page(body=body)) == "2022-09-28T21:45:00+07:00"


def test_sidebar_dates_ignored_nukeviet_line_taken():
    body = """<aside><ul><li>Tin mới <span class="time">12/12/2022</span></li></ul></aside>
    <div id="calendar">Thứ Hai, 23/11/2026</div>
    <div class="main"><h1>Tin</h1><div>Chủ nhật - 09/10/2022 22:584120</div><p>Nội dung.</p></div>"""
    assert published_from_html(page(body=body)) == "2022-10-09T22:58:00+07:00"


def test_related_list_dates_ignored():
    text = "<p>" + "Nội dung bài viết. " * 40 + "</p>"
    body = ('<div class="detail"><h1>Tiêu đề bài</h1>' + text
            + "<h3>Tin liên quan</h3><ul><li><a>Tin khác</a> (12/12/2022)</li></ul>"
            + '<div class="related-post"><span class="date">11/12/2022</span></div></div>'
            + '<div class="other-news"><span class="time">10/12/2022 08:00</span></div>')
    assert published_from_html(page(body=body)) is None
    assert published_from_html(page(body=body), url="https://x.vn/2024/05/31/a.html") == "2024-05-31"


def test_url_date():
    tree = page(body=HEADER_TODAY + "<div><h1>Tin</h1><p>Nội dung không có ngày.</p></div>" + FOOTER)
    url = "https://qbtv.vn/portal/pages/2024-5-31/slug-123.aspx"
    assert published_from_html(tree, url=url) == "2024-05-31"
    assert published_from_html(tree, url="https://x.vn/tin-tuc/2024/05/31/slug.html") == "2024-05-31"


def test_url_year_month_only_gives_none():
    tree = page(body="<div><h1>Tin</h1><p>Nội dung không có ngày.</p></div>")
    assert published_from_html(tree, url="https://baolamdong.vn/xa-hoi/202207/slug-1234/") is None


def test_lead_with_year_from_url():
    tree = page(body=HEADER_TODAY + "<div><h1>Tin</h1>" + ARTICLE_TEXT + "</div>" + FOOTER)
    text = "(QNO) - Sáng 2/1, Thường trực Tỉnh ủy tổ chức hội nghị tổng kết công tác."
    url = "https://qbtv.vn/portal/pages/2019-1-2/slug-1.aspx"
    assert published_from_html(tree, url=url, text=text) == "2019-01-02"
    # year-month URL: no full date there, so the lead gives the day
    url = "https://baolamdong.vn/xa-hoi/201901/slug-1234/"
    assert published_from_html(tree, url=url, text=text) == "2019-01-02"


def test_lead_with_year_from_meta_modified():
    tree = page('<meta property="article:modified_time" content="2020-03-16T10:00:00+07:00">',
                "<div><h1>Tin</h1></div>")
    text = "CTTĐT - Chiều 15/3, UBND tỉnh họp báo."
    assert published_from_html(tree, text=text) == "2020-03-15"


def test_lead_without_year_elsewhere_is_none():
    # the copyright year in the footer must not complete the lead
    tree = page(body=HEADER_TODAY + "<div><h1>Tin</h1>" + ARTICLE_TEXT + "</div>" + FOOTER)
    text = "(QNO) - Sáng 2/1, Thường trực Tỉnh ủy tổ chức hội nghị."
    assert published_from_html(tree, url="https://x.dcs.vn/tin/slug-12.html", text=text) is None


def test_date_later_in_body_is_not_a_lead():
    tree = page(body="<div><h1>Tin</h1></div>")
    text = "Thực hiện Quyết định 1248 ngày 15/7/2014 của Thủ tướng, tỉnh đã triển khai."
    assert published_from_html(tree, url="https://x.vn/2019/tin.html", text=text) is None


def test_nothing_found_is_none():
    tree = page(body=HEADER_TODAY + "<div><h1>Tin</h1><p>Nội dung.</p></div>" + FOOTER)
    assert published_from_html(tree, url="https://x.dcs.vn/tin/slug-12.html", text="Nội dung.") is None



# --------------------------------------------------------------------------- milliseconds in metadata

@pytest.mark.parametrize("tag", [
    '<meta property="article:published_time" content="{}">',
    '<meta property="article:published" content="{}">',
    '<meta name="published_time" content="{}">',
    '<meta name="date_published" content="{}">',
    '<meta name="publication_date" content="{}">',
    '<meta name="parsely-pub-date" content="{}">',
    '<meta name="sailthru.date" content="{}">',
    '<meta itemprop="datePublished" content="{}">',
    '<meta itemprop="dateCreated" content="{}">',
])
def test_meta_time_with_milliseconds(tag):
    tree = page(tag.format("2026-03-07T08:47:00.000+07:00"),
                HEADER_TODAY + "<div><h1>Tin</h1><p>Nội dung.</p></div>")
    assert published_from_html(tree) == "2026-03-07T08:47:00+07:00"


# --------------------------------------------------------------------------- the site's "today" above the menu

TOP_TODAY = """<div class="row"><div class="col-md-6">Thứ Hai, 17/11/2025</div>
<div class="col-md-6"><form action="/tim-kiem"><input name="q"><button>Tìm kiếm</button></form></div></div>"""
MENU = """<div id="mainmenu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
<li><a href="/tin-tuc">Tin tức - Sự kiện</a></li><li><a href="/lien-he">Liên hệ</a></li></ul></div>"""
LINKS = """<ul><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
<li><a href="/tin-tuc">Tin tức</a></li></ul>"""
PARAS = "<p>" + "Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận. " * 8 + "</p>"
TITLE = "Lệ Thủy sơ kết công tác dân vận 6 tháng đầu năm"


def test_today_above_the_menu_title_in_h2():
    # no <h1>: the headline is found as the heading that repeats <title>
    tree = page(body=TOP_TODAY + MENU + f'<div class="row"><div class="col-md-8"><div class="box-news">'
                f'<h2 class="title-news">{TITLE}</h2><div class="row-info">Thứ Tư, 19/07/2023 | 06:50</div>'
                f'<div class="content-news">{PARAS}</div></div></div></div>')
    tree.find(".//title").text = TITLE + " - Cổng thông tin điện tử huyện Lệ Thủy"
    assert published_from_html(tree) == "2023-07-19T06:50:00+07:00"


def test_today_above_the_menu_h1_in_the_same_wrapper():
    # the title's container is the whole page: what counts is the menu between the two dates
    tree = page(body=f"<div class='container'><div>Thứ Hai, 17/11/2025</div>{LINKS}<h1>{TITLE}</h1>"
                f"<p><i>Thứ Tư, 19/07/2023 | 06:50</i></p>{PARAS}</div>")
    assert published_from_html(tree) == "2023-07-19T06:50:00+07:00"


def test_today_in_a_time_element_above_the_menu():
    tree = page(body=f"<div class='wrap'><div class='row'><time>Thứ Hai, 17/11/2025</time></div>{MENU}"
                f"<h1>{TITLE}</h1><div class='post-date'>19/07/2023 06:50</div>{PARAS}</div>")
    assert published_from_html(tree) == "2023-07-19T06:50:00+07:00"


def test_today_with_a_date_class_above_the_menu():
    tree = page(body=f"<div class='wrap'><div class='row'><span class='date'>Thứ Hai, 17/11/2025</span></div>"
                f"{MENU}<div class='col'><h1>{TITLE}</h1><p>Cập nhật: 19/07/2023 | Lượt xem: 200</p>"
                f"{PARAS}</div></div>")
    assert published_from_html(tree) == "2023-07-19"


def test_today_above_the_menu_and_no_other_date_gives_none():
    tree = page(body=f"<div class='container'><div>Thứ Hai, 17/11/2025</div>{LINKS}<h1>{TITLE}</h1>{PARAS}</div>")
    assert published_from_html(tree) is None
    assert published_from_html(tree, url="https://x.vn/2023/07/19/tin.html") == "2023-07-19"


def test_date_just_above_the_title_is_the_articles():
    tree = page(body=f"<div class='container'><div>Thứ Hai, 17/11/2025</div>{LINKS}"
                f"<div>Thứ Tư, 19/07/2023 | 06:50</div><h1>{TITLE}</h1>{PARAS}</div>")
    assert published_from_html(tree) == "2023-07-19T06:50:00+07:00"


def test_lists_of_other_articles_above_the_title_are_skipped():
    tree = page(body="<div class='container'><p>Tin mới</p><div>Thứ Hai, 17/11/2025</div>"
                f"{LINKS}<h1>{TITLE}</h1><div>Thứ Tư, 19/07/2023 | 06:50</div>{PARAS}</div>")
    assert published_from_html(tree) == "2023-07-19T06:50:00+07:00"


def test_top_named_box_under_the_title_is_the_articles():
    # baodautu.vn: the date sits in "author-share-top" under a headline that is not an <h1>
    tree = page('<meta property="og:title" content="Xử phạt công ty chứng khoán vì vi phạm công bố thông tin">',
                '<div class="top-bar"><span>Thứ Hai, 17/11/2025</span></div><div class="col630">'
                '<div class="title-detail">Xử phạt công ty chứng khoán vì vi phạm công bố thông tin</div>'
                '<div class="author-share-top"><a class="author">Nguyên Minh</a>'
                '<span class="post-time"> - 07/03/2026 08:47</span></div>' + PARAS + "</div>")
    assert published_from_html(tree) == "2026-03-07T08:47:00+07:00"


def test_top_bar_before_the_title_stays_chrome():
    tree = page(body=f'<div class="top"><span class="date">Thứ Hai, 17/11/2025</span></div>'
                f"<div><h1>{TITLE}</h1>{PARAS}</div>")
    assert published_from_html(tree) is None


def test_date_only_as_visible_text_under_the_title():
    tree = page(body=f"<div class='content'><h1>{TITLE}</h1><p><em>Thứ Tư, 19/07/2023 | 06:50</em></p>"
                f"{PARAS}</div>")
    assert published_from_html(tree) == "2023-07-19T06:50:00+07:00"


def test_joomla_createdate():
    tree = page(body='<table class="contentpaneopen"><tr><td class="contentheading">Khai giảng năm học mới</td></tr>'
                '</table><table class="contentpaneopen"><tr><td><span class="small">Viết bởi Thế Minh</span></td></tr>'
                '<tr><td class="createdate">Thứ tư, 19 Tháng 7 2023 06:50</td></tr><tr><td>' + PARAS
                + "</td></tr></table>")
    assert published_from_html(tree) == "2023-07-19T06:50:00+07:00"
