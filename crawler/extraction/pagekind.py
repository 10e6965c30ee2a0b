"""Decide from the page itself whether it is an article, and if not, what it is.

Signals, cheapest first: a print or mobile copy (URL shape plus window.print and print
markup), a soft 404 (status 200 with a "not found" page), then what the page says about
itself (crawler.extraction.pagemeta: a JSON-LD article object, article:published_time,
itemprop=articleBody) weighed against its extracted body: a page with an article's
metadata and a body of real length is an article however many related links surround it.
Without such metadata the body decides: made of teaser titles that are links to other
pages (a category listing, tag page or search results), too short, or short and undated
(about, contact and service pages).

Lists of linked headlines inside the body (related news, "Đọc thêm" boxes, with or without a
heading) are cut first (cut_link_runs); a page that was mostly such a list is a listing.
A canonical link pointing elsewhere is not judged here: that is the crawl's decision
(canonical_elsewhere, used by the spider), not a reason to drop a saved page's text.
`classify` can say which signals decided, one phrase each (`crawler extract --explain`).
"""

from __future__ import annotations

import functools
import re

from crawler.cms import url_rules
from crawler.extraction.pagemeta import Metadata
from crawler.extraction.pagetypes import page_type
from crawler.discovery.urls import site_of

MIN_ARTICLE_WORDS = 40
MIN_UNDATED_WORDS = 150

PRINT_URL = re.compile(
    r"(/print/|/in-bai|/ban-in[-/.]|/banin/|[?&](print|in)=(1|true|print)\b|/printpreview|"
    r"[?&]layout=print|/mobile/|/m/news/|[?&]mobile=1)",
    re.IGNORECASE,
)
# Links never worth a request: print and mobile copies, send-to-friend forms, search
# results, login pages, and the CMS families' own tools (`tool_paths` in crawler/data/cms/).
# (Pages of unknown shape are still judged from their content.)
_GENERIC_TOOL_URL = (PRINT_URL.pattern + r"|/(sendmail|send-mail|gui-cho-ban-be|guibai|gui-bai|send-to-friend|sendtofriend|"
             r"tim-kiem|timkiem|search|login|dang-nhap)\b|[?&](q|keyword|keywords|searchtext)=")


@functools.lru_cache(maxsize=1)
def _tool_url() -> re.Pattern:
    return re.compile("|".join([_GENERIC_TOOL_URL, *url_rules().tool_paths]), re.IGNORECASE)


def is_tool_url(url: str) -> bool:
    """A link never worth a request: a print copy, a search, a login or send-to-friend form."""
    return _tool_url().search(url) is not None
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


def is_link_run_line(line: str, link_texts: set[str]) -> bool:
    """A linked headline, also behind a "Xem thêm:" / "Đọc thêm:" label."""
    return is_link_line(line, link_texts) or is_link_line(_READ_MORE.sub("", line.strip()), link_texts)


_READ_MORE = re.compile(r"^(xem thêm|đọc thêm|tin liên quan|bài liên quan|read more|see also|related)\s*[:：]\s*", re.IGNORECASE)


def cut_link_runs(lines: list[str], link_texts: set[str]) -> tuple[list[str], list[str]]:
    """(body, cut): lists of linked headlines taken out of the body. A run of two or more
    lines that are links to other pages is a related-news list wherever it stands; a lone
    linked headline is cut at the start or end of the body, or behind a "Xem thêm:" label;
    news cards (headline and summary) ending the body go too."""
    flags = [is_link_run_line(line, link_texts) for line in lines]
    kept, cut = [], []
    for index, line in enumerate(lines):
        run = flags[index] and ((index > 0 and flags[index - 1]) or (index + 1 < len(lines) and flags[index + 1]))
        edge = flags[index] and (index == 0 or index == len(lines) - 1)
        labelled = flags[index] and _READ_MORE.match(line.strip()) is not None
        (cut if run or edge or labelled else kept).append(line)
    start = _cards_at_end(kept, link_texts)
    cut += kept[start:]
    return kept[:start], cut


