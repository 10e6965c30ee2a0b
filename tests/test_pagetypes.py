"""crawler.extraction.pagetypes: calendars, schedules and info pages told by their headline, and news
headlines that merely start with the same words."""

import pytest

from crawler.extraction.pagekind import classify
from crawler.extraction.pagetypes import headline_type, page_type, title_headlines, url_names


@pytest.mark.parametrize("headline", [
    "Lịch công tác ngày 25/06/2024",
    "Lịch công tác",
    "LỊCH CÔNG TÁC TUẦN 26 (TỪ 24/6 ĐẾN 30/6/2024)",
    "Lịch công tác tuần 26 của Thường trực Huyện ủy",
    "Lịch làm việc của Thường trực Huyện ủy từ ngày 24/6 đến ngày 28/6/2024",
    "Lịch tiếp công dân định kỳ tháng 7 năm 2024",
    "Lịch tiếp công dân của Chủ tịch UBND huyện Minh Long",
    "Lịch phát sóng ngày 25/6",
    "Lịch phát sóng chương trình truyền hình",
    "Lịch trực Tết Nguyên đán Giáp Thìn 2024",
    "Lịch trực ban",
])
def test_calendar_headlines(headline):
    assert headline_type(headline) == "calendar"


@pytest.mark.parametrize("headline", [
    "Giới thiệu",
    "Giới thiệu chung",
    "Giới thiệu chung về huyện Minh Long",
    "Lịch sử",
    "Lịch sử Đảng bộ",
    "Lịch sử Đảng bộ huyện Minh Long",
    "LỊCH SỬ ĐẢNG BỘ TỈNH QUẢNG BÌNH",
    "Lịch sử hình thành và phát triển",
    "Cơ cấu tổ chức",
    "Cơ cấu tổ chức Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Sơ đồ tổ chức",
    "Liên hệ",
    "Thông tin liên hệ",
    "Chức năng nhiệm vụ",
    "Chức năng, nhiệm vụ, quyền hạn",
    "Giới thiệu - Báo Sóc Trăng",
])
def test_info_page_headlines(headline):
    assert headline_type(headline) == "info-page"


@pytest.mark.parametrize("headline", [
    "Giới thiệu sản phẩm OCOP tại hội chợ xúc tiến thương mại",
    "Giới Thiệu Sản Phẩm OCOP Tại Hội Chợ Xúc Tiến Thương Mại",  # Title Case
    "GIỚI THIỆU SẢN PHẨM OCOP TẠI HỘI CHỢ",
    "Giới thiệu Nghị quyết số 57-NQ/TW của Bộ Chính trị",
    "Lịch sử hào hùng của quê hương Minh Long",
    "LỊCH SỬ HÀO HÙNG CỦA QUÊ HƯƠNG",
    "Lịch sử Đảng bộ huyện Minh Long được xuất bản",
    "Công bố lịch phát sóng chương trình truyền hình tiếng Khmer",
    "Công bố lịch công tác của Đoàn đại biểu Quốc hội",
    "Lịch trực tuyến giải đáp chính sách cho người dân",
    "Liên hệ giữa lý luận và thực tiễn trong công tác dân vận",
    "Lịch làm việc thay đổi, người dân cần lưu ý",
    "Hội nghị giao ban công tác dân vận quý I",
    "Lịch tin bài - Tháng 6/2024",
    "",
])
def test_news_headlines_are_not_page_types(headline):
    assert headline_type(headline) is None


def test_title_cut_only_where_a_site_name_follows():
    assert "Liên hệ" in title_headlines("Liên hệ | Trang thông tin điện tử Ban Tuyên giáo Tỉnh ủy")
    # the page's h1 goes on past the dash: the whole is a headline, not "Giới thiệu" and a site name
    h1 = "Giới thiệu - Quảng bá sản phẩm OCOP tại hội chợ"
    assert title_headlines(h1 + " - Báo Sóc Trăng", [h1]) == [h1 + " - Báo Sóc Trăng"]
    assert title_headlines(h1 + " - Báo Sóc Trăng") == [h1 + " - Báo Sóc Trăng", "Giới thiệu"]  # no h1: a site name
    assert title_headlines("Lịch sử - niềm tự hào của quê hương") == ["Lịch sử - niềm tự hào của quê hương"]


