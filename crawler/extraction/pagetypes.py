"""Pages that are not news whatever their text: work calendars and schedules, and a
portal's info pages (about, history, organisation, contact).

A calendar day ("Lịch công tác ngày 25/06/2024") carries a date and a table of the day's
meetings; an about page ("Lịch sử Đảng bộ huyện Minh Long") is long, plain prose. The text
rules of crawler.extraction.pagekind take either for an article. What tells them apart is what the
page calls itself: its headline is one of the phrases below, alone or followed by a short
remainder made only of dates and numbers, time words, unit names and connectors
("Lịch công tác tuần 26 của Thường trực Huyện ủy", "Giới thiệu chung về huyện Minh Long",
"Liên hệ - Báo Sóc Trăng"). A news headline that starts with such words goes on with
ordinary words ("Giới thiệu sản phẩm OCOP tại hội chợ …", "Lịch sử hào hùng của …") and
stays news; one that has them further on ("Công bố lịch phát sóng …") is never matched.

Where the headline is read:

* the <title> element: its whole text, then the text before a separator where the rest
  reads as a site name (" - Báo Sóc Trăng", " | Trang thông tin điện tử …": a capital
  first, small letters in it) and no heading of the page goes on past the separator (an
  h1 "Giới thiệu - Quảng bá sản phẩm OCOP …" is a headline, not "Giới thiệu" and a site);
* a heading (h1-h3), only when the page's own URL names the page type (/gioi-thieu/,
  /lien-he.aspx, /lich-cong-tac/2024-06-25, /lich.aspx?ngay=…, ?nv=contact). A heading
  alone never decides: sidebars carry boxes headed "Lịch công tác" or "Liên hệ" on every
  page, articles included. The URL alone never decides either.

In a headline written in capitals or Title Case ("LỊCH SỬ ĐẢNG BỘ HUYỆN MINH LONG") case
says nothing about names, so a word outside the lists below is accepted only as part of a
name right after a unit word ("huyện", "xã", "Đảng bộ" …), at most four words of it.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

from crawler.extraction.textnorm import hash_form

CALENDAR = "calendar"
INFO_PAGE = "info-page"

# Headline phrases, as written. Matched word by word from the headline's start, case,
# tone-mark style and punctuation aside ("Chức năng, nhiệm vụ" is "Chức năng nhiệm vụ").
PHRASES = {
    CALENDAR: (
        "Lịch công tác", "Lịch làm việc", "Lịch tiếp công dân", "Lịch phát sóng", "Lịch trực",
        "Lịch họp", "Lịch tuần",
    ),
    INFO_PAGE: (
        "Giới thiệu", "Giới thiệu chung", "Lịch sử", "Lịch sử Đảng bộ", "Lịch sử hình thành",
        "Quá trình hình thành và phát triển", "Cơ cấu tổ chức", "Sơ đồ tổ chức", "Tổ chức bộ máy",
        "Liên hệ", "Thông tin liên hệ", "Chức năng nhiệm vụ", "Chức năng nhiệm vụ quyền hạn",
    ),
}

# Words a short remainder may hold (besides numbers, punctuation and names). Time words and
# date parts, connectors, unit and office words, and the words of the page types themselves.
REMAINDER_WORDS = frozenset(hash_form(w) for w in """
    ngày tuần tháng năm quý kỳ nhiệm đợt giai đoạn từ đến và thứ hai ba tư năm sáu bảy
    chủ nhật sáng chiều tối buổi hôm nay sau trước số định thường xuyên tết nguyên đán lễ
    của về tại với chúng tôi chung các cho ban hành
    huyện xã tỉnh thành phố thị trấn phường quận thôn ấp đảng bộ chi ủy uỷ
    ủy ban nhân dân hội đồng ubnd hđnd mttq mặt trận tổ quốc cơ quan đơn vị văn phòng trung tâm
    sở phòng đài báo tòa soạn lãnh đạo thường trực vụ chủ tịch phó bí thư giám đốc trưởng
    đồng chí tiếp công dân trực tổ chức bộ máy chức năng nhiệm vụ quyền hạn hình thành phát
    triển truyền thống sơ đồ thông tin liên hệ làm việc công tác chương trình truyền hình
    phát thanh sóng kênh
""".split())

# Words after which a name follows ("huyện Minh Long", "ĐẢNG BỘ TỈNH QUẢNG BÌNH").
UNIT_WORDS = frozenset(hash_form(w) for w in """
    huyện xã tỉnh phố trấn phường quận thôn ấp bộ ủy uỷ ban sở báo đài ubnd hđnd mttq
    tâm quan phòng vị chí
