"""crawler.extraction.bylines: author and source lines at the end of an article, and metadata authors.

Forms from the "Bylines and sources" section of ../shared/vietnamese-portals.md and the seeds.
"""

import lxml.html
import pytest

from crawler.extraction.bylines import (caps_byline, find_author, is_person_name, match_byline, match_source, peel_tail,
                             person_names, plausible_author)

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
    ("Nhóm PV", "Nhóm PV"),
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


# --------------------------------------------------------------------------- people, not organisations

@pytest.mark.parametrize("name", [
    "Hồ Hương", "Dương Ngọc", "NHẬT XUÂN", "Nguyễn Văn Đài", "H’Loan", "Nhóm PV", "Minh Chiến",
])
def test_is_person_name(name):
    assert is_person_name(name, single=True)


@pytest.mark.parametrize("name", [
    "Báo Quảng Bình", "Ban Dân vận Tỉnh ủy", "Công ty Cổ phần VCCorp", "VCCorp.vn", "NLD.COM.VN",
    "TUOI TRE ONLINE", "VietNamNet News", "Tuổi Trẻ", "Thanh Niên", "Người Lao Động", "Dân trí",
    "TTXVN", "VOV", "VnExpress", "Thứ Hai", "Trang chủ", "Ban Biên Tập", "Đài Phát thanh",
])
def test_is_person_name_rejects_organisations(name):
    assert not is_person_name(name, single=True)


def test_one_word_is_a_name_only_where_a_box_says_so():
    assert is_person_name("Hiền", single=True)
    assert not is_person_name("Hiền")


@pytest.mark.parametrize("text, names", [
    ("Theo Hồ Hương", ["Hồ Hương"]),
    ("Tin, ảnh: Văn Hùng", ["Văn Hùng"]),
    ("Bài và ảnh: Ngọc Nguyên", ["Ngọc Nguyên"]),
    ("Viết bởi Thế Minh", ["Thế Minh"]),
    ("Tác giả: Lê Văn An", ["Lê Văn An"]),
    ("NHẬT XUÂN - NGHI VŨ", ["NHẬT XUÂN", "NGHI VŨ"]),
    ("Thu Hà, Quang Huy và Minh Tuấn", ["Thu Hà", "Quang Huy", "Minh Tuấn"]),
    ("Minh Châu (tổng hợp)", ["Minh Châu"]),
    ("Theo Báo Quảng Bình", None),
    ("Theo VOV", None),
    ("Theo kế hoạch, hội nghị diễn ra vào tháng 5.", None),
    ("và 1 tác giả khác", None),
    ("Xem các bài viết của tác giả", None),
])
def test_person_names(text, names):
    assert person_names(text, single=True) == names


MORE_SITES = [
    ("VCCorp.vn", ["cafef", "cafef.vn"]),
    ("NLD.COM.VN", ["Báo Người Lao Động Online", "nld.com.vn"]),
    ("TUOI TRE ONLINE", ["Tuổi Trẻ Online", "tuoitre.vn"]),
    ("baotuoitre", ["Tuổi Trẻ Online", "tuoitre.vn"]),
    ("VietNamNet News", ["vietnamnet.vn"]),
    ("Dân Trí", ["dantri.com.vn"]),
    ("VnExpress", ["vnexpress.net"]),
    ("Công ty Cổ phần Truyền thông Việt Nam", ["x.vn"]),
    ("Báo Quảng Bình", ["baoquangbinh.vn"]),
]


@pytest.mark.parametrize("name, site_names", MORE_SITES)
def test_plausible_author_rejects_companies_and_the_site(name, site_names):
    assert plausible_author(name, site_names) is None


