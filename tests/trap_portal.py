"""Two small district portals for the trap tests, served on 127.0.0.1 (see small_portal.py).

CalendarPortal: a district government portal with a work calendar that never ends, as real
ones do: /lich.aspx?ngay=YYYY-MM-DD, headed "Lịch công tác ngày …", shows every day a
different schedule table (rows drawn from the date), links to the previous and next day and
week, and to that day's invitation (/van-ban.aspx?id=N, a new page of another template on
every day). Any day from 1900 to 2199 answers. Besides: 12 real articles (three whose
headlines start like a page type: "Giới thiệu sản phẩm OCOP …", "Lịch sử hào hùng …",
"Công bố lịch phát sóng …"), a listing of them, and info pages (Giới thiệu, Lịch sử Đảng bộ,
Cơ cấu tổ chức, Liên hệ) dated and long enough for the text rules to take for articles.

NewsPortal: a listing paginated over 30 pages (/tin-tuc.aspx?page=N, each page linking to
the four pages before it and the five after it, and to three new articles), 90 articles of the template
/tin-tuc/chi-tiet.aspx?id=N, and on every article a link to a "being updated" stub of the
same template (a non-article reached from a page of its own template, 90 of them).
"""

from __future__ import annotations

import html
import random
import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from crawler.sample_portals.bigsite import big_placements
from crawler.sample_portals.corpus import load_corpus
from crawler.sample_portals.model import plain
from small_portal import PageTable

SITE = "UBND huyện Minh Long"
HTML = "text/html; charset=utf-8"

NEWS_LOOKALIKES = [
    "Giới thiệu sản phẩm OCOP tại hội chợ xúc tiến thương mại huyện Minh Long",
    "Lịch sử hào hùng của quê hương Minh Long qua lời kể của nhân chứng",
    "Công bố lịch phát sóng chương trình truyền hình tiếng Hrê trên sóng địa phương",
]

INFO_PAGES = {
    "/gioi-thieu.aspx": "Giới thiệu chung về huyện Minh Long",
    "/lich-su-dang-bo.aspx": "Lịch sử Đảng bộ huyện Minh Long",
    "/co-cau-to-chuc.aspx": "Cơ cấu tổ chức",
    "/lien-he.aspx": "Liên hệ",
}
INFO_TEXT = [
    "Minh Long là huyện miền núi nằm ở phía Tây Nam tỉnh Quảng Ngãi, có 05 xã với 29 thôn; dân số trên "
    "18.000 người, trong đó đồng bào dân tộc Hrê chiếm hơn 80%. Huyện được thành lập theo Nghị định số "
    "72/CP ngày 19/9/1991 của Chính phủ, trung tâm hành chính huyện đặt tại xã Long Hiệp.",
    "Kinh tế của huyện chủ yếu là nông, lâm nghiệp; huyện có tiềm năng phát triển du lịch sinh thái với "
    "thác Trắng, đồi chè và nhiều lễ hội truyền thống của đồng bào Hrê. Các cơ quan chuyên môn thuộc Ủy ban "
    "nhân dân huyện gồm Văn phòng HĐND và UBND, các phòng Nội vụ, Tài chính - Kế hoạch, Nông nghiệp.",
    "Mọi thông tin, phản ánh xin gửi về Văn phòng HĐND và UBND huyện, điện thoại 0255 3866 123, hộp thư "
    "công vụ vanphong@minhlong.gov.vn; tiếp nhận trong giờ hành chính các ngày làm việc trong tuần.",
]

MEETINGS = [
    "Họp Ban Chỉ đạo xây dựng nông thôn mới huyện, đánh giá tiến độ thực hiện các tiêu chí tại xã {x}",
    "Làm việc với Đảng ủy xã {x} về công tác chuẩn bị đại hội chi bộ thôn nhiệm kỳ mới",
    "Tiếp công dân định kỳ tại Trụ sở Tiếp công dân huyện, giải quyết {n} đơn thư tồn đọng",
    "Kiểm tra công tác phòng, chống thiên tai và tìm kiếm cứu nạn tại các thôn vùng trũng xã {x}",
    "Dự hội nghị trực tuyến của Ủy ban nhân dân tỉnh về giải ngân vốn đầu tư công năm {y}",
    "Họp Hội đồng thi đua - khen thưởng huyện xét tặng danh hiệu cho {n} tập thể, cá nhân",
    "Làm việc với Phòng Tài nguyên và Môi trường về hồ sơ giao đất, cấp giấy chứng nhận tại xã {x}",
    "Thăm, tặng quà gia đình chính sách, người có công với cách mạng tại thôn {n} xã {x}",
    "Nghe báo cáo tình hình thực hiện chương trình mục tiêu quốc gia giảm nghèo bền vững quý {q}",
    "Giao ban khối Nội chính, đánh giá tình hình an ninh trật tự trên địa bàn {n} tuần qua",
    "Kiểm tra tiến độ thi công công trình đường giao thông liên xã {x} - Long Môn, gói thầu số {n}",
    "Làm việc với Trung tâm Y tế huyện về công tác tiêm chủng mở rộng và phòng chống dịch bệnh",
]
COMMUNES = ["Long Hiệp", "Long Sơn", "Long Mai", "Thanh An", "Long Môn"]
LEADERS = ["Chủ tịch UBND huyện", "Phó Chủ tịch UBND huyện Đinh Văn Tâm", "Phó Chủ tịch UBND huyện Phạm Thị Lan",
           "Bí thư Huyện ủy", "Thường trực HĐND huyện"]