""".split())
MAX_NAME_WORDS = 4
MAX_REMAINDER_WORDS = 14

# URL slugs naming a page type, besides the phrases' own ("lich-cong-tac", "lichcongtac").
EXTRA_SLUGS = {
    CALENDAR: ("lich", "lich-tuan", "lichtuan", "calendar", "schedule", "lich-cong-tac-tuan"),
    INFO_PAGE: ("gioithieu", "about", "about-us", "aboutus", "contact", "contact-us", "lienhe",
                "co-cau", "so-do", "to-chuc"),
}

_TITLE_SEPARATOR = re.compile(r"\s+[-–—|:»>/]+\s+|\s*(?:\||::|»)\s*")
_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"\d+|[IVXLC]+")
_SLUG_TAIL = r"(?:[-_](?:\d+|ngay|tuan|thang|nam|chung))*"


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text or ""))


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return "-".join(re.findall(r"[a-z0-9]+", plain))


_PHRASE_WORDS = sorted(
    ((kind, [hash_form(w) for w in _words(p)]) for kind, phrases in PHRASES.items() for p in phrases),
    key=lambda item: -len(item[1]),
)
_FIRST_WORDS = {words[0] for _, words in _PHRASE_WORDS}
_LONGEST = max(len(words) for _, words in _PHRASE_WORDS)
_SLUG_PATTERNS = {
    kind: re.compile("^(?:" + "|".join(sorted(
        {re.escape(s) for p in PHRASES[kind] for s in (_slug(p), _slug(p).replace("-", ""))}
        | {re.escape(s) for s in EXTRA_SLUGS[kind]}, key=len, reverse=True)) + ")" + _SLUG_TAIL + "$")
    for kind in PHRASES
}


def _is_short_remainder(words: list[str], caseless: bool) -> bool:
    """Dates, numbers, remainder words and names only, and few of them. A name is made of
    capitalised words; after a unit word ("Ban", "huyện") a capitalised word may carry one
    small one ("Ban Tuyên giáo", "Đài Phát thanh"). In capitals, the words after a unit word
    are its name."""
    if sum(not _NUMBER.fullmatch(w) for w in words) > MAX_REMAINDER_WORDS:
        return False
    name_room, after_name = 0, False
    for word in words:
        folded = hash_form(word)
        if _NUMBER.fullmatch(word) or folded in REMAINDER_WORDS:
            name_room = MAX_NAME_WORDS if folded in UNIT_WORDS else name_room
            after_name = not caseless and word[0].isupper() and name_room > 0  # "Dân vận"
            continue
        if caseless:
            if name_room <= 0:
                return False
            name_room -= 1
        elif word[0].isupper():
            after_name = name_room > 0
        elif after_name:
            after_name = False  # the second syllable of a name: "Tuyên giáo"
        else:
            return False  # an ordinary word: a news headline that starts like a page type
    return True


def headline_type(headline: str) -> str | None:
    """The page type a headline names ("calendar", "info-page"), or None for news."""
    words = _words(headline)
    if not words or words[0].lower() not in _FIRST_WORDS:  # none of them has a tone-mark variant
        return None
    folded = [hash_form(w) for w in words[:_LONGEST]]
    for kind, phrase in _PHRASE_WORDS:
        if folded[: len(phrase)] != phrase:
            continue
        said = words[1: len(phrase)]  # "Giới Thiệu", "GIỚI THIỆU": case carries no meaning here
        caseless = bool(said) and all(w[0].isupper() for w in said)
        if _is_short_remainder(words[len(phrase):], caseless):
            return kind
        return None  # the longest phrase decides ("Lịch sử Đảng bộ …" before "Lịch sử …")
    return None


def title_headlines(title: str, heading_texts: list[str] = ()) -> list[str]:
    """Where a page's headline may stand in its title: the whole title, then the title
    without its trailing segments where that names a page type, cut where the rest reads as
    a site name (starts with a capital, has small letters) and no heading shows the
    headline going on past the cut ("Giới thiệu - Quảng bá sản phẩm OCOP …" as an h1)."""
    title = " ".join((title or "").split())
    candidates = [title]
    headings = None
    cuts = list(_TITLE_SEPARATOR.finditer(title))
    for index in range(len(cuts) - 1, -1, -1):
        cut = cuts[index]
        head, tail = title[: cut.start()], title[cut.end():]
        if not head or not tail[:1].isupper() or tail == tail.upper():
            continue
        if headline_type(head) is None:
            continue  # (a cut that names nothing needs no checking)
        next_end = cuts[index + 1].start() if index + 1 < len(cuts) else len(title)
        longer = hash_form(title[:next_end])
        headings = [hash_form(h) for h in heading_texts] if headings is None else headings
        if any(h.startswith(longer) for h in headings):
            continue  # the page's own heading goes on past this separator: not a site name
        candidates.append(head)
    return candidates


def url_names(url: str, kind: str) -> bool:
    """Whether the URL names the page type: its last path segment that is not a number or
    date (extension aside), or one of its query values, is the type's slug."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return False
    names = []
    for segment in reversed([s for s in unquote(parts.path).split("/") if s]):
        stem = _slug(segment.rsplit(".", 1)[0] if "." in segment else segment)
        if stem and not re.fullmatch(r"[\d-]+", stem):
            names.append(stem)
            break
    for pair in parts.query.split("&"):
        value = _slug(unquote(pair.partition("=")[2].replace("+", " ")))
        if value and not value.isdigit():
            names.append(value)
    return any(_SLUG_PATTERNS[kind].match(name) for name in names)


def page_type(url: str, title: str, heading_texts: list[str]) -> str | None:
    """"calendar" or "info-page" for a calendar, schedule or info page, else None."""
    for candidate in title_headlines(title, heading_texts):
        kind = headline_type(candidate)
        if kind:
            return kind
    named = [kind for kind in PHRASES if url_names(url, kind)]
    for heading in heading_texts if named else ():
        kind = headline_type(heading)
        if kind in named:
            return kind
    return None