def test_plausible_author_keeps_a_person_on_a_site_named_otherwise():
    assert plausible_author("Tri Túc", ["Báo điện tử Dân Trí", "dantri.com.vn"]) == "Tri Túc"
    # people are named after provinces, and so are the portals' domains
    assert plausible_author("Nguyễn Quang Bình", SITE_NAMES) == "Nguyễn Quang Bình"
    assert plausible_author("Thái Bình", ["thaibinh.gov.vn"]) is None
    assert plausible_author("Minh Chiến", ["Báo Người Lao Động Online", "nld.com.vn"]) == "Minh Chiến"


# --------------------------------------------------------------------------- "Theo X": author or source

@pytest.mark.parametrize("line, author, source", [
    ("Theo Hồ Hương", "Hồ Hương", None),
    ("(Theo Minh Hà)", "Minh Hà", None),
    ("Theo Báo Quảng Bình", None, "Báo Quảng Bình"),
    ("Theo VOV", None, "VOV"),
    ("Theo TTXVN", None, "TTXVN"),
    ("Theo Tuổi Trẻ", None, "Tuổi Trẻ"),
    ("Theo Dân trí", None, "Dân trí"),
])
def test_theo_names_a_person_or_a_source(line, author, source):
    result = peel_tail(BODY + [line])
    assert result.lines == BODY
    assert (result.author, result.source) == (author, source)
    assert match_source(line) == source


def test_theo_person_then_source_line():
    result = peel_tail(BODY + ["Theo Hồ Hương", "Nguồn: Báo Đại Đoàn kết"])
    assert (result.author, result.source) == ("Hồ Hương", "Báo Đại Đoàn kết")


# --------------------------------------------------------------------------- find_author on markup

def doc(body: str, head: str = "") -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(
        f"<html><head><meta charset='utf-8'><title>Tin</title>{head}</head><body>{body}</body></html>")


PROSE = ("<p>Sáng 18/7, Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận 6 tháng đầu năm, "
         "triển khai nhiệm vụ 6 tháng cuối năm 2023 với sự tham dự của lãnh đạo các xã.</p>")


def body_of(tree):
    return tree.get_element_by_id("body")


@pytest.mark.parametrize("closing, author", [
    ('<p style="text-align: right;"><strong>Hoàng Anh</strong></p>', "Hoàng Anh"),
    ('<p align="right">Hiền</p>', "Hiền"),                          # one word, right-aligned
    ('<div class="text-right"><em>Phan Thanh - Kim Oanh</em></div>', "Phan Thanh - Kim Oanh"),
    ('<p class="has-text-align-right"><strong>Tin, ảnh: Văn Hùng</strong></p>', "Văn Hùng"),
    ("<p><b>Lê Văn An</b></p>", "Lê Văn An"),                       # bold, two words
    ("<p><strong>Hà Thu</strong> <em>(tổng hợp)</em></p>", "Hà Thu"),
    ("<p><b>Hiền</b></p>", None),                                   # bold alone: one word is too little
    ("<p>Lê Văn An</p>", None),                                     # neither bold nor right-aligned
    ('<p style="text-align:right"><strong>Ban Dân vận Huyện ủy</strong></p>', None),
    ('<p style="text-align:right"><strong>Trân trọng cảm ơn!</strong></p>', None),
    ('<div class="text-right"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Zalo</a></div>', None),
    ('<div class="text-right"><a href="#">In bài</a> <a href="#">Gửi email</a></div>', None),
])
def test_find_author_bold_or_right_aligned_closing_paragraph(closing, author):
    tree = doc(f'<div id="body">{PROSE}{PROSE}{closing}</div>')
    assert find_author(tree, ["x.vn"], body=body_of(tree)) == author


def test_closing_byline_in_the_footer_is_not_the_author():
    tree = doc(f'<div id="body"><div class="news">{PROSE}{PROSE}</div>'
               '<div id="footer"><p align="right"><b>Nguyễn Văn An</b></p></div></div>')
    assert find_author(tree, ["x.vn"], body=body_of(tree)) is None


