"""Portal boilerplate: what to cut from the page before trafilatura and from its text after.

Two layers, both data:
- is_noise_element: page regions (counters, polls, share bars, related-news boxes,
  comment forms, print/send links) removed from the DOM before extraction, by tag or by
  class/id words that Vietnamese CMS templates use.
- line rules applied to the extracted text: lines that are boilerplate wherever they
  occur (DROP_LINE), headings after which everything is a list or widget (CUT_FROM), and
  date/attachment lines. The phrases come from ../shared/vietnamese-portals.md and from
  the seed articles an earlier extractor left dirty.
"""

from __future__ import annotations

import re

from crawler.dates import is_date_line

# class/id fragments of regions that are never article body.
_NOISE_WORDS = (
    "thongke", "thong-ke", "counter", "visitor", "luottruycap", "luot-truy-cap", "online",
    "poll", "binhchon", "binh-chon", "thamdo", "tham-do", "vote", "rating", "danhgia",
    "share", "social", "chiase", "chia-se", "addthis", "zalo", "facebook", "print", "banin",
    "ban-in", "sendmail", "send-mail", "guibai", "gui-bai", "email-friend", "tinlienquan",
    "tin-lien-quan", "related", "relate", "othernews", "other-news", "tinkhac", "tin-khac",
    "cactinkhac", "samecat", "same-cat", "xemnhieu", "xem-nhieu", "docnhieu", "doc-nhieu",
    "mostview", "most-view", "popular", "comment", "binhluan", "binh-luan", "breadcrumb",
    "toolbar", "font-size", "fontsize", "textsize", "tts", "voice", "speech", "weather",
    "thoitiet", "banner", "advert", "quangcao", "quang-cao", "footer", "menu", "navbar",
    "sidebar", "widget", "lienket", "lien-ket", "weblink", "tags", "tag-list", "keyword",
    "skip", "goto-top", "gotop", "go-top", "backtop", "back-top", "contrast", "hotline",
)
NOISE_ATTR = re.compile("|".join(re.escape(word) for word in _NOISE_WORDS))
# Whole elements that are never body, and containers never pruned by their class.
NOISE_TAGS = frozenset({"nav", "footer", "aside", "select", "button", "noscript", "iframe"})
NEVER_PRUNED = frozenset({"html", "body", "form", "main", "article"})
NOISE_XPATH = "//form[.//input[@type='radio']]"  # polls


def is_noise_element(element) -> bool:
    """Furniture by its tag, or by a class/id word of the templates (counters, polls, share…)."""
    tag = element.tag
    if tag in NOISE_TAGS:
        return True
    if tag in NEVER_PRUNED:
        return False
    attrs = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return len(attrs) > 1 and NOISE_ATTR.search(attrs) is not None


# A visitor counter: its label and count ("Hôm nay: 353", "Khách 638", "Người trực tuyến").
_COUNTER = (r"(?:đang online|đang truy cập|trực tuyến|người trực tuyến|khách|thành viên|tổng|hôm nay|hôm qua|"
            r"trong tuần|trong tháng|tất cả)(?:\s*[:：])?(?:\s*[\d.,]+)?")

# Lines dropped wherever they stand.
DROP_LINE = [re.compile(p, re.IGNORECASE) for p in (
    r"^(thống kê truy cập|số lượt truy cập|lượt truy cập|tổng số lượt xem|tổng lượt truy cập)\b\s*([:：|\-–]|\d|$)",
    # one counter or several in a row ("Đang online: 7 • Hôm nay: 353 • Tất cả: 1.203.554"),
    # also with the label said twice behind a bullet ("• Khách Khách 638"); one parse only
    rf"^[•·|\-]?\s*{_COUNTER}(?:(?:\s*[•·|\-]\s*|\s+){_COUNTER})*\s*$",
    r"(lượt xem|đã xem|số lần đọc|lượt đọc|lượt truy cập|đã truy cập|số lượt xem)\s*([:：]\s*[\d.,]+|[\d.,]+\s*($|[|•·]))",
    r"^thống kê\s*:\s*[\d.,]+",
    r"^(gửi cho bạn bè|gởi cho bạn bè|gửi bài viết|gởi bài viết|gửi email|bản in|in bài viết|in trang|trở về|trở lại|về đầu|về đầu trang|lên đầu trang|quay lại|go top|\d+\s+go top)\s*$",
    r"^(a-\s*a\s*a\+|a\+\s*a\s*a-|cỡ chữ|chia sẻ|chia sẻ bài viết|share|zalo|facebook|twitter|tweet|email|in|print|lưu)(\s*[|/·•]\s*\S+)*\s*$",
    r"^(truy cập nội dung luôn|bỏ qua nội dung|chuyển đến nội dung|skip to (main )?content)\s*$",
    r"^(thăm dò ý kiến|bình chọn|kết quả bình chọn|xem kết quả|đánh giá của bạn\b[^.]{0,40}|bài viết hay\?.*|hiện tại không có bình chọn.*|bạn đánh giá.*)$",
    r"^(viết bình luận|gửi bình luận|ý kiến bạn đọc|\(\d+\)\s*bình luận|bình luận\s*\(\d+\))\s*$",
    r"^xuất bản thông tin\b.*null",
    r"^\{title\}|\{publish\}",
    r"^powered by\b",
    # footers: a label with its value, not prose that starts with the same words
    r"^(giấy phép|gpxb)\b(.*\d\s*/\s*gp\b|( số)?\s*[:：])",
    r"^(chịu trách nhiệm( chính| xuất bản| nội dung)?|(phó )?tổng biên tập)\s*[:：]",
    r"^(bản quyền\s*(thuộc|©|[:：]|$)|©|copyright\b)",
    r"^(đường dây nóng|hotline)\s*([:：(\d]|$)",
    r"^nhiệt liệt chào mừng\b",
    r"^(tài liệu đính kèm|file đính kèm|tệp đính kèm|đính kèm|tải về|tải file|download)\s*[:：]",
    r"^(tin|bài|ảnh|video|chuyên mục)\s*:\s*$",
    r"^(giọng đọc|chọn giọng|nghe đọc bài|nghe bài viết|giọng nam|giọng nữ|miền bắc|miền nam)\b.{0,40}$",
    r"^(tương phản|độ tương phản|màu nền)\b.{0,30}$",
    r"^bạn đã không sử dụng site\b",  # NukeViet session notice
    r"^[-•]?\s*(←\s*)?(đầu tiên|trang đầu|trước|trang trước|tiếp theo|trang sau|sau|cuối cùng|trang cuối|xem tiếp)(\s*[→»›])?\s*$",
    r"^[-•]?\s*trang \d+ (của|\/) \d+\s*$",
    r"^[\d\s.«»‹›<>|…\-]+$",  # pagination "1 2 3 »", stray counters
    r"^hiển thị \d+ - \d+ (của|trong) \d+ kết quả\.?$",
    r"^(từ khóa|từ khoá|tags?)\s*[:：]",
)]

