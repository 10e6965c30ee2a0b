"""crawler.extraction.pagekind: print and mobile copies, soft 404s, listings, and the reason a page is not
an article. URL shapes from ../shared/vietnamese-portals.md; body lines from the seeds."""

from pathlib import Path

import pytest

from crawler.extraction.pagekind import (MIN_ARTICLE_WORDS, MIN_UNDATED_WORDS, canonical_elsewhere, classify, cut_link_runs,
                              is_print_copy, is_soft_404, looks_like_listing)
from crawler.extraction.pagemeta import Metadata

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
PLAIN_HTML = "<html><head><title>Tin tức</title></head><body><p>Nội dung</p></body></html>"
ARTICLE_HTML = (
    "<html><head><title>Hội nghị giao ban công tác dân vận</title></head><body>"
    "<h1>Hội nghị giao ban công tác dân vận</h1><p>Nội dung</p>"
    "<div class='tools'><a href=\"javascript:window.print()\">Bản in</a> | "
    "<a href='#' onclick=\"window.print(); return false;\">In bài viết</a></div></body></html>"
)


@pytest.mark.parametrize("url", [
    "http://qbtv.vn/print/tin-tuc/giao-ban-cong-tac-dan-van-123.htm",
    "http://tinhuybinhphuoc.vn/print/tin-hoat-dong/giao-ban-dan-van-2198.html",
    "http://soctrang.dcs.vn/Ban-in-507.htm",
    "http://qbtv.vn/portal/Ban-in-giao-ban-dan-van-2198.htm",
    "http://baocamau.vn/tin-tuc/giao-ban-dan-van-a12345.html?print=1",
    "http://yenbai.gov.vn/noidung/tintuc/Pages/chi-tiet.aspx?ItemID=1350&print=1",
    "http://bandanvan.quangbinh.gov.vn/Mobile/News/2198.aspx",
])
def test_print_and_mobile_urls(url):
    assert is_print_copy(url, PLAIN_HTML) is True


@pytest.mark.parametrize("html", [
    "<html><body onload=\"window.print()\"><h1>Tiêu đề</h1><p>Nội dung</p></body></html>",
    "<html><body class='print' onload='window.print();'><p>Nội dung</p></body></html>",
    "<HTML><BODY ONLOAD=\"javascript:self.print()\"><P>Nội dung</P></BODY></HTML>",
])
def test_print_on_load(html):
    assert is_print_copy("http://qbtv.vn/portal/pages/2024-5-31/giao-ban-dan-van-2198.aspx", html) is True


@pytest.mark.parametrize("url", [
    "http://qbtv.vn/portal/pages/2024-5-31/giao-ban-dan-van-2198.aspx",
    "http://tinhuybinhphuoc.vn/tin-hoat-dong/giao-ban-dan-van-2198.html",
    "http://soctrang.dcs.vn/Default.aspx?tabid=120&ch=3&id=2198",
    "http://baolaocai.vn/ra-mat-phien-ban-in-cua-cuon-sach-ve-dan-van-post12345.html",
    "http://thvl.vn/tin-tuc/mobile-money-den-vung-sau-vung-xa/",
])
def test_article_with_print_link_is_not_a_print_copy(url):
    assert is_print_copy(url, ARTICLE_HTML) is False


LONG_BODY = " ".join(
    ["Các cấp ủy, tổ chức Đảng đã tập trung lãnh đạo, chỉ đạo triển khai nhiệm vụ công tác dân vận."] * 15
    + ["Đồng chí khẳng định những hạn chế đó không tồn tại mãi nếu các cấp ủy quyết liệt khắc phục."]
    + ["Ban Dân vận các cấp tích cực tham mưu, chủ động xây dựng chương trình, kế hoạch công tác."] * 15
)


@pytest.mark.parametrize("title, headings, body", [
    ("Không tìm thấy trang yêu cầu", [], ""),
    ("Trang bạn tìm không tồn tại", [], ""),
    ("404 Not Found", [], ""),
    ("Cổng thông tin điện tử tỉnh Quảng Bình", ["Không tìm thấy trang yêu cầu"], ""),
    ("Cổng thông tin điện tử tỉnh Quảng Bình", [], "Trang bạn tìm không tồn tại. Quay về trang chủ."),
    ("Cổng thông tin điện tử tỉnh Quảng Bình", [], "Bài viết không tồn tại hoặc đã bị xóa."),
])
def test_soft_404(title, headings, body):
    assert is_soft_404(title, headings, body) is True


