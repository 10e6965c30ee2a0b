"""Portal boilerplate: what to cut from the page before trafilatura and from its text after.

Two layers, both data:
- is_noise_element: page regions (counters, polls, share bars, related-news boxes,
  comment forms, print/send links) removed from the DOM before extraction, by tag or by
  class/id words that Vietnamese CMS templates use.
- line rules applied to the extracted text: lines that are boilerplate wherever they
  occur (DROP_LINE, VIEW_COUNTER), headings after which everything is a list or widget (CUT_FROM), and
  date/attachment lines. The phrases come from ../shared/vietnamese-portals.md and from
  the seed articles an earlier extractor left dirty.
Rules of one CMS family only (Joomla's pathway, NukeViet's session notice) are in its data
file, crawler/data/cms/<family>.toml, applied to that family's pages.
"""

from __future__ import annotations

import functools
import re

from crawler.extraction.dates import is_date_line

# class/id fragments of regions that are never article body.
_NOISE_WORDS = (
    "thongke", "thong-ke", "counter", "visitor", "luottruycap", "luot-truy-cap", "online",
    "poll", "binhchon", "binh-chon", "thamdo", "tham-do", "vote", "rating", "danhgia",
    "share", "social", "chiase", "chia-se", "addthis", "zalo", "facebook", "print", "banin",
    "ban-in", "sendmail", "send-mail", "guibai", "gui-bai", "email-friend", "tinlienquan",
    "tin-lien-quan", "related", "relate", "othernews", "other-news", "tinkhac", "tin-khac",
    "cactinkhac", "samecat", "same-cat", "xemnhieu", "xem-nhieu", "docnhieu", "doc-nhieu",
    "mostview", "most-view", "popular", "comment", "binhluan", "binh-luan", "breadcrumb", "crumb",
    "duongdan", "duong-dan",
    "toolbar", "font-size", "fontsize", "textsize", "tts", "voice", "speech", "weather",
    "thoitiet", "banner", "advert", "quangcao", "quang-cao", "footer", "menu", "navbar",
    "sidebar", "widget", "lienket", "lien-ket", "weblink", "tags", "tag-list", "keyword",
    "skip", "goto-top", "gotop", "go-top", "backtop", "back-top", "contrast", "hotline",
)


def _any_word(words) -> str:
    """A pattern that finds any of `words`, written as a trie ("ba(?:ck(?:-top|top)|nner)"):
    the regex engine tries the alternatives of a flat list one by one at every position,
    three times slower. Only whether some word occurs is kept: a word that another word
    starts with stands for both."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        if "" in node:
            return ""
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(trie)


NOISE_ATTR = re.compile(_any_word(_NOISE_WORDS))  # searched, never matched for its text
# Whole elements that are never body, and containers never pruned by their class.
NOISE_TAGS = frozenset({"nav", "footer", "aside", "select", "button", "noscript", "iframe"})
NEVER_PRUNED = frozenset({"html", "body", "form", "main", "article"})
NOISE_XPATH = "//form[.//input[@type='radio']]"  # polls


# class/id fragments and itemprop of the element that holds the article's text: never furniture,
# whatever other word its class carries ("l-sidebar-fixed l-article-body-segment").
ARTICLE_BODY_ATTR = re.compile(
    r"article[-_]?body|article[-_]?content|articlebody|post[-_]?content|entry[-_]?content|"
    r"story[-_]?body|body[-_]?text|detail[-_]?content|content[-_]?detail|news[-_]?content|"
    r"noi[-_]?dung[-_]?chi[-_]?tiet|chi[-_]?tiet[-_]?noi[-_]?dung|noidungchitiet"
)


def names_article_body(element) -> bool:
    """The element says it holds the article's text (class/id words, itemprop=articleBody)."""
    if (element.get("itemprop") or "").strip().lower() == "articlebody":
        return True
    attrs = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return ARTICLE_BODY_ATTR.search(attrs) is not None


def is_noise_element(element) -> bool:
    """Furniture by its tag, or by a class/id word of the templates (counters, polls, share…)."""
    tag = element.tag
    if tag in NOISE_TAGS:
        return True
    if tag in NEVER_PRUNED:
        return False
    classes, element_id = element.get("class"), element.get("id")
    if not classes and not element_id:  # most elements: nothing to look up
        return False
    return _names_noise(f"{classes or ''} {element_id or ''}")