FIRST_DAY = date(2024, 6, 25)


def _stories(n: int, seed_titles=()):
    _, stories = big_placements(load_corpus(), n)
    out = []
    for i, story in enumerate(stories.values()):
        title = seed_titles[i] if i < len(seed_titles) else story.title
        paragraphs = [plain(v) for k, v in story.blocks if k == "p"]
        out.append((title, story.dt, paragraphs, story.author_line))
    return out


def _page(title: str, main: str, menu: list[tuple[str, str]]) -> bytes:
    items = "".join(f'<li><a href="{href}">{html.escape(label)}</a></li>' for href, label in menu)
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
            f'<body><div id="header"><div class="banner">CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN MINH LONG</div>'
            f'<ul class="menu">{items}</ul></div>'
            f'<div class="sidebar"><h3>Lịch công tác</h3><h3>Liên hệ</h3><p>Điện thoại: 0255 3866 123</p></div>'
            f'<div class="main">{main}</div>'
            f'<div id="footer"><p>Cơ quan chủ quản: {SITE}</p><p>Lượt truy cập: 1.234.567</p></div></body></html>'
            ).encode("utf-8")


def _article(title, dt, paragraphs, author, related: str = "") -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    byline = f'<p style="text-align:right"><strong>{html.escape(author)}</strong></p>' if author else ""
    return (f'<div class="detail"><h1 class="title">{html.escape(title)}</h1>'
            f'<div class="date">Cập nhật: {dt:%d/%m/%Y %H:%M}</div><div class="content">{body}{byline}</div>'
            f"{related}</div>")


class Recording(PageTable):
    """A page table computed per request (route), recording the paths asked for."""

    requests: list = []

    def do_GET(self):  # noqa: N802
        type(self).requests.append(self.path)
        found = self.route(self.path)
        ctype, body = found or (HTML, "không tìm thấy".encode())
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route(self, path: str):
        raise NotImplementedError