@pytest.mark.parametrize("title, body", [
    ("Giao ban công tác dân vận quý I", LONG_BODY),
    ("“Tù nhân lương tâm” – khái niệm không tồn tại ở Việt Nam", LONG_BODY),
    ("Giao ban công tác dân vận quý I",
     "Hội nghị chỉ rõ các hạn chế, khẳng định những hạn chế đó không tồn tại mãi nếu các cấp ủy quyết liệt "
     "khắc phục, đồng thời đề ra nhiệm vụ trọng tâm quý II năm 2022."),
], ids=["long-body", "title-says-khong-ton-tai", "short-body"])
def test_article_mentioning_not_existing_is_not_soft_404(title, body):
    assert is_soft_404(title, [title], body) is False


def _seed_body(stem: str) -> list[str]:
    return [l.strip() for l in (SEEDS / f"{stem}.txt").read_text().split("\n") if len(l.split()) > 25]


ARTICLE = _seed_body("004_69b1866e47fcc391")
RELATED = ["Hội nghị trực báo công tác dân vận quý I năm 2022", "Đẩy mạnh phong trào thi đua Dân vận khéo trên địa bàn tỉnh"]
TEASER_TITLES = [
    "Hội nghị trực báo công tác dân vận quý I năm 2022",
    "Đẩy mạnh thực hiện phong trào thi đua Dân vận khéo trên địa bàn tỉnh",
    "Thường trực Tỉnh ủy giao ban công tác dân vận quý IV/2018",
    "Khối dân vận tỉnh giao ban công tác quý I năm 2021",
]
TEASER_LINKS = {t.lower() for t in TEASER_TITLES}


def test_listing_of_titles_and_cut_summaries():
    lines = []
    for title, lead in zip(TEASER_TITLES, ARTICLE):
        lines += [title, " ".join(lead.split()[:30]) + "..."]
    assert looks_like_listing(lines, TEASER_LINKS) is True


def test_listing_of_bulleted_titles_with_dates():
    lines = [f"- {title} 05/12/2023" for title in TEASER_TITLES]
    assert looks_like_listing(lines, TEASER_LINKS) is True


def test_listing_of_titles_only():
    assert looks_like_listing(TEASER_TITLES, TEASER_LINKS) is True


def test_article_with_two_related_links_at_the_end_is_not_a_listing():
    lines = ARTICLE + RELATED
    assert looks_like_listing(lines, {r.lower() for r in RELATED}) is False


def test_article_without_link_lines_is_not_a_listing():
    assert looks_like_listing(ARTICLE, TEASER_LINKS) is False
    assert looks_like_listing(ARTICLE, set()) is False


def test_short_article_with_a_paragraph_ending_in_dots_is_not_a_listing():
    lines = [
        "Sáng 2/1, Thường trực Tỉnh ủy tổ chức hội nghị giao ban công tác dân vận quý IV năm 2018.",
        "Các đại biểu đánh giá công tác chăm lo đời sống cho người nghèo, gia đình chính sách, người có công...",
        "Hội nghị đã đề ra 9 nhóm nhiệm vụ trọng tâm công tác dân vận năm 2019.",
    ]
    assert looks_like_listing(lines, TEASER_LINKS) is False


def _classify(**overrides):
    args = dict(url="http://baohatinh.test/2019/01/thuong-truc-tinh-uy-giao-ban-cong-tac-dan-van-quy-iv-2018/",
                html_text=ARTICLE_HTML, title="Thường trực Tỉnh ủy giao ban công tác dân vận quý IV/2018",
                heading_texts=["Thường trực Tỉnh ủy giao ban công tác dân vận quý IV/2018"],
                lines=list(ARTICLE), link_texts={r.lower() for r in RELATED}, has_date=True)
    args.update(overrides)
    return classify(**args)


def _words(n: int) -> list[str]:
    words = " ".join(ARTICLE).split()
    assert len(words) > n
    return [" ".join(words[:n])]


def test_classify_real_article():
    assert _classify() is None
    assert _classify(lines=ARTICLE + RELATED) is None
    assert _classify(has_date=False) is None  # long enough to be an article without a date


@pytest.mark.parametrize("overrides, reason", [
    (dict(url="http://baohatinh.test/print/2019/01/thuong-truc-tinh-uy-giao-ban/"), "print-copy"),
    (dict(url="http://bandanvan.quangbinh.test/Mobile/News/2198.aspx"), "print-copy"),
    (dict(html_text="<html><body onload=\"window.print()\"><p>x</p></body></html>"), "print-copy"),
    (dict(title="Không tìm thấy trang yêu cầu", heading_texts=[], lines=["Trang bạn tìm không tồn tại."]), "soft-404"),
    (dict(title="404 Not Found", heading_texts=[], lines=[]), "soft-404"),
    (dict(lines=[]), "no-text"),
    (dict(lines=[f"- {t} 05/12/2023" for t in TEASER_TITLES], link_texts=TEASER_LINKS), "listing"),
    (dict(lines=_words(MIN_ARTICLE_WORDS - 5)), "too-short"),
    (dict(lines=_words(MIN_ARTICLE_WORDS + 20), has_date=False), "undated-page"),
])
def test_classify_reasons(overrides, reason):
    assert _classify(**overrides) == reason


