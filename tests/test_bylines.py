"""crawler.bylines: author and source lines at the end of an article, and metadata authors.

Forms from the "Bylines and sources" section of ../shared/vietnamese-portals.md and the seeds.
"""

import pytest

from crawler.bylines import caps_byline, match_byline, match_source, peel_tail, plausible_author

BYLINES = [
    ("Công Hoan", "Công Hoan"),
    ("Lê Trang", "Lê Trang"),
    ("Xuân Trường", "Xuân Trường"),
    ("                                                 Lê Trang", "Lê Trang"),
    ("Công Hoan.", "Công Hoan"),
    ("./. Công Hoan", "Công Hoan"),
    ("Thái Văn – Lê Thắng – Sỹ Tùng", "Thái Văn – Lê Thắng – Sỹ Tùng"),
    ("Thu Hà - Quang Huy", "Thu Hà - Quang Huy"),
    ("Lê Văn An, Trần Thị Bình", "Lê Văn An, Trần Thị Bình"),
    ("Ngọc Anh và Minh Tuấn", "Ngọc Anh và Minh Tuấn"),
    ("TS (tổng hợp)", "TS (tổng hợp)"),
    ("Minh Châu (tổng hợp)", "Minh Châu"),
    ("T/h: H’Loan- Xuân Trí", "H’Loan- Xuân Trí"),
    ("Bài và ảnh Ngọc Nguyên", "Ngọc Nguyên"),
    ("Bài và ảnh: Ngọc Nguyên", "Ngọc Nguyên"),
    ("Bài, ảnh: Minh Hiếu", "Minh Hiếu"),
    ("Tin, ảnh: Văn Hùng", "Văn Hùng"),
]


@pytest.mark.parametrize("line, author", BYLINES)
def test_match_byline(line, author):
    assert match_byline(line) == author


NOT_BYLINES = [
    "Các đại biểu tham dự hội nghị. Ảnh: Thế Minh",
    "Ảnh: Thế Minh",
    "(Ảnh: Thế Duyệt/TTXVN)",
    "Hội nghị đã thành công tốt đẹp.",
    "Sáng 2/1, Thường trực Tỉnh ủy tổ chức hội nghị giao ban công tác dân vận quý IV.",
    "Đồng chí Lê Văn Bảo, Trưởng Ban Dân vận Tỉnh uỷ phát biểu kết luận tại hội nghị",
    "Phát biểu kết luận hội nghị, đồng chí Phó Bí thư Thường trực Tỉnh ủy Lê Thanh Bình khẳng định vai trò "
    "và những đóng góp quan trọng của công tác dân vận.",
    "Thường trực Tỉnh ủy giao ban công tác dân vận quý IV/2018",
    "Ban Dân vận Tỉnh ủy",
    "Tỉnh ủy Quảng Bình",
    "ỦY BAN NHÂN DÂN HUYỆN MINH LONG",
    "Tin liên quan",
    "Gửi cho bạn bè",
    "Trân trọng cảm ơn!",
    "Năm 2021",
    "Tiếp tục nâng cao hiệu quả công tác dân vận của các cấp chính quyền.",
    "",
]


@pytest.mark.parametrize("line", NOT_BYLINES)
def test_match_byline_rejects_prose_and_captions(line):
    assert match_byline(line) is None


@pytest.mark.parametrize("line, author", [
    ("LÊ THANH VY 20/08/2024 11:46", "Lê Thanh Vy"),
    ("NGUYỄN VĂN AN - 20/08/2024", "Nguyễn Văn An"),
])
def test_caps_byline(line, author):
    assert caps_byline(line) == author


@pytest.mark.parametrize("line", [
    "Lê Thanh Vy 20/08/2024 11:46",       # not printed in capitals
    "THỨ SÁU, 23/10/2020 06:00:55",       # a date line, not a byline
    "THỨ SÁU 23/10/2020 06:00:55",
    "CHỦ NHẬT - 09/10/2022 22:58",
    "NGÀY 20/08/2024",
    "CẬP NHẬT 29/11/2013 06:51:32",
    "LÊ THANH VY",                        # no date after it
    "Hội nghị diễn ra ngày 20/08/2024.",
])
def test_caps_byline_rejects(line):
    assert caps_byline(line) is None


@pytest.mark.parametrize("line, source", [
    ("(qbtv.vn)", "qbtv.vn"),
    ("(baoquangninh.com.vn)", "baoquangninh.com.vn"),
    ("Nguồn: Báo Sóc Trăng", "Báo Sóc Trăng"),
    ("Nguồn: Ban Tuyên giáo Tỉnh ủy.", "Ban Tuyên giáo Tỉnh ủy"),
    ("Theo Vnexpress", "Vnexpress"),
    ("Theo Báo Nhân Dân.", "Báo Nhân Dân"),
    ("Theo TTXVN", "TTXVN"),
    ("Nguồn VOV: https://vov.vn/chinh-tri/dan-van-kheo-post1012345.vov", "VOV"),
    ("Tin: Báo Quảng Ninh", "Báo Quảng Ninh"),
    ("Nguồn tin: Báo Hà Tĩnh", "Báo Hà Tĩnh"),
    ("(Theo qbtv.vn)", "qbtv.vn"),
    ("(Theo Báo Quảng Bình)", "Báo Quảng Bình"),
    ("(Nguồn: TTXVN)", "TTXVN"),
])
def test_match_source(line, source):
    assert match_source(line) == source