@functools.lru_cache(maxsize=8192)
def _names_noise(attrs: str) -> bool:
    """class and id words of furniture (cached: templates repeat their class names)."""
    return len(attrs) > 1 and NOISE_ATTR.search(attrs.lower()) is not None


# A visitor counter: its label and count ("Hôm nay: 353", "Khách 638", "Người trực tuyến").
_COUNTER = (r"(?:đang online|đang truy cập|trực tuyến|người trực tuyến|khách|thành viên|tổng|hôm nay|hôm qua|"
            r"trong tuần|trong tháng|tất cả)(?:\s*[:：])?(?:\s*[\d.,]+)?")

# Bạn đang ở: | Tin tức | Tiêu đề…  /  Trang chủ > Tin tức > Thời sự: a breadcrumb trail.
BREADCRUMB_LINE = re.compile(
    r"^(bạn đang ở|bạn đang xem|vị trí của bạn|vị trí hiện tại|you are here)\s*[:：]|"
    r"^(trang chủ|trang nhất|home)\s*[>»›/|]",
    re.IGNORECASE,
)

# Lines dropped wherever they stand.
DROP_LINE = [re.compile(p, re.IGNORECASE) for p in (
    r"^(thống kê truy cập|số lượt truy cập|lượt truy cập|tổng số lượt xem|tổng lượt truy cập)\b\s*([:：|\-–]|\d|$)",
    # one counter or several in a row ("Đang online: 7 • Hôm nay: 353 • Tất cả: 1.203.554"),
    # also with the label said twice behind a bullet ("• Khách Khách 638"); one parse only
    rf"^[•·|\-]?\s*{_COUNTER}(?:(?:\s*[•·|\-]\s*|\s+){_COUNTER})*\s*$",
    r"^thống kê\s*:\s*[\d.,]+",
    r"^(gửi cho bạn bè|gởi cho bạn bè|gửi bài viết|gởi bài viết|gửi email|bản in|in bài viết|in trang|trở về|trở lại|về đầu|về đầu trang|lên đầu trang|quay lại|go top|\d+\s+go top)\s*$",
    r"^(a-\s*a\s*a\+|a\+\s*a\s*a-|cỡ chữ|chia sẻ|chia sẻ bài viết|share|zalo|facebook|twitter|tweet|email|in|print|lưu)(\s*[|/·•]\s*\S+)*\s*$",
    r"^(truy cập nội dung luôn|bỏ qua nội dung|chuyển đến nội dung|skip to (main )?content)\s*$",
    r"^(thăm dò ý kiến|bình chọn|kết quả bình chọn|xem kết quả|đánh giá của bạn\b[^.]{0,40}|bài viết hay\?.*|hiện tại không có bình chọn.*|bạn đánh giá.*)$",
    r"^(viết bình luận|gửi bình luận|ý kiến bạn đọc|bình luận|ý kiến|\(\d+\)\s*bình luận|bình luận\s*\(\d+\)|comments?|\d+\s+comments?|leave a (comment|reply))\s*$",
    r"^xuất bản thông tin\b.*null",
    r"^\{title\}",
    r"\{publish\}",
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
    r"^[-•]?\s*(←\s*)?(đầu tiên|trang đầu|trước|trang trước|tiếp theo|trang sau|sau|cuối cùng|trang cuối|xem tiếp)(\s*[→»›])?\s*$",
    r"^[-•]?\s*trang \d+ (của|\/) \d+\s*$",
    r"^[\d\s.«»‹›<>|…\-]+$",  # pagination "1 2 3 »", stray counters
    r"^hiển thị \d+ - \d+ (của|trong) \d+ kết quả\.?$",
    r"^(từ khóa|từ khoá|tags?)\s*[:：]",
    BREADCRUMB_LINE.pattern,
    # the CMS's created-by line above the body (Joomla "Viết bởi Thế Minh"): the author field holds it
    r"^(viết bởi|đăng bởi|người đăng|người viết|posted by|written by)\s*[:：]?\s*[^.!?]{2,60}$",
)]

