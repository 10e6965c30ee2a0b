"""crawler.extraction.boilerplate: portal furniture lines go, prose that uses the same words stays.

The furniture lines are the ones ../shared/vietnamese-portals.md lists and the ones the seed
articles (fixtures/seeds/) were left with by an earlier extractor; the prose lines are article
sentences that start with or contain the same words.
"""

import re
import time
from pathlib import Path

import hypothesis
import hypothesis.strategies
import pytest

from crawler.extraction import boilerplate
from crawler.extraction.boilerplate import clean_lines, cut_point, is_boilerplate_line

SEEDS = Path(__file__).parent / "fixtures" / "seeds"

FURNITURE = [
    # visitor counters, every variant in the notes and the seeds
    "Đang online: 7 • Hôm nay: 353 • Trong tuần: 2.101 • Tất cả: 1.203.554",
    "Đang online: 7",
    "Hôm nay: 353",
    "Trực tuyến : 5814 Đã truy cập : 43584994",
    "Thống kê: 281.950 Online: 140",
    "Thống kê truy cập",
    "Thống kê truy cập - Tin tổng hợp",
    "Lượt truy cập: 1790",
    "Số lượt truy cập: 1790",
    "Tổng số lượt xem: 13832759",
    "• Người trực tuyến Người trực tuyến",
    "• Khách Khách 638",
    "• Thành viên Thành viên 0",
    "• Tổng Tổng 638",
    "• Tổng lượt truy cập: Tổng lượt truy cập: 79935807",
    # view counts, alone or glued to dates
    "Lượt xem: 27",
    "Lượt xem: 1.234",
    "Đã xem: 120",
    "Số lần đọc: 55",
    "LƯỢT XEM: 27",  # the view counter in capitals: its words are looked for in lower case
    "Tin: Văn Hùng | ĐÃ TRUY CẬP 1.203 |",
    "Ngày đăng: {publish}",
    "Đăng ngày: 24/07/2025 - Lượt xem: 27",
    "13/04/2022    131",
    "13/08/2025 | 329",
    "Chủ nhật - 09/10/2022 22:584120",
    # date lines from the notes
    "Thứ Ba, 25/6/2024",
    "Thứ Tư, 11/09/2019 | 13:30",
    "08:09, 06/09/2017",
    "16:04 - 14/03/2022",
    "Cập nhật lúc 08:35, Thứ Tư, 06/09/2017 (GMT+7)",
    "Cập nhật ngày: 29/11/2013 06:51:32",
    "Đăng ngày 17 - 05 - 2024",
    "Thứ Sáu, ngày 19 tháng 11 năm 2021 - 15:55",
    "Thứ tư - 28/09/2022 21:45",
    "2/11/2019 9:51:17 AM",
    "Thứ bảy, 14-3-26 11:20:01",
    "THỨ SÁU, 23/10/2020 06:00:55",
    # tools
    "Gửi cho bạn bè",
    "Gởi bài viết",
    "Bản in",
    "In bài viết",
    "Trở về",
    "Về đầu",
    "Về đầu trang",
    "A- A A+",
    "Chia sẻ",
    "Chia sẻ | Zalo | Facebook",
    "Zalo",
    "Truy cập nội dung luôn",
    "Giọng nữ miền Bắc",
    "Tương phản",
    # polls, ratings, comments
    "Thăm dò ý kiến",
    "Bình chọn",
    "Hiện tại không có bình chọn nào đang hoạt động.",
    "Đánh giá của bạn",
    "Đánh giá của bạn:",
    "Bài viết hay? Hãy đánh giá",
    "Viết bình luận",
    "(0) Bình luận",
    # template leaks and footers
    "Xuất bản thông tin null",
    "{title} {publish}",
    "POWERED BY VNPT",
    "Giấy phép số 45/GP-STTTT",
    "Giấy phép số 241/GP-BTTTT ngày 14/6/2019 của Bộ Thông tin và Truyền thông",
    "Chịu trách nhiệm chính: Chánh Văn phòng HĐND và UBND huyện",
    "Tổng biên tập: Nguyễn Văn Sáu",
    "Bản quyền thuộc Ban Dân vận Tỉnh ủy Quảng Bình",
    "Đường dây nóng: 0913.295.666",
    "Đường dây nóng",
    "Hotline: 0918.123.456",
    "NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI ĐẢNG BỘ TỈNH",
    "Tài liệu đính kèm: Công tác dân vận năm 2022.jpg",
    "Từ khóa: dân vận khéo",
    # pagination and stray counters
    "2662 Go top",
    "Trang 2 của 3",
    "1 2 3 »",
    "Tiếp theo »",
    "",
    "   ",
]