def test_classify_dated_short_article_is_kept():
    assert _classify(lines=_words(MIN_ARTICLE_WORDS + 20), has_date=True) is None
    assert _classify(lines=_words(MIN_UNDATED_WORDS + 10), has_date=False) is None


def test_classify_print_copy_wins_over_everything():
    assert _classify(url="http://soctrang.dcs.vn/Ban-in-507.htm", lines=[]) == "print-copy"


def test_canonical_elsewhere_is_the_crawls_decision():
    page = "http://baohatinh.test/2019/01/giao-ban/?utm=x"
    assert canonical_elsewhere(page, "http://baohatinh.test/2019/01/giao-ban/") is True
    assert canonical_elsewhere(page, page) is False
    assert canonical_elsewhere(page, "http://baohatinh.test/") is False  # every page's canonical: the home page
    assert canonical_elsewhere(page, "http://othersite.test/2019/01/giao-ban/") is False
    assert canonical_elsewhere(page, None) is False


def test_related_runs_are_cut_wherever_they_stand():
    links = {r.lower() for r in RELATED} | {t.lower() for t in TEASER_TITLES}
    lines = TEASER_TITLES[:3] + ARTICLE[:3] + RELATED + ARTICLE[3:] + ["Xem thêm: " + TEASER_TITLES[3]]
    kept, cut = cut_link_runs(lines, links)
    assert kept == ARTICLE[:3] + ARTICLE[3:]
    assert cut == TEASER_TITLES[:3] + RELATED + ["Xem thêm: " + TEASER_TITLES[3]]


def test_a_lone_linked_line_inside_the_body_stays():
    lines = ARTICLE[:2] + [TEASER_TITLES[0]] + ARTICLE[2:]
    kept, cut = cut_link_runs(lines, {TEASER_TITLES[0].lower()})
    assert kept == lines and cut == []


STRONG = Metadata(article_objects=("newsarticle",))


def test_article_metadata_and_a_real_body_win_over_related_links():
    """Related cards that look like teasers (titles with cut summaries) beside a real article."""
    teasers = []
    for title, lead in zip(TEASER_TITLES, ARTICLE):
        teasers += [title, " ".join(lead.split()[:30]) + "..."]
    lines = ARTICLE[:2] + teasers
    assert _classify(lines=lines, link_texts=TEASER_LINKS) == "listing"
    why = []
    assert _classify(lines=lines, link_texts=TEASER_LINKS, metadata=STRONG, explain=why) is None
    assert "json-ld newsarticle" in why[0]
    assert _classify(lines=lines, link_texts=TEASER_LINKS, metadata=Metadata(published_time=True)) is None
    assert _classify(lines=lines, link_texts=TEASER_LINKS, metadata=Metadata(article_body=1)) is None


def test_weak_or_listing_metadata_does_not_make_an_article():
    teasers = [f"- {t} 05/12/2023" for t in TEASER_TITLES]
    assert _classify(lines=teasers, link_texts=TEASER_LINKS, metadata=Metadata(og_type="article")) == "listing"
    many = Metadata(article_objects=("newsarticle",) * 5)
    why = []
    assert _classify(lines=teasers, link_texts=TEASER_LINKS, metadata=many, explain=why) == "listing"
    assert any("5 json-ld article objects" in w for w in why)
    assert _classify(lines=_words(MIN_ARTICLE_WORDS - 5), metadata=STRONG) == "too-short"


def test_a_page_mostly_made_of_linked_headlines_is_a_listing():
    why = []
    intro = [" ".join(ARTICLE[0].split()[:30])]  # a category's blurb
    assert _classify(lines=intro, cut=TEASER_TITLES * 3, link_texts=TEASER_LINKS, explain=why) == "listing"
    assert "linked headlines" in why[0]
    undated = _words(MIN_UNDATED_WORDS - 10)
    assert _classify(lines=undated, cut=TEASER_TITLES * 12, link_texts=TEASER_LINKS, has_date=False) == "listing"


def test_a_dated_article_with_a_long_related_list_stays_an_article():
    """Linked headlines outweighing a short dated article do not make it a listing."""
    body = _words(2 * MIN_ARTICLE_WORDS + 5)
    assert _classify(lines=body, cut=TEASER_TITLES * 8, link_texts=TEASER_LINKS) is None


def test_a_teaser_headline_over_a_short_summary_is_a_listing():
    """A category page whose body extractor kept one teaser: its linked headline, then a summary."""
    summary = [" ".join(" ".join(ARTICLE).split()[:60])]
    assert _classify(lines=summary, opens_with_link=True) == "listing"
    assert _classify(lines=summary, opens_with_link=False) is None
    assert _classify(lines=list(ARTICLE), opens_with_link=True) is None  # a long body: a related link above it