class CalendarPortal(Recording):
    today = FIRST_DAY  # the day the home page's "Lịch công tác" link opens
    ARTICLES = _stories(12, NEWS_LOOKALIKES)

    @staticmethod
    def article_path(i: int) -> str:
        return f"/tin-tuc/chi-tiet.aspx?id={101 + i}"

    def menu(self):
        return [("/", "Trang chủ"), ("/tin-tuc.aspx", "Tin tức - Sự kiện"),
                (f"/lich.aspx?ngay={self.today:%Y-%m-%d}", "Lịch công tác"),
                *((p, t.split(" về ")[0]) for p, t in INFO_PAGES.items())]

    def route(self, path):
        parts = urlsplit(path)
        query = parse_qs(parts.query)
        if path == "/robots.txt":
            return "text/plain", b"User-agent: *\nAllow: /\n"
        if path == "/":
            teasers = "".join(f'<li><a href="{self.article_path(i)}">{html.escape(a[0])}</a></li>'
                              for i, a in enumerate(self.ARTICLES[:4]))
            return HTML, _page(SITE, f"<h2>Tin mới</h2><ul>{teasers}</ul>", self.menu())
        if path == "/tin-tuc.aspx":
            teasers = "".join(f'<div class="item"><h3><a href="{self.article_path(i)}">{html.escape(a[0])}</a></h3>'
                              f'<span class="date">{a[1]:%d/%m/%Y}</span><p>{html.escape(a[2][0][:120])}...</p></div>'
                              for i, a in enumerate(self.ARTICLES))
            return HTML, _page(f"Tin tức - Sự kiện - {SITE}", f"<h1>Tin tức - Sự kiện</h1>{teasers}", self.menu())
        if parts.path == "/tin-tuc/chi-tiet.aspx":
            i = int(query.get("id", ["0"])[0]) - 101
            if 0 <= i < len(self.ARTICLES):
                a = self.ARTICLES[i]
                return HTML, _page(f"{a[0]} - {SITE}", _article(*a), self.menu())
            return None
        if path in INFO_PAGES:
            title = INFO_PAGES[path]
            main = (f"<h1>{html.escape(title)}</h1><div class=\"date\">Cập nhật: 02/01/2024 08:00</div>"
                    + "".join(f"<p>{html.escape(p)}</p>" for p in INFO_TEXT))
            return HTML, _page(f"{title} - {SITE}", main, self.menu())
        if parts.path == "/lich.aspx":
            match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", query.get("ngay", [""])[0])
            try:
                day = date(*map(int, match.groups())) if match else None
            except ValueError:
                day = None
            if day is None or not 1900 <= day.year < 2200:
                return None
            return HTML, _page(f"Lịch công tác ngày {day:%d/%m/%Y} - {SITE}", self.day(day), self.menu())
        if parts.path == "/van-ban.aspx":
            n = query.get("id", ["0"])[0]
            main = (f"<h1>Giấy mời số {n}/GM-UBND</h1><p>Kính mời các đồng chí dự cuộc họp theo lịch công tác.</p>"
                    f'<p><a href="/files/gm-{n}.pdf">Tải văn bản</a></p>')
            return HTML, _page(f"Giấy mời số {n}/GM-UBND - {SITE}", main, self.menu())
        return None

    def day(self, day: date) -> str:
        rnd = random.Random(day.toordinal())
        rows = []
        for slot in sorted(rnd.sample(range(14, 36), rnd.randint(5, 8))):  # half hours from 7:00 to 17:30
            what = rnd.choice(MEETINGS).format(x=rnd.choice(COMMUNES), n=rnd.randint(2, 40), y=day.year,
                                               q=(day.month - 1) // 3 + 1)
            rows.append(f"<tr><td>{slot // 2} giờ {30 * (slot % 2):02d}</td><td>{html.escape(what)}</td>"
                        f"<td>{rnd.choice(LEADERS)}</td><td>Phòng họp số {rnd.randint(1, 4)}</td></tr>")
        doc = day.toordinal() % 100000
        nav = " | ".join(f'<a href="/lich.aspx?ngay={d:%Y-%m-%d}">{label}</a>' for label, d in [
            ("« Tuần trước", day - timedelta(days=7)), ("‹ Ngày trước", day - timedelta(days=1)),
            ("Ngày sau ›", day + timedelta(days=1)), ("Tuần sau »", day + timedelta(days=7))])
        return (f"<h1>Lịch công tác ngày {day:%d/%m/%Y}</h1>"
                f"<p>Lịch công tác của Thường trực HĐND, UBND huyện ngày {day:%d/%m/%Y}:</p>"
                "<table class=\"lich\"><tr><th>Thời gian</th><th>Nội dung</th><th>Chủ trì</th><th>Địa điểm</th></tr>"
                + "".join(rows) + "</table>"
                f'<p>Giấy mời kèm theo: <a href="/van-ban.aspx?id={doc}">Giấy mời số {doc}/GM-UBND</a></p>'
                f'<p class="nav">{nav}</p>')


class NewsPortal(Recording):
    PAGES = 30
    PER_PAGE = 3
    ARTICLES = _stories(PAGES * PER_PAGE)

    @staticmethod
    def article_path(i: int) -> str:
        return f"/tin-tuc/chi-tiet.aspx?id={1000 + i}"

    @staticmethod
    def stub_path(i: int) -> str:
        return f"/tin-tuc/chi-tiet.aspx?id={5000 + i}"

    def menu(self):
        return [("/", "Trang chủ"), ("/tin-tuc.aspx?page=1", "Tin tức - Sự kiện")]

    def route(self, path):
        parts = urlsplit(path)
        query = parse_qs(parts.query)
        if path == "/robots.txt":
            return "text/plain", b"User-agent: *\nAllow: /\n"
        if path == "/":
            return HTML, _page(SITE, "<h2>Chào mừng</h2><p>Cổng thông tin điện tử huyện.</p>", self.menu())
        if parts.path == "/tin-tuc.aspx":
            page = int(query.get("page", ["0"])[0])
            if not 1 <= page <= self.PAGES:
                return None
            first = (page - 1) * self.PER_PAGE
            teasers = "".join(
                f'<div class="item"><h3><a href="{self.article_path(i)}">{html.escape(self.ARTICLES[i][0])}</a></h3>'
                f'<span class="date">{self.ARTICLES[i][1]:%d/%m/%Y}</span>'
                f'<p>{html.escape(self.ARTICLES[i][2][0][:120])}...</p></div>'
                for i in range(first, first + self.PER_PAGE))
            pager = "".join(f'<a href="/tin-tuc.aspx?page={p}">{p}</a> '  # a bar of ten pages, as portals show
                            for p in range(max(1, page - 4), min(self.PAGES, page + 5) + 1) if p != page)
            return HTML, _page(f"Tin tức - Sự kiện - Trang {page} - {SITE}",
                               f"<h1>Tin tức - Sự kiện</h1>{teasers}<div class=\"pager\">{pager}</div>", self.menu())
        if parts.path == "/tin-tuc/chi-tiet.aspx":
            n = int(query.get("id", ["0"])[0])
            if 1000 <= n < 1000 + len(self.ARTICLES):
                i = n - 1000
                related = (f'<div class="related"><h3>Bài viết khác</h3><ul><li><a href="{self.stub_path(i)}">'
                           f"Bài viết số {5000 + i} (đang cập nhật)</a></li></ul></div>")
                a = self.ARTICLES[i]
                return HTML, _page(f"{a[0]} - {SITE}", _article(*a, related=related), self.menu())
            if 5000 <= n < 5000 + len(self.ARTICLES):
                return HTML, _page(f"Bài viết số {n} - {SITE}",
                                   f"<h1>Bài viết số {n}</h1><p>Nội dung đang được cập nhật.</p>", self.menu())
        return None