def test_closing_byline_past_a_sidebar_the_body_container_ran_into():
    tree = doc(f'<div id="body"><div class="news">{PROSE}{PROSE}'
               '<p style="text-align: right;"><strong>Hoàng Anh</strong></p></div>'
               '<div class="col-4"><div class="box-title">Thông báo</div><p>Lịch tiếp công dân</p></div></div>')
    assert find_author(tree, ["x.vn"], body=body_of(tree)) == "Hoàng Anh"


@pytest.mark.parametrize("markup, author", [
    ('<td><span class="small">Viết bởi Thế Minh</span>&nbsp;&nbsp;</td>', "Thế Minh"),                 # Joomla 1.5
    ('<dd class="createdby">Viết bởi <span itemprop="name">Thế Minh</span></dd>', "Thế Minh"),        # Joomla 3
    ('<p class="info">Tác giả: <a href="/tac-gia/le-van-an">Lê Văn An</a></p>', "Lê Văn An"),
    ("<p><em>Tin, ảnh: Văn Hùng</em></p>", "Văn Hùng"),
    ("<p>Bài và ảnh: NGỌC NGUYÊN</p>", "NGỌC NGUYÊN"),
    ("<p>Nhóm PV Thời sự</p>", None),
    ('<span class="small">Viết bởi Administrator</span>', None),
    ('<span class="small">Đăng bởi: quantri</span>', None),
])
def test_find_author_labelled_byline(markup, author):
    tree = doc(f"<table><tr>{markup}</tr></table>" if markup.startswith("<td") else markup + PROSE)
    assert find_author(tree, ["x.vn"]) == author


def test_labelled_byline_in_comments_is_not_the_author():
    tree = doc(PROSE + '<div class="comment-list"><div class="item"><span>Đăng bởi Nguyễn Văn Bình</span>'
               "<p>Bài viết rất hay.</p></div></div>")
    assert find_author(tree, ["x.vn"]) is None


LD = '<script type="application/ld+json">{}</script>'


@pytest.mark.parametrize("author_json, author", [
    ('{"@type": "Person", "name": "Tri T&#250;c"}', "Tri Túc"),
    ('[{"@type": "Person", "name": "NH&#7852;T XUÂN"}, {"@type": "Person", "name": "NGHI VŨ"}]',
     "NHẬT XUÂN, NGHI VŨ"),
    ('{"@type": "Person", "name": "Theo Hồ Hương"}', "Hồ Hương"),
    ('{"@type": "Organization", "name": "Nguyễn Văn Bình"}', None),  # an organisation is never the author
    ('{"@type": "Organization", "name": "VnExpress"}', None),
    ('{"@type": "Person", "name": ""}', None),
    ('"Lê Trang"', "Lê Trang"),
])
def test_find_author_json_ld(author_json, author):
    data = '{"@context": "https://schema.org", "@type": "NewsArticle", "author": %s}' % author_json
    tree = doc(PROSE, LD.format(data))
    assert find_author(tree, ["vnexpress.net"]) == author


def test_json_ld_person_in_a_graph_wins_over_the_company_in_meta():
    data = ('{"@graph": [{"@type": "WebSite", "name": "Báo Dân trí"}, {"@type": "NewsArticle", '
            '"author": {"@type": "Person", "name": "Tri Túc"}}]}')
    tree = doc(PROSE, '<meta name="author" content="Dân Trí">' + LD.format(data))
    assert find_author(tree, ["Báo điện tử Dân Trí", "dantri.com.vn"]) == "Tri Túc"