# Headings after which the rest of the text is lists and widgets, never body.
CUT_FROM = [re.compile(p, re.IGNORECASE) for p in (
    r"^(tin liên quan|bài liên quan|tin bài liên quan|các tin khác|các tin đã đưa|tin khác|tin mới|tin mới nhất|tin mới hơn|tin cũ hơn|xem nhiều nhất|xem nhiều|đọc nhiều|đọc nhiều nhất|tin cùng chuyên mục|bài cùng chuyên mục|có thể bạn quan tâm|liên kết website|tin tiêu điểm|tin nổi bật|tin đọc nhiều|xem thêm|các bài viết khác|bài viết khác)\s*:?\s*$",
    r"^thống kê truy cập\b",
)]

CAPTION_CREDIT = re.compile(r"(\(|\s|^)ảnh\s*[:：]\s*[^()]{1,60}\)?\s*$", re.IGNORECASE)


def is_boilerplate_line(line: str) -> bool:
    """A line that is portal furniture wherever it stands."""
    stripped = line.strip()
    if not stripped:
        return True
    if any(p.search(stripped) for p in DROP_LINE):
        return True
    return is_date_line(stripped)


def cut_point(lines: list[str]) -> int:
    """Index of the first list/widget heading (len(lines) if none), ignoring the first line."""
    for index, line in enumerate(lines):
        if index and any(p.search(line.strip()) for p in CUT_FROM):
            return index
    return len(lines)


def clean_lines(lines: list[str]) -> list[str]:
    """Drop boilerplate lines and everything from a related-news/widget heading on."""
    lines = lines[: cut_point(lines)]
    return [line for line in lines if not is_boilerplate_line(line)]


# Phrases that never belong in an article body, from the field notes and the seed articles:
# the end-to-end test and `crawler demo` check every written text against them.
LEAK_PHRASES = (
    "Thống kê truy cập", "Số lượt truy cập", "Lượt truy cập", "Đang online", "Trực tuyến :",
    "Đã truy cập", "Tổng lượt truy cập", "Tổng số lượt xem", "Lượt xem:", "Đã xem:", "Số lần đọc",
    "Thăm dò ý kiến", "Đánh giá của bạn", "Bài viết hay? Hãy đánh giá", "Hiện tại không có bình chọn",
    "Tin liên quan", "Các tin khác", "Xem nhiều nhất", "Tin cùng chuyên mục", "Có thể bạn quan tâm",
    "Liên kết website", "Gởi bài viết", "Gửi cho bạn bè", "A- A A+", "Viết bình luận", "(0) Bình luận",
    "NHIỆT LIỆT CHÀO MỪNG", "Xuất bản thông tin null", "{title}", "{publish}", "POWERED BY",
    "Giấy phép số", "Truy cập nội dung luôn", "Go top", "Tài liệu đính kèm", "Tổng biên tập",
    "Đường dây nóng", "Giọng đọc", "Không tìm thấy trang",
)
# Short tool words that are furniture as a whole line but ordinary words inside prose.
LEAK_LINES = ("Bản in", "Chia sẻ", "Về đầu", "Trở về", "Đọc nhiều", "Tin mới", "Zalo", "Facebook", "In bài")


def leaks(text: str) -> list[str]:
    """The furniture phrases and lines found in an extracted text (empty when clean)."""
    lowered = text.lower()
    found = [p for p in LEAK_PHRASES if p.lower() in lowered]
    lines = {line.strip().lower() for line in text.split("\n")}
    found += [w for w in LEAK_LINES if w.lower() in lines]
    return found