@pytest.mark.parametrize("line", [
    "Theo báo cáo của Ban dân vận Tỉnh ủy, trong quý I, việc lãnh đạo, tổ chức thực hiện công tác dân vận "
    "từ tỉnh đến cơ sở đạt được nhiều kết quả thiết thực.",
    "Theo báo cáo, toàn tỉnh có 2.000 mô hình “Dân vận khéo”.",
    "Theo kế hoạch, hội nghị sẽ diễn ra vào tháng 5.",
    "Theo kế hoạch hội nghị sẽ diễn ra vào tháng 5.",
    "Theo đó, các cấp ủy tập trung lãnh đạo công tác dân vận.",
    "Nguồn lực của tỉnh còn hạn chế.",
    "Nguồn vốn đầu tư công được giải ngân nhanh.",
    "Tin: Ban Dân vận cho biết nhiều kết quả.",
    "(Theo kế hoạch của Ban Dân vận)",
    "Nguồn tin: cho biết thêm về việc này",
    "Công Hoan",
    "Hội nghị đã thành công tốt đẹp.",
])
def test_match_source_rejects_prose(line):
    assert match_source(line) is None


BODY = [
    "Sáng 2/1, Thường trực Tỉnh ủy tổ chức hội nghị giao ban công tác dân vận quý IV nhằm đánh giá kết quả.",
    "Đồng chí Phó Bí thư Thường trực Tỉnh ủy đề nghị các cấp, các ngành tập trung lãnh đạo công tác dân vận.",
]


@pytest.mark.parametrize("tail, author, source", [
    (["Công Hoan"], "Công Hoan", None),
    (["(qbtv.vn)"], None, "qbtv.vn"),
    (["Công Hoan", "(qbtv.vn)"], "Công Hoan", "qbtv.vn"),
    (["Lê Trang", "Nguồn: Báo Sóc Trăng"], "Lê Trang", "Báo Sóc Trăng"),
    (["(qbtv.vn)", "Công Hoan"], "Công Hoan", "qbtv.vn"),
    (["T/h: H’Loan- Xuân Trí"], "H’Loan- Xuân Trí", None),
    (["Bài và ảnh Ngọc Nguyên", "Theo Vnexpress"], "Ngọc Nguyên", "Vnexpress"),
    (["Công Hoan", "(Theo qbtv.vn)"], "Công Hoan", "qbtv.vn"),
    ([], None, None),
])
def test_peel_tail(tail, author, source):
    result = peel_tail(BODY + tail)
    assert result.lines == BODY
    assert (result.author, result.source) == (author, source)


def test_peel_tail_leaves_a_body_that_ends_in_a_sentence():
    lines = BODY + ["Hội nghị đã thành công tốt đẹp."]
    result = peel_tail(lines)
    assert result.lines == lines
    assert result.author is None and result.source is None


@pytest.mark.parametrize("last", [
    "Nguồn lực của tỉnh còn hạn chế.",
    "Theo kế hoạch hội nghị sẽ diễn ra vào tháng 5.",
    "Các đại biểu tham dự hội nghị. Ảnh: Thế Minh",
])
def test_peel_tail_keeps_prose_that_looks_like_a_tail(last):
    result = peel_tail(BODY + [last])
    assert result.lines == BODY + [last]
    assert result.author is None and result.source is None


def test_peel_tail_does_not_take_the_only_line_as_author():
    result = peel_tail(["Công Hoan"])
    assert result.lines == ["Công Hoan"] and result.author is None


@pytest.mark.parametrize("lines, body, author", [
    (["Hội nghị đã thành công tốt đẹp./.", "Công Hoan"], ["Hội nghị đã thành công tốt đẹp."], "Công Hoan"),
    (["Hội nghị đã thành công tốt đẹp. ./.", "Công Hoan"], ["Hội nghị đã thành công tốt đẹp."], "Công Hoan"),
    (["Hội nghị đã thành công tốt đẹp./."], ["Hội nghị đã thành công tốt đẹp."], None),
    (["Hội nghị đã thành công tốt đẹp", "./.", "Công Hoan"], ["Hội nghị đã thành công tốt đẹp"], "Công Hoan"),
    (["Hội nghị đã thành công tốt đẹp./.", "./. Công Hoan"], ["Hội nghị đã thành công tốt đẹp."], "Công Hoan"),
])
def test_peel_tail_end_mark(lines, body, author):
    result = peel_tail(lines)
    assert result.lines == body
    assert result.author == author


SITE_NAMES = ["Ban Dân vận Tỉnh ủy Quảng Bình", "bandanvan.quangbinh.gov.vn"]


@pytest.mark.parametrize("name", [
    "Ban Dân vận Tỉnh ủy Quảng Bình",
    "BAN DÂN VẬN TỈNH ỦY QUẢNG BÌNH",
    "bandanvan.quangbinh.gov.vn",
    "http://bandanvan.quangbinh.gov.vn/author/admin",
    "https://facebook.com/lethanhvy",
    "Admin",
    "admin",
    "Administrator",
    "Quản trị viên",
    "Ban biên tập",
    "Ban Biên Tập",
    "Cổng thông tin điện tử tỉnh",
    "Cổng Thông Tin Điện Tử Tỉnh Quảng Bình",
    "editor@quangbinh.gov.vn",
    "",
    "   ",
    None,
])
def test_plausible_author_rejects(name):
    assert plausible_author(name, SITE_NAMES) is None


@pytest.mark.parametrize("name, kept", [
    ("Lê Trang", "Lê Trang"),
    ("  Công   Hoan ", "Công Hoan"),
    ("Nguyễn Văn Đài", "Nguyễn Văn Đài"),
])
def test_plausible_author_keeps_people(name, kept):
    assert plausible_author(name, SITE_NAMES) == kept