@pytest.mark.parametrize("box, author", [
    ('<div class="detail-author"><div class="author-info"><p class="name" data-role="author">Minh Chiến </p>'
     "</div></div>", "Minh Chiến"),
    ('<div class="author-share-top"><a href="" class="author cl_green">Nguyên Minh </a>'
     '<span class="post-time"> - 07/03/2026 08:47</span></div>', "Nguyên Minh"),
    ('<div class="article-detail-author"><p class="article-detail-author__info"><span class="name">'
     '<a href="/tac-gia/duy-anh.html">Duy Anh</a></span></p><div class="article-detail-author__link">'
     "<a>Xem các bài viết của tác giả</a></div></div>", "Duy Anh"),
    ('<p class="author">Theo Hồ Hương</p>', "Hồ Hương"),
    ('<div class="tacgia">Phan Thanh - Kim Oanh</div>', "Phan Thanh - Kim Oanh"),
    ('<span class="byline">Hiền</span>', "Hiền"),
    ('<div class="byline"><span class="author">LÊ THANH VY</span> 20/08/2024 11:46</div>', "Lê Thanh Vy"),
    ('<p class="author">Theo Báo Quảng Bình</p>', None),
    ('<div class="author">Ban Biên Tập</div>', None),
])
def test_find_author_author_box(box, author):
    tree = doc('<div class="detail"><h1>Tiêu đề bài viết</h1>' + box + PROSE + "</div>")
    assert find_author(tree, ["x.vn"]) == author


def test_author_box_with_more_authors_waits_for_the_box_that_names_them():
    tree = doc('<div class="detail"><h1>Tiêu đề</h1><div class="detail-author twoauthor">'
               '<div class="author-info"><a class="name" href="/tac-gia/a">NHẬT XUÂN</a><br>'
               '<span class="morenameauthor">và 1 tác giả khác</span></div></div>' + PROSE
               + '<div class="detail-author-bot"><a class="name" href="/tac-gia/a">NHẬT XUÂN</a> - '
               '<a class="name" href="/tac-gia/b">NGHI VŨ</a></div></div>')
    assert find_author(tree, ["tuoitre.vn"]) == "NHẬT XUÂN, NGHI VŨ"


def test_author_boxes_of_other_articles_are_not_the_author():
    tree = doc('<div class="detail"><h1>Tiêu đề</h1>' + PROSE + '</div><div class="tin-khac"><ul>'
               '<li><a href="/a">Một tin khác có tiêu đề dài</a><span class="author">Lê Văn An</span></li>'
               "</ul></div>")
    assert find_author(tree, ["x.vn"]) is None


@pytest.mark.parametrize("head, author", [
    ('<meta name="author" content="VCCorp.vn"><meta property="article:author" content="Dương Ngọc">',
     "Dương Ngọc"),
    ('<meta property="article:author" content="Theo Hồ Hương">', "Hồ Hương"),
    ('<meta name="author" content="Lê Trang">', "Lê Trang"),
    ('<meta name="author" content="TUOI TRE ONLINE"><meta property="article:author" content="baotuoitre">', None),
    ('<meta property="article:author" content="https://www.facebook.com/vietnamnet.vn">', None),
    ('<meta name="author" content="NLD.COM.VN">', None),
    ('<meta name="author" content="Administrator">', None),
])
def test_find_author_meta(head, author):
    tree = doc(PROSE, head)
    assert find_author(tree, ["Tuổi Trẻ Online", "tuoitre.vn"]) == author


def test_printed_byline_comes_before_markup_and_metadata():
    data = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Lê Văn An"}}'
    tree = doc('<p class="author">Trần Thị Bình</p>' + PROSE, LD.format(data) + '<meta name="author" content="Hà Vi">')
    assert find_author(tree, ["x.vn"], tail_author="Công Hoan") == "Công Hoan"
    assert find_author(tree, ["x.vn"]) == "Lê Văn An"


def test_the_site_as_tail_author_is_refused():
    tree = doc(PROSE)
    assert find_author(tree, ["Ban Dân vận Tỉnh ủy Quảng Bình", "x.vn"], tail_author="Ban Dân vận Tỉnh ủy Quảng Bình") is None


def test_no_byline_anywhere_is_none():
    tree = doc('<div class="detail-author-top"></div>' + PROSE,
               '<meta name="author" content="baochinhphu.vn">'
               + LD.format('{"@type": "NewsArticle", "author": {"@type": "Person", "name": ""}}'))
    assert find_author(tree, ["baochinhphu.vn"], body=tree.body) is None