# A view counter anywhere in a line ("Lượt xem: 1.203"); searched only in lines holding one of
# its words, in lower case (a search through every line costs more than all of DROP_LINE).
VIEW_COUNTER = re.compile(
    r"(lượt xem|đã xem|số lần đọc|lượt đọc|lượt truy cập|đã truy cập|số lượt xem)\s*([:：]\s*[\d.,]+|[\d.,]+\s*($|[|•·]))",
    re.IGNORECASE,
)
_VIEW_COUNTER_WORDS = ("xem", "đọc", "cập")

# Headings of lists of other articles. Everything after one is cut, unless the article goes
# on after the list (a "Tin liên quan" box inside the body): see clean_lines.
RELATED_HEADING = re.compile(
    r"^(tin liên quan|bài liên quan|tin bài liên quan|các tin khác|các tin đã đưa|tin đã đưa|tin khác|tin bài khác|"
    r"tin mới|tin mới nhất|tin mới hơn|tin cũ hơn|các tin cũ hơn|xem nhiều nhất|xem nhiều|đọc nhiều|đọc nhiều nhất|"
    r"(tin |bài |tin khác |các tin )?cùng chuyên mục|tin cùng loại|có thể bạn quan tâm|tin tiêu điểm|tin nổi bật|"
    r"tin đọc nhiều|xem thêm|đọc thêm|bài đọc thêm|các bài viết khác|bài viết khác|"
    r"related( articles| stories| news| posts| content)?|read more|read next|more stories|more from .{1,40}|"
    r"you may also like.*|recommended( for you)?)\s*:?\s*$",
    re.IGNORECASE,
)
# Headings after which the rest of the text is widgets, never body.
CUT_FROM = [RELATED_HEADING] + [re.compile(p, re.IGNORECASE) for p in (
    r"^(liên kết website|liên kết web|website liên kết)\s*:?\s*$",
    r"^thống kê truy cập\b",
)]
_SENTENCE_END = (".", "…", "!", "?", "”", '"', ":", ";")

CAPTION_CREDIT = re.compile(r"(\(|\s|^)ảnh\s*[:：]\s*[^()]{1,60}\)?\s*$", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)
def is_boilerplate_line(line: str) -> bool:
    """A line that is portal furniture wherever it stands (cached: extraction asks twice of
    most lines, and portals repeat theirs)."""
    stripped = line.strip()
    if not stripped:
        return True
    if any(p.search(stripped) for p in DROP_LINE):
        return True
    lowered = stripped.lower()
    if any(word in lowered for word in _VIEW_COUNTER_WORDS) and VIEW_COUNTER.search(stripped):
        return True
    return is_date_line(stripped)


def cut_point(lines: list[str]) -> int:
    """Index of the first list/widget heading (len(lines) if none), ignoring the first line."""
    for index, line in enumerate(lines):
        if index and any(p.search(line.strip()) for p in CUT_FROM):
            return index
    return len(lines)


def _is_prose(line: str) -> bool:
    return len(line.split()) >= 12 and line.rstrip().endswith(_SENTENCE_END)


def _resumes_at(lines: list[str], start: int, link_texts) -> int | None:
    """Where the article goes on after a related-news list that starts at `start` (the line
    after its heading): past the list's linked or title-like lines, two lines of prose in a
    row. None when nothing of the article follows."""
    index = start
    while index < len(lines):
        line = lines[index].strip().lstrip("-•·*» ").lower()
        if not line or line in link_texts or (len(line.split()) < 15 and not _is_prose(line)):
            index += 1
            continue
        break
    if index > start and index + 1 < len(lines) and _is_prose(lines[index]) and _is_prose(lines[index + 1]):
        return index
    return None


def clean_lines(lines: list[str], link_texts=frozenset()) -> list[str]:
    """Drop boilerplate lines and related-news/widget lists: from a list heading on, the rest
    goes, unless the article goes on after a related-news list (then only the list goes)."""
    kept = []
    while lines:
        cut = cut_point(lines) if not kept else next(
            (i for i, line in enumerate(lines) if any(p.search(line.strip()) for p in CUT_FROM)), len(lines))
        kept += lines[:cut]
        if cut == len(lines) or not RELATED_HEADING.search(lines[cut].strip()):
            break
        resume = _resumes_at(lines, cut + 1, link_texts)
        if resume is None:
            break
        lines = lines[resume:]
    return [line for line in kept if not is_boilerplate_line(line)]


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