@pytest.mark.parametrize("url, kind", [
    ("http://x.vn/gioi-thieu/", "info-page"),
    ("http://x.vn/Pages/gioi-thieu.aspx", "info-page"),
    ("http://x.vn/lien-he.html", "info-page"),
    ("http://x.vn/index.php?language=vi&nv=contact", "info-page"),
    ("http://x.vn/lich-cong-tac/2024-06-25", "calendar"),
    ("http://x.vn/lich.aspx?ngay=2024-06-25", "calendar"),
    ("http://x.vn/lich-cong-tac-tuan-26.html", "calendar"),
])
def test_urls_that_name_a_page_type(url, kind):
    assert url_names(url, kind)


@pytest.mark.parametrize("url", [
    "http://x.vn/tin-tuc/lich-su-hao-hung-cua-que-huong-123.html",
    "http://x.vn/tin-tuc/gioi-thieu-san-pham-ocop-12.html",
    "http://x.vn/tin-tuc/chi-tiet.aspx?id=12",
])
def test_urls_that_do_not(url):
    assert not url_names(url, "info-page") and not url_names(url, "calendar")


SIDEBAR = ["Lịch công tác", "Liên hệ", "Giới thiệu"]  # boxes of a sidebar on every page


def test_a_heading_needs_the_url_to_agree():
    article = "http://x.vn/tin-tuc/chi-tiet.aspx?id=12"
    assert page_type(article, "Hội nghị giao ban công tác dân vận - UBND huyện", SIDEBAR + ["Hội nghị"]) is None
    # the site's name is its only <title>: the h1 decides where the URL names the page
    assert page_type("http://x.vn/lich.aspx?ngay=2024-06-25", "UBND huyện Minh Long",
                     SIDEBAR + ["Lịch công tác ngày 25/06/2024"]) == "calendar"
    assert page_type("http://x.vn/gioi-thieu/", "UBND huyện Minh Long", ["Giới thiệu chung"]) == "info-page"
    assert page_type("http://x.vn/Default.aspx?tabid=12", "UBND huyện Minh Long", ["Giới thiệu chung"]) is None


def test_title_decides():
    assert page_type("http://x.vn/Default.aspx?tabid=12", "Lịch công tác tuần 26 - UBND huyện Minh Long", []) == "calendar"
    assert page_type("http://x.vn/a.aspx", "Cơ cấu tổ chức | Cổng thông tin điện tử huyện Minh Long", []) == "info-page"
    assert page_type("http://x.vn/a.aspx", "Giới thiệu sản phẩm OCOP tại hội chợ - Báo Sóc Trăng",
                     ["Giới thiệu sản phẩm OCOP tại hội chợ"]) is None


LONG = [f"Trong quý {i}, các cấp ủy, tổ chức Đảng ở {i + 2} xã đã tập trung lãnh đạo, chỉ đạo triển khai nhiệm vụ "
        f"công tác dân vận gắn với thực hiện nhiệm vụ chính trị của địa phương, với {10 * i + 3} mô hình mới."
        for i in range(1, 9)]


def _classify(**overrides):
    args = dict(url="http://x.vn/tin-tuc/chi-tiet.aspx?id=12", html_text="<html></html>", title="",
                heading_texts=[], lines=LONG, link_texts=set(), has_date=True)
    args.update(overrides)
    return classify(**args)


def test_classify_names_calendars_and_info_pages():
    assert _classify(title="Lịch công tác ngày 25/06/2024 - UBND huyện Minh Long") == "calendar"
    assert _classify(title="Lịch sử Đảng bộ huyện Minh Long - UBND huyện Minh Long") == "info-page"
    assert _classify(title="Lịch sử hào hùng của quê hương Minh Long - UBND huyện Minh Long") is None
    assert _classify(title="Hội nghị giao ban - UBND huyện", heading_texts=SIDEBAR) is None
    # a print copy is still a print copy
    assert _classify(url="http://x.vn/print/lich-cong-tac.html", title="Lịch công tác") == "print-copy"