def _cards_at_end(lines: list[str], link_texts: set[str]) -> int:
    """Where a list of news cards ends the body: linked headlines, each maybe followed by its
    summary (a line of at most 60 words), down to the end; at least two headlines, or one
    alone on the last line. len(lines) when there is none."""
    start, headlines, index = len(lines), 0, len(lines) - 1
    while index >= 0:
        if is_link_run_line(lines[index], link_texts):
            headlines += 1
            start = index
            index -= 1
        elif index > 0 and is_link_run_line(lines[index - 1], link_texts) and len(lines[index].split()) <= 60:
            index -= 1  # a summary under its headline
        else:
            break
    if headlines >= 2 or start == len(lines) - 1:
        return start
    return len(lines)


def canonical_elsewhere(url: str, canonical: str | None) -> bool:
    """The page names another page of its site as its canonical copy (not the home page):
    a crawl follows that one instead of keeping this one."""
    if not canonical or canonical == url:
        return False
    try:
        if site_of(canonical) != site_of(url):
            return False
    except Exception:  # noqa: BLE001 - an unparsable canonical names nothing
        return False
    return re.sub(r"^https?://[^/]+", "", canonical) not in ("", "/")


def _words(lines: list[str]) -> int:
    return sum(len(line.split()) for line in lines)


def classify(*, url: str, html_text: str, title: str, heading_texts: list[str],
             lines: list[str], link_texts: set[str], has_date: bool, date_lines: int = 0,
             teaser_links: tuple[int, float] = (0, 0.0), cut: list[str] = (), opens_with_link: bool = False,
             metadata: Metadata = Metadata(), explain: list[str] | None = None) -> str | None:
    """None for an article, otherwise the reason the page is not one.

    `lines` is the body once related-news runs were cut (`cut`, by cut_link_runs);
    `opens_with_link`: the text began with a link to another page. When `explain` is a
    list, the signals that decided are appended to it.
    """
    why = explain if explain is not None else []
    if is_print_copy(url, html_text):
        why.append("print or mobile copy (URL or print markup)")
        return "print-copy"
    page_kind = page_type(url, title, heading_texts)  # crawler/extraction/pagetypes.py
    if page_kind:
        why.append(f"{page_kind}: its headline names a calendar, schedule or info page")
        return page_kind
    body = "\n".join(lines)
    if is_soft_404(title, heading_texts, body):
        why.append("says 'not found'")
        return "soft-404"
    if not lines and not cut:
        why.append("no text")
        return "no-text"
    words, cut_words = _words(lines), _words(cut)
    evidence = metadata.article_evidence()
    if evidence and words >= MIN_ARTICLE_WORDS:
        why.append(f"article metadata ({', '.join(evidence)}) and {words} words of body"
                   + (f"; {len(cut)} linked headlines cut" if cut else ""))
        return None
    listing = metadata.listing_evidence()
    links, link_share = teaser_links
    if cut_words > 3 * words and (words < 2 * MIN_ARTICLE_WORDS or not has_date):
        listing.append(f"{len(cut)} linked headlines ({cut_words} words) against {words} words of other text")
    if lines and looks_like_listing(lines, link_texts):
        listing.append("teasers (linked titles, cut summaries, repeated lines) spread through the text")
    if opens_with_link and words < MIN_UNDATED_WORDS:
        listing.append(f"a headline linking to another page opens {words} words of text (a teaser)")
    if date_lines >= 1:
        listing.append(f"{date_lines} date lines between summaries")
    if links >= 4 and link_share >= 0.2:
        listing.append(f"{links} headline links in the body container ({link_share:.0%} of its words)")
    if listing:
        why.extend(listing)
        return "listing"
    if words < MIN_ARTICLE_WORDS:
        why.append(f"{words} words of body (< {MIN_ARTICLE_WORDS})")
        return "too-short"
    if not has_date and words < MIN_UNDATED_WORDS:
        why.append(f"no date and {words} words (< {MIN_UNDATED_WORDS})")
        return "undated-page"  # about, contact and service pages: short and never dated
    why.append(f"{words} words of body" + (", dated" if has_date else ", undated")
               + (f"; {len(cut)} linked headlines cut" if cut else "") + "; no listing signal")
    return None