PROSE = [
    "Các đại biểu chia sẻ kinh nghiệm trong công tác dân vận.",
    "Chia sẻ tại hội nghị, đồng chí Bí thư nhấn mạnh vai trò của công tác dân vận.",
    "Ban Thường vụ Tỉnh ủy ban hành Quyết định số 1248 ngày 15/7/2014.",
    "Hội nghị đã bình chọn 10 mô hình Dân vận khéo tiêu biểu năm 2023.",
    "Sáng 2/1, Thường trực Tỉnh ủy tổ chức hội nghị giao ban công tác dân vận quý IV.",
    "Ngày 13/04/2022, Huyện ủy tổ chức hội nghị trực báo công tác dân vận.",
    "Thứ Ba, 25/6/2024, Ban Dân vận Tỉnh ủy tổ chức hội nghị giao ban.",
    "Chủ nhật, ngày 09/10/2022, hàng trăm đoàn viên ra quân làm sạch môi trường.",
    "Theo thống kê, toàn tỉnh có 1.600 mô hình tập thể và 398 mô hình cá nhân.",
    "Thống kê cho thấy tỷ lệ hộ nghèo giảm còn 3,5%.",
    "Người dân có thể truy cập cổng dịch vụ công để nộp hồ sơ trực tuyến.",
    "Lượt truy cập vào cổng dịch vụ công tăng mạnh trong năm 2023.",
    "Đoàn công tác đã xem 3 mô hình sản xuất nông nghiệp tiên tiến.",
    "Đến nay, tổng lượt xem các video tuyên truyền đạt 1,2 triệu.",
    "Doanh nghiệp được cấp giấy phép xây dựng trong thời gian ngắn.",
    "Giấy phép kinh doanh của doanh nghiệp đã bị thu hồi do vi phạm.",
    "Nhiều thanh niên trở về quê hương lập nghiệp.",
    "Trở về quê hương sau nhiều năm công tác, anh tích cực tham gia phong trào.",
    "Cơ quan chức năng đang xác minh các tin liên quan đến vụ việc.",
    "Tin liên quan đến vụ việc đã được báo cáo lên cấp trên.",
    "Các tin khác về công tác dân vận sẽ được cập nhật thường xuyên.",
    "Bản in của tài liệu được gửi tới các chi bộ.",
    "Hôm nay, 353 đại biểu đã về dự hội nghị.",
    "Trong tuần, các xã đã tổ chức 12 buổi đối thoại với nhân dân.",
    "Tất cả 13/13 đảng uỷ trực thuộc đã ban hành văn bản chỉ đạo.",
    "Tổng số 2.000 mô hình “Dân vận khéo” đã được đăng ký.",
    "Thành viên Ban Chỉ đạo gồm 15 đồng chí.",
    "Khách mời tham dự có đại diện lãnh đạo các sở, ngành.",
    "Bài viết đã nhận được nhiều ý kiến bình luận tích cực của bạn đọc.",
    "Đánh giá của Ban Thường vụ cho thấy công tác dân vận có nhiều chuyển biến.",
    "Đánh giá của bạn đọc cho thấy nhiều ý kiến tích cực.",
    "Zalo là kênh thông tin được nhiều chi bộ sử dụng để kết nối đảng viên.",
    "Tổng biên tập Báo Quảng Bình phát biểu tại buổi lễ.",
    "Đường dây nóng của huyện luôn sẵn sàng tiếp nhận phản ánh của người dân.",
    "Hiện tại, toàn tỉnh có 120 mô hình dân vận khéo đang hoạt động hiệu quả.",
    "Hội nghị đã thành công tốt đẹp.",
    "Công Hoan",
    "(qbtv.vn)",
    "T/h: H’Loan- Xuân Trí",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_line_is_boilerplate(line):
    assert is_boilerplate_line(line) is True


@pytest.mark.parametrize("line", PROSE)
def test_prose_line_is_kept(line):
    assert is_boilerplate_line(line) is False


def test_enough_real_cases():
    assert len([l for l in FURNITURE if l.strip()]) >= 30
    assert len(PROSE) >= 20


@pytest.mark.parametrize("line", [
    "Khách " * 15 + "là người dân địa phương.",  # seconds with an ambiguous counter pattern
    "Khách " * 200 + "là người dân địa phương.",
    "Hôm nay: 1 " * 200 + "và",
    "• Tổng 1 • " * 200 + "hết",
    "Lượt xem " * 200 + "nhiều",
])
def test_counter_rules_do_not_backtrack(line):
    """Long lines of counter words that are not counters are answered at once."""
    start = time.thread_time()  # CPU time: how busy the machine is does not count
    assert is_boilerplate_line(line) is False
    assert time.thread_time() - start < 0.5


BODY = [
    "Sáng 2/1, Thường trực Tỉnh ủy tổ chức hội nghị giao ban công tác dân vận quý IV.",
    "Các đại biểu chia sẻ kinh nghiệm trong công tác dân vận.",
    "Hội nghị đã bình chọn 10 mô hình Dân vận khéo tiêu biểu năm 2023.",
]
RELATED = ["Hội nghị trực báo công tác dân vận quý I năm 2022", "Đẩy mạnh phong trào thi đua Dân vận khéo"]


@pytest.mark.parametrize("heading", [
    "Tin liên quan", "Tin liên quan:", "TIN LIÊN QUAN", "Các tin khác", "Xem nhiều nhất",
    "Tin cùng chuyên mục", "Có thể bạn quan tâm", "Tin mới", "Đọc nhiều", "Liên kết website",
    "Thống kê truy cập",
])
def test_clean_lines_cuts_from_list_heading(heading):
    lines = BODY + [heading] + RELATED + ["Công Hoan"]
    assert cut_point(lines) == len(BODY)
    assert clean_lines(lines) == BODY


@pytest.mark.parametrize("heading", ["Tin liên quan", "Các tin khác", "Xem nhiều nhất"])
def test_clean_lines_never_cuts_at_first_line(heading):
    lines = [heading] + BODY + ["Tin cùng chuyên mục"] + RELATED
    assert cut_point(lines) == 1 + len(BODY)
    assert clean_lines(lines) == [heading] + BODY


def test_clean_lines_keeps_prose_in_order_and_drops_furniture_between():
    lines = ["Truy cập nội dung luôn", "Thứ Ba, 25/6/2024", BODY[0], "Lượt xem: 27", BODY[1], "",
             "A- A A+", BODY[2], "Tin liên quan đến vụ việc đã được báo cáo lên cấp trên.", "Bản in",
             "Gửi cho bạn bè"]
    assert clean_lines(lines) == BODY + ["Tin liên quan đến vụ việc đã được báo cáo lên cấp trên."]


def test_clean_lines_without_heading_keeps_everything_but_furniture():
    assert cut_point(BODY) == len(BODY)
    assert clean_lines(BODY + ["Zalo"]) == BODY


def test_clean_lines_prose_mentioning_a_heading_does_not_cut():
    lines = BODY + ["Các tin khác về công tác dân vận sẽ được cập nhật thường xuyên."] + BODY
    assert clean_lines(lines) == lines


def _seed(stem):
    return (SEEDS / f"{stem}.txt").read_text().split("\n")


@pytest.mark.parametrize("stem, last_kept, dropped", [
    ("000_59a298be4131aecf", "(qbtv.vn)", ["Thứ Ba, 25/6/2024", "Gửi cho bạn bè", "Xem nhiều nhất"]),
    ("001_34d792673d164ef0", "Lê Trang", ["2662 Go top", "Hiện tại không có bình chọn nào đang hoạt động.",
                                          "Thống kê truy cập", "Tổng lượt truy cập"]),
    ("002_1607f4f1bd2cc473", "Công Hoan", ["Truy cập nội dung luôn", "13/04/2022    131", "Tài liệu đính kèm",
                                           "Tin liên quan", "Số lượt truy cập: 1790", "Tổng số lượt xem"]),
    ("003_d58cd6a09e93b510", "T/h: H’Loan- Xuân Trí", []),
    ("004_69b1866e47fcc391", "Xuân Trường", []),
])
def test_clean_lines_on_seeds(stem, last_kept, dropped):
    raw = _seed(stem)
    cleaned = clean_lines(raw)
    assert cleaned[-1].strip() == last_kept
    # prose lines survive in their order
    prose = [l for l in raw if len(l.split()) > 25]
    assert prose and [l for l in cleaned if l in prose] == prose
    for phrase in dropped:
        assert not any(phrase in line for line in cleaned), phrase
    assert not any(not line.strip() for line in cleaned)


@pytest.mark.parametrize("line", [
    "Bạn đang ở: | Tin tức | Hội nghị giao ban công tác dân vận | | |",  # Joomla's pathway, Vietnamese
    "Bạn đang xem: Tin hoạt động",
    "Trang chủ > Tin tức > Thời sự",
    "Trang chủ / Hoạt động / Dân vận",
    "Home » News » Local",
])
def test_breadcrumb_trails_are_dropped(line):
    assert is_boilerplate_line(line) is True


def test_prose_about_the_home_page_is_not_a_breadcrumb():
    assert is_boilerplate_line("Trang chủ của Cổng thông tin điện tử tỉnh đã được nâng cấp giao diện mới.") is False


LONG = [
    "Sáng 2/1, Thường trực Tỉnh ủy tổ chức hội nghị giao ban công tác dân vận quý IV năm 2018 với sự tham dự của các đồng chí.",
    "Các đại biểu đã chia sẻ nhiều kinh nghiệm quý trong công tác dân vận ở cơ sở, nhất là ở vùng đồng bào dân tộc thiểu số.",
    "Hội nghị đã bình chọn 10 mô hình Dân vận khéo tiêu biểu năm 2023 để nhân rộng trong toàn tỉnh trong thời gian tới.",
]


@pytest.mark.parametrize("heading", ["Tin liên quan", "Đọc thêm", "Xem thêm:", "Cùng chuyên mục", "Read more"])
def test_a_related_box_inside_the_body_goes_and_the_article_goes_on(heading):
    """A "Tin liên quan" box between two parts of the article: only the box is cut."""
    lines = LONG[:1] + [heading] + RELATED + LONG[1:]
    assert clean_lines(lines, {r.lower() for r in RELATED}) == LONG


def test_a_related_list_at_the_end_still_cuts_the_rest():
    lines = LONG + ["Đọc thêm"] + RELATED + ["Công Hoan"]
    assert clean_lines(lines, {r.lower() for r in RELATED}) == LONG


def test_widget_headings_never_resume():
    lines = LONG[:1] + ["Thống kê truy cập"] + ["Hôm nay: 353"] + LONG[1:]
    assert clean_lines(lines) == LONG[:1]


@pytest.mark.parametrize("line", ["Viết bởi Thế Minh", "Đăng bởi: Quản trị viên", "Written by John Smith"])
def test_created_by_lines_are_dropped(line):
    assert is_boilerplate_line(line) is True


def test_prose_about_who_wrote_is_kept():
    assert is_boilerplate_line("Viết bởi những người con của quê hương, cuốn sách ghi lại lịch sử hào hùng của Đảng bộ huyện.") is False


_FLAT_NOISE = re.compile("|".join(re.escape(word) for word in boilerplate._NOISE_WORDS))


@hypothesis.settings(max_examples=400, deadline=None)
@hypothesis.given(hypothesis.strategies.lists(
    hypothesis.strategies.sampled_from(boilerplate._NOISE_WORDS)
    | hypothesis.strategies.text(alphabet="abcdeghiklmnoprstuvwxyz- _", max_size=12), max_size=6))
def test_noise_words_found_as_by_a_flat_alternation(parts):
    attrs = "".join(parts)
    assert (boilerplate.NOISE_ATTR.search(attrs) is None) == (_FLAT_NOISE.search(attrs) is None)


def test_every_noise_word_is_found():
    for word in boilerplate._NOISE_WORDS:
        assert boilerplate.NOISE_ATTR.search(f"x l-{word}-box") is not None
    assert boilerplate.NOISE_ATTR.search("article-body detail-content") is None
