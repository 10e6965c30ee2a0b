"""Decide from the page itself whether it is an article, and if not, what it is.

Signals, cheapest first: a print or mobile copy (URL shape plus window.print and print
markup), a canonical link pointing elsewhere, a soft 404 (status 200 with a "not found"
page), then the extracted body: made of teaser titles that are links to other pages (a
category listing, tag page or search results), too short, or short and undated (about,
contact and service pages).
"""

from __future__ import annotations

import re

MIN_ARTICLE_WORDS = 40
MIN_UNDATED_WORDS = 150

PRINT_URL = re.compile(
    r"(/print/|/in-bai|/ban-in[-/.]|/banin/|[?&](print|in)=(1|true|print)\b|/printpreview|"
    r"[?&]layout=print|/mobile/|/m/news/|[?&]mobile=1)",
    re.IGNORECASE,
)
# Links never worth a request: print and mobile copies, send-to-friend forms, search
# results, login pages. (Pages of unknown shape are still judged from their content.)
TOOL_URL = re.compile(
    PRINT_URL.pattern + r"|/(sendmail|send-mail|gui-cho-ban-be|guibai|gui-bai|send-to-friend|sendtofriend|"
    r"tim-kiem|timkiem|search|seek|login|dang-nhap|c/portal/login)\b|[?&](q|keyword|keywords|searchtext)=",
    re.IGNORECASE,
)
PRINT_ON_LOAD = re.compile(r"<body[^>]*onload\s*=\s*[\"'][^\"']*print\(", re.IGNORECASE)
SOFT_404 = re.compile(
    r"(không tìm thấy (trang|nội dung|bài viết|đường dẫn|dữ liệu)|trang (bạn|yêu cầu).{0,40}không (tồn tại|tìm thấy)|"
    r"(trang|nội dung|bài viết|đường dẫn|liên kết|dữ liệu)[^.]{0,30}không tồn tại|page not found|404 not found|error 404|lỗi 404|nội dung đã bị (xóa|xoá)|"
    r"bài viết không tồn tại|đường dẫn không hợp lệ)",
    re.IGNORECASE,
)


def is_print_copy(url: str, html_text: str) -> bool:
    """Print and mobile copies of an article: the original is the record."""
    if PRINT_URL.search(url):
        return True
    return PRINT_ON_LOAD.search(html_text[:50000]) is not None


def is_soft_404(title: str, heading_texts: list[str], body_text: str) -> bool:
    """A 'page not found' answered with status 200."""
    probes = [title, *heading_texts[:5]]
    if any(SOFT_404.search(p or "") for p in probes):
        return True
    return len(body_text.split()) < 120 and bool(SOFT_404.search(body_text))


def is_link_line(line: str, link_texts: set[str]) -> bool:
    """A line that is the text of a link on the page (a teaser title, a related item),
    possibly behind a bullet and followed by its date."""
    stripped = line.strip().lstrip("-•·*» ").lower()
    if stripped in link_texts:
        return True
    # a teaser title glued to its date and summary ("Tiêu đề08/10/2024Sáng 7/10, …") counts too
    return any(stripped.startswith(text) and (len(text) >= 0.6 * len(stripped) or len(text) >= 25)
               for text in link_texts)


def is_teaser_line(line: str, link_texts: set[str], seen: set[str]) -> bool:
    """A teaser: a title that is a link, a summary cut with '...', or a line said twice."""
    stripped = line.strip()
    return (is_link_line(stripped, link_texts) or stripped.endswith(("...", "…", "[...]"))
            or stripped in seen)


def looks_like_listing(lines: list[str], link_texts: set[str]) -> bool:
    """Teasers (linked titles, cut summaries, repeated lines) spread through the text."""
    seen: set[str] = set()
    linked = []
    for i, line in enumerate(lines):
        if is_teaser_line(line, link_texts, seen):
            linked.append(i)
        seen.add(line.strip())
    if not any(is_link_line(lines[i], link_texts) for i in linked) and len(linked) < 3:
        return False  # one or two cut or repeated lines alone are prose ("…các hoạt động văn hóa...")
    if len(linked) / len(lines) >= 0.3:
        return True
    return len(linked) >= 3 and linked[0] < len(lines) / 3


def interleaved_date_lines(kinds: list[str]) -> int:
    """Date lines standing between two prose lines: one per teaser on a listing. `kinds` is
    one of "date", "prose", "other" per line; an article's date lines are at its top or end."""
    count = 0
    for index, kind in enumerate(kinds):
        if kind == "date" and "prose" in kinds[:index] and "prose" in kinds[index + 1:]:
            count += 1
    return count


def classify(*, url: str, html_text: str, title: str, heading_texts: list[str],
             lines: list[str], link_texts: set[str], canonical: str | None,
             canonical_elsewhere: bool, has_date: bool, date_lines: int = 0,
             teaser_links: tuple[int, float] = (0, 0.0)) -> str | None:
    """None for an article, otherwise the reason the page is not one."""
    if is_print_copy(url, html_text):
        return "print-copy"
    if canonical_elsewhere:
        return "canonical-elsewhere"
    body = "\n".join(lines)
    if is_soft_404(title, heading_texts, body):
        return "soft-404"
    if not lines:
        return "no-text"
    links, link_share = teaser_links
    if looks_like_listing(lines, link_texts) or date_lines >= 1 or (links >= 4 and link_share >= 0.2):
        return "listing"  # teasers, date lines between summaries, or a body made of headline links
    words = len(body.split())
    if words < MIN_ARTICLE_WORDS:
        return "too-short"
    if not has_date and words < MIN_UNDATED_WORDS:
        return "undated-page"  # about, contact and service pages: short and never dated
    return None
