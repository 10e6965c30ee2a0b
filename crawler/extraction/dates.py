"""Dates on Vietnamese provincial portals: parse them, find them, and date an article page.

Portals print dates day first ("02/01/2019" is 2 January 2019), usually in local time
(Asia/Ho_Chi_Minh, UTC+07:00), dressed in labels ("Cập nhật lúc", "Ngày đăng", "Đăng ngày"),
weekdays ("Thứ Ba", "CN"), view counters ("Lượt xem: 27", "| 329", NukeViet's "22:584120")
and bylines.  See /work/shared/vietnamese-portals.md, section Dates.

Public API (used by the extraction code):

* ``parse_date(text, *, default_year=None)`` -> ISO 8601 string or None, for ONE date expression.
* ``find_date(text, *, default_year=None)`` -> the first date expression inside a longer string.
* ``is_date_line(line)`` -> True when a line is essentially just a date/time line (drop it).
* ``published_from_html(tree, *, url=None, text=None)`` -> the article's publication date.

Results are ``"YYYY-MM-DD"`` when no time of day is known, else ``"YYYY-MM-DDTHH:MM:SS+07:00"``.

A regular-expression pass finds the date and time parts itself (fast, and reliable for the
numeric formats); dateparser is only a cached fallback for dates written with month *words*
("19 tháng Mười Một, 2021", "June 25, 2024", RFC 2822 headers).  Nothing here ever falls back
to the current date: when no date is found the answer is None.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from crawler.extraction.pagemeta import json_ld_objects

__all__ = ["parse_date", "find_date", "is_date_line", "published_from_html"]

VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
MIN_YEAR, MAX_YEAR = 1900, 2100

# ---------------------------------------------------------------------------
# Text normalisation
# ---------------------------------------------------------------------------

_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_SPACES_RE = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")


def _normalise(text: str) -> str:
    """NFC, plain hyphens for dashes, single spaces."""
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    return _SPACES_RE.sub(" ", text).strip()


# ---------------------------------------------------------------------------
# Building blocks (all used with re.IGNORECASE on normalised text)
# ---------------------------------------------------------------------------

_FLAGS = re.IGNORECASE

_WEEKDAY = (
    r"(?:th[ứu]\s*(?:hai|ba|t[ưu]|n[ăa]m|s[áa]u|b[ảẩa]y|[2-7])|ch[ủu]\s*nh[ậa]t|cn|t[2-7])(?!\w)"
)
# "08:35", "9:51:17", "8h30"; NukeViet glues the view count to the minutes ("22:584120"), so no
# digit look-ahead after the minutes.  Optional AM/PM, also Vietnamese SA (sáng) / CH (chiều).
_TIME = (
    r"(?<![\d:])(?P<hh>\d{1,2})\s?(?::|h(?=\d))\s?(?P<mi>\d{2})(?:\s?:\s?(?P<ss>\d{2})(?:[.,]\d+)?)?"
    r"(?:\s*(?P<ampm>a\.?m\.?|p\.?m\.?|sa|ch)(?!\w))?"
)
_TIME_RE = re.compile(_TIME, _FLAGS)

# Year first: ISO "2024-06-25", also "2024/06/25", "2024.06.25".
_YMD_RE = re.compile(r"(?<![\d.,/-])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)")
# Day first: "25/6/2024", "01.8.2024", "14-3-26", "17 - 05 - 2024".
_DMY_RE = re.compile(
    r"(?<![\d.,/:-])(?P<d>\d{1,2})\s?(?P<sep>[-/.])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?(?P<y>\d{4}|\d{2})"
    r"(?!\d|[.,/-]\d)"
)
# Words: "ngày 19 tháng 11 năm 2021", "19 tháng 11, 2021", "ngày 2 tháng 1" (no year), and
# Joomla's "Thứ tư, 19 Tháng 7 2023 06:50" (capital T, only a space before the year).
_WORDS_RE = re.compile(
    r"(?<!\w)(?P<ngay>ng[àa]y\s+)?(?P<d>\d{1,2})\s+th[áa]ng\s+(?P<m>\d{1,2})(?!\d)"
    r"(?:(?:\s*(?:n[ăa]m|,|/|-)\s*|\s+)(?P<y>\d{4})(?!\d))?",
    _FLAGS,
)
# Day and month only, as in leads: "Sáng 2/1", "Chiều 10-12", "Sáng nay (01.8)".
_DM_RE = re.compile(r"(?<![\d.,/:-])(?P<d>\d{1,2})(?P<sep>[-/.])(?P<m>\d{1,2})(?!\d|\s?[-/.]\s?\d|,\d)")

# What may precede a year-less date for it to count as one.
_LEAD_BEFORE_RE = re.compile(
    r"(?<!\w)(?:s[áa]ng|tr[ưu]a|chi[ềe]u|t[ốo]i|[đd][êe]m|khuya|ng[àa]y|h[ôo]m)"
    r"(?:\s+(?:nay|qua|mai|h[ôo]m\s+qua))?\s?[(,]?\s?$",
    _FLAGS,
)
# Between a time and the date that follows it: "08:35, Thứ Tư, 06/09/2017", "16:04 - 14/03/2022".
_TIME_BEFORE_RE = re.compile(
    _TIME + r"[\s,|;-]*(?:" + _WEEKDAY + r"[\s,|;-]*)?(?:ng[àa]y\s*:?\s*)?$", _FLAGS
)
# Between a date and the time that follows it: "| 13:30", " - 15:55", " lúc 8:00", "T08:15".
_AFTER_GAP_RE = re.compile(r"(?:T|[\s,|;(-]*(?:(?:v[àa]o\s+)?l[úu]c\s*:?\s*)?)", _FLAGS)
# An explicit offset after the time: "(GMT+7)", "GMT+07:00", "UTC", "+0700", "Z".
# A signed offset must touch the time ("08:15+07", "08:15:00+0700") or be a full "+07:00" after
# one space, so that "08:15 - 12 lượt xem" is not read as UTC-12.
_OFFSET_RE = re.compile(
    r"\s*\(?\s*(?:GMT|UTC)\s*(?:(?P<gsign>[+-])\s*(?P<gh>\d{1,2})(?::?(?P<gm>\d{2}))?)?\s*\)?"
    r"|(?P<z>Z)(?!\w)"
    r"|(?P<sign>[+-])(?P<oh>\d{2})(?::?(?P<om>\d{2}))?(?!\d)"
    r"|\s(?P<ssign>[+-])(?P<soh>\d{2}):(?P<som>\d{2})(?!\d)",
    _FLAGS,
)
# Month names in words, the only case handed to dateparser ("tháng Mười Một", "June").
_MONTH_WORD_RE = re.compile(
    r"th[áa]ng\s+(?:m[ưu][ờo]i|m[ộo]t|hai|ba|t[ưu]|n[ăa]m|s[áa]u|b[ảa]y|t[áa]m|ch[íi]n)(?!\w)"
    r"|(?<![a-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?![a-z])",
    _FLAGS,
)


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def _full_year(year_text: str) -> int:
    """Four digits as they are; two digits: 00-69 -> 20xx, 70-99 -> 19xx."""
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _make_date(year: int, month: int, day: int) -> date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _time_from_match(match: re.Match) -> tuple[int, int, int] | None:
    """(hour, minute, second) from a _TIME match, with AM/PM (SA/CH) applied; None if impossible."""
    hour, minute = int(match["hh"]), int(match["mi"])
    second = int(match["ss"] or 0)
    ampm = (match["ampm"] or "").replace(".", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        if ampm in ("pm", "ch") and hour != 12:
            hour += 12
        elif ampm in ("am", "sa") and hour == 12:
            hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _offset_from_match(match: re.Match | None) -> timezone | None:
    """The explicit UTC offset written after a time, or None when there is none."""
    if match is None or not match.group(0).strip():
        return None
    if match["z"]:
        return timezone.utc
    sign, hours, minutes = match["gsign"], match["gh"], match["gm"]
    if match["sign"]:
        sign, hours, minutes = match["sign"], match["oh"], match["om"]
    elif match["ssign"]:
        sign, hours, minutes = match["ssign"], match["soh"], match["som"]
    if not sign:  # bare "GMT" / "UTC"
        return timezone.utc
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if delta > timedelta(hours=14):
        return None
    return timezone(-delta if sign == "-" else delta)


def _iso(day: date, clock: tuple[int, int, int] | None, offset: timezone | None = None) -> str:
    """ISO 8601 text: date only, or local date-time at +07:00 (converted from `offset`)."""
    if clock is None:
        return day.isoformat()
    moment = datetime(day.year, day.month, day.day, *clock, tzinfo=offset or VN_TZ)
    return moment.astimezone(VN_TZ).isoformat()


# ---------------------------------------------------------------------------
# Finding a date in normalised text
# ---------------------------------------------------------------------------

class _Found:
    """One date expression found in normalised text: where it is and what it means."""

    __slots__ = ("start", "end", "day", "clock", "offset")

    def __init__(self, start: int, end: int, day: date, clock=None, offset=None):
        self.start, self.end, self.day, self.clock, self.offset = start, end, day, clock, offset

    def iso(self) -> str:
        return _iso(self.day, self.clock, self.offset)


def _date_candidates(text: str):
    """Yield (start, end, year-or-None, month, day, self_evident) for every date-shaped match.

    `self_evident` is False for a bare day/month ("2/1"), which needs a lead word before it.
    """
    for match in _YMD_RE.finditer(text):
        yield match.start(), match.end(), int(match["y"]), int(match["m"]), int(match["d"]), True
    for match in _DMY_RE.finditer(text):
        year = _full_year(match["y"])
        yield match.start(), match.end(), year, int(match["m"]), int(match["d"]), True
    for match in _WORDS_RE.finditer(text):
        year = int(match["y"]) if match["y"] else None
        evident = bool(year or match["ngay"])
        yield match.start(), match.end(), year, int(match["m"]), int(match["d"]), evident
    for match in _DM_RE.finditer(text):
        yield match.start(), match.end(), None, int(match["m"]), int(match["d"]), False


def _is_lead_context(text: str, start: int, end: int) -> bool:
    """A year-less day/month counts only after "Sáng", "Chiều", "ngày" … or standing alone."""
    if _LEAD_BEFORE_RE.search(text[max(0, start - 30):start]):
        return True
    return not text[:start].strip(" ,.;:|-(") and not text[end:].strip(" ,.;:|-)")


def _resolve(text: str, candidate: tuple, default_year: int | None) -> date | None:
    """The calendar date of a candidate, or None (impossible, or no year to complete it)."""
    start, end, year, month, day, self_evident = candidate
    if not self_evident and not _is_lead_context(text, start, end):
        return None
    if year is None:
        if default_year is None:
            return None
        year = default_year
    return _make_date(year, month, day)


def _time_before(text: str, start: int):
    """A time printed just before the date ("08:09, 06/09/2017"): (hour, minute, second) or None."""
    match = _TIME_BEFORE_RE.search(text[max(0, start - 60):start])
    return _time_from_match(match) if match else None


def _time_after(text: str, end: int):
    """A time printed just after the date ("| 13:30", "T08:15:00"): (clock, match end) or None."""
    gap = _AFTER_GAP_RE.match(text, end)
    match = _TIME_RE.match(text, gap.end())
    if match is None:
        return None
    clock = _time_from_match(match)
    return (clock, match.end()) if clock else None


def _attach_time(text: str, start: int, end: int, day: date) -> _Found:
    """Complete a found date with the time of day and the offset printed around it."""
    after = _time_after(text, end)
    if after is not None:
        clock, end = after
    else:
        clock = _time_before(text, start)
    offset = None
    if clock:
        written = _OFFSET_RE.match(text, end)
        offset = _offset_from_match(written)
        if offset is not None:
            end = written.end()
    return _Found(start, end, day, clock, offset)


def _find(text: str, default_year: int | None) -> _Found | None:
    """The first resolvable date expression in normalised text."""
    candidates = sorted(_date_candidates(text), key=lambda c: (c[0], -(c[1] - c[0])))
    for candidate in candidates:
        resolved = _resolve(text, candidate, default_year)
        if resolved is not None:
            return _attach_time(text, candidate[0], candidate[1], resolved)
    return None


# ---------------------------------------------------------------------------
# dateparser fallback (month words, English, RFC 2822)
# ---------------------------------------------------------------------------

_DATEPARSER = None


def _dateparser():
    global _DATEPARSER
    if _DATEPARSER is None:
        from dateparser.date import DateDataParser

        _DATEPARSER = DateDataParser(
            languages=["vi", "en"],
            settings={
                "DATE_ORDER": "DMY",
                "PREFER_DATES_FROM": "past",
                "REQUIRE_PARTS": ["day", "month", "year"],
                "RETURN_TIME_AS_PERIOD": True,
                "PARSERS": ["custom-formats", "absolute-time"],  # no relative dates, no timestamps
            },
        )
    return _DATEPARSER


def _parse_with_dateparser(text: str) -> str | None:
    """Fallback for month words; only trusted when the year is written out in the text."""
    if len(text) > 80 or not _MONTH_WORD_RE.search(text):
        return None
    data = _dateparser().get_date_data(text)
    moment = data.date_obj
    if moment is None or moment.microsecond or str(moment.year) not in text:
        return None
    if _make_date(moment.year, moment.month, moment.day) is None:
        return None
    if data.period != "time":
        return moment.date().isoformat()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ).replace(microsecond=0).isoformat()


# ---------------------------------------------------------------------------
# Public: parse_date, find_date
# ---------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def find_date(text: str, *, default_year: int | None = None) -> str | None:
    """Find the first date expression inside `text` (a line, a paragraph) and return it as ISO.

    Dates without a year ("Sáng 2/1") need `default_year` and a lead word before them; they are
    skipped when they cannot be completed, as are impossible ones ("31/02", "13/13").
    """
    if not text:
        return None
    found = _find(_normalise(text), default_year)
    return found.iso() if found else None


@lru_cache(maxsize=4096)
def parse_date(text: str, *, default_year: int | None = None) -> str | None:
    """Parse ONE date expression as printed on a Vietnamese portal; ISO 8601 or None.

    "Thứ Tư, 11/09/2019 | 13:30" -> "2019-09-11T13:30:00+07:00"; "Thứ Ba, 25/6/2024" ->
    "2024-06-25"; "Sáng 2/1" -> None, or "2019-01-02" with default_year=2019.
    """
    if not text:
        return None
    result = find_date(text, default_year=default_year)
    if result is None:
        result = _parse_with_dateparser(_normalise(text))
    return result


# ---------------------------------------------------------------------------
# Public: is_date_line
# ---------------------------------------------------------------------------

_MAX_DATE_LINE = 120
_LINE_NOISE_RES = [
    re.compile(p, _FLAGS)
    for p in (
        # view counters and similar: "Lượt xem: 27", "Đã xem 12", "Số lần đọc: 3", "Views: 5"
        r"(?:l[ưu][ợo]t\s+(?:xem|[đd][ọo]c|truy\s+c[ậa]p)|[đd][ãa]\s+xem|s[ốo]\s+l[ầa]n\s+[đd][ọo]c"
        r"|l[ưu][ợo]t\s+b[ìi]nh\s+lu[ậa]n|views?|b[ìi]nh\s+lu[ậa]n)\s*:?\s*\(?\d[\d.,]*\)?",
        r"\d[\d.,]*\s*(?:l[ưu][ợo]t\s+(?:xem|[đd][ọo]c)|views?)(?!\w)",
        r"\(?\s*(?:GMT|UTC)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?\s*\)?",
        # labels: "Cập nhật lúc", "Ngày đăng", "Đăng ngày", "Xuất bản", "Ngày gửi", "Posted on"
        r"(?<!\w)(?:ng[àa]y\s+)?"
        r"(?:c[ậa]p\s+nh[ậa]t|[đd][ăa]ng(?:\s+t[ảa]i)?|xu[ấa]t\s+b[ảa]n|ph[áa]t\s+h[àa]nh)"
        r"(?:\s+(?:ng[àa]y|l[úu]c|v[àa]o))?(?!\w)",
        r"(?<!\w)ng[àa]y\s+(?:g[ửởu]i|vi[ếe]t|t[ạa]o|s[ửu]a)(?!\w)",
        r"(?<!\w)(?:th[ờo]i\s+gian|v[àa]o\s+l[úu]c|l[úu]c|ng[àa]y|date"
        r"|(?:posted|published|updated)(?:\s+(?:on|at))?)(?!\w)",
        _WEEKDAY,
    )
]
_LINE_LEFTOVER_RE = re.compile(r"[\s,.;:|/()\[\]•·*-]+|\d+")


def _strip_date_line_noise(line: str, found: _Found) -> str:
    """What is left of a line once its date, time, labels, weekday and counters are removed."""
    rest = line[: found.start] + " " + line[found.end:]
    if found.clock is not None:
        rest = _TIME_RE.sub(" ", rest, count=1)
    for pattern in _LINE_NOISE_RES:
        rest = pattern.sub(" ", rest)
    return rest


def _looks_like_byline(rest: str) -> bool:
    """Some sites print the author in capitals before the date: "LÊ THANH VY 20/08/2024 11:46"."""
    words = rest.split()
    return 0 < len(words) <= 5 and len(rest) <= 40 and rest.isupper()


@lru_cache(maxsize=4096)
def is_date_line(line: str) -> bool:
    """True when `line` is essentially just a date/time line that an extractor should drop.

    Allowed around the date: weekday, time, labels ("Cập nhật lúc", "Ngày đăng", "Đăng ngày"),
    "(GMT+7)", separators, view counters ("Lượt xem: 27", "| 329", "22:584120") and an
    upper-case byline.  A sentence that merely mentions a date is not a date line.
    """
    if not line:
        return False
    text = _normalise(line)
    if len(text) > _MAX_DATE_LINE:
        return False
    found = _find(text, None)
    if found is None:
        return False
    rest = _strip_date_line_noise(text, found)
    rest = _LINE_LEFTOVER_RE.sub(" ", rest).strip()
    return not rest or _looks_like_byline(rest)


# ---------------------------------------------------------------------------
# Public: published_from_html
# ---------------------------------------------------------------------------

_META_KEYS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
    "date_published",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.issued",
    "dcterms.created",
    "datepublished",
    "datecreated",
)
_YEAR_HINT_META_KEYS = ("article:modified_time", "og:updated_time", "last-modified", "datemodified",
                        "dc.date.modified", "dcterms.modified")
# Not "form": ASP.NET pages wrap the whole page in one.
_EXCLUDED_TAGS = {"header", "footer", "nav", "aside", "script", "style", "noscript", "template",
                  "select", "option", "button"}
# Page chrome named by class/id.  Headers and top bars are spared when also named like the
# article ("detail-header"); widgets, menus and lists of other articles never are.
_HEADER_CLASS_RE = re.compile(r"header|(?<![a-z])top(?![a-z])|topbar|topnav|topmenu|tophead", _FLAGS)
_WIDGET_CLASS_RE = re.compile(
    r"today|clock|weather|calendar|lich|thoitiet|ngayhomnay|footer|sidebar|(?<![a-z])nav|menu"
    r"|breadcrumb|marquee|widget|related|lien-?quan|tin-?khac|other|cung-?chuyen-?muc"
    r"|xem-?nhieu|doc-?nhieu|most-?view|tin-?moi|latest",
    _FLAGS,
)
_ARTICLEISH_CLASS_RE = re.compile(r"article|detail|post|entry|chitiet|chi-tiet|news-content|baiviet", _FLAGS)
_DATE_CLASS_RE = re.compile(
    r"date|time|ngay|publish|post-?info|meta|posted|created|thoigian|thoi-gian|info-?news|byline",
    _FLAGS,
)
_MAX_DATE_ELEMENT_TEXT = 300
_MIN_SCOPE_TEXT = 400  # climb from the title until the container holds some article text
_TOP_LINES = 150
_LEAD_CHARS = 200
# Before the date of a lead: an optional outlet code ("CTTĐT -", "(QNO) -", "STO -"), then
# "Sáng", "Chiều nay", "Ngày" …  Anything else (a sentence) means it is not the lead's date.
_LEAD_OPENING_RE = re.compile(
    r"^(?:\([^()]{1,20}\)\s*-?\s*|[^\s()]{1,12}\s*-\s*)?(?:v[àa]o\s+)?(?:r[ạa]ng\s+)?"
    r"(?:s[áa]ng|tr[ưu]a|chi[ềe]u|t[ốo]i|[đd][êe]m|khuya|ng[àa]y|h[ôo]m)"
    r"(?:\s+(?:nay|qua|mai|h[ôo]m\s+qua))?\s?[(,]?\s?$",
    _FLAGS,
)


def _class_and_id(element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _has_article_ancestor(element) -> bool:
    return any(_tag(a) == "article" for a in element.iterancestors())


def _tag(element) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def _is_excluded_itself(element, after_title: bool = False) -> bool:
    """Page chrome: header/footer/nav/aside, today/clock/weather widgets, top bars.

    An element named like a header or top bar that comes after the article's title is a part of
    the article ("author-share-top" under the headline), not the page's top bar.
    """
    tag = _tag(element)
    names = _class_and_id(element)
    articleish = bool(_ARTICLEISH_CLASS_RE.search(names))
    if tag in _EXCLUDED_TAGS:
        # <header> inside an <article> (or named like one) is the article's own header.
        return not (tag == "header" and (articleish or _has_article_ancestor(element)))
    if _WIDGET_CLASS_RE.search(names):
        return True
    if tag == "li" and any(len(_text_of(a)) >= 20 for a in element.iter("a")):
        return True  # a teaser in a list of other articles ("Tin mới", "Các tin khác")
    return bool(_HEADER_CLASS_RE.search(names)) and not articleish and not after_title


def _is_excluded(element, layout: "_Layout | None" = None) -> bool:
    """The element or one of its ancestors below <body> is page chrome."""
    if not isinstance(element.tag, str):  # comments, processing instructions
        return True
    chain = [element, *element.iterancestors()]
    return any(_is_excluded_itself(e, layout is not None and layout.after_title(e))
               for e in chain if _tag(e) not in ("body", "html"))


def is_page_chrome(element, *, top_names: bool = True) -> bool:
    """True when `element` lies in page chrome: header, footer, menus, sidebars, widgets, lists of
    other articles (the parts of a page that are not the article). With `top_names` False, a
    class named like a header or top bar ("author-share-top", "detail-top") does not count (an
    author box is printed at the article's top, never in the site's top bar)."""
    if not isinstance(element.tag, str):
        return True
    chain = [element, *element.iterancestors()]
    return any(_is_excluded_itself(e, not top_names) for e in chain if _tag(e) not in ("body", "html"))


def _text_of(element) -> str:
    return _normalise(element.text_content() or "")


def _meta_map(tree) -> dict[str, str]:
    """Lower-cased meta name/property/itemprop -> first content."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        content = meta.get("content")
        if key and content and key.strip().lower() not in found:
            found[key.strip().lower()] = content.strip()
    return found


def _from_meta(tree, metas: dict[str, str]) -> str | None:
    for key in _META_KEYS:
        if key in metas:
            result = parse_date(metas[key])
            if result:
                return result
    for element in tree.xpath("//*[@itemprop='datePublished' or @itemprop='datepublished']"):
        value = element.get("content") or element.get("datetime") or _text_of(element)
        result = parse_date(value) if value else None
        if result:
            return result
    return None


def _from_json_ld(tree, key: str = "datePublished") -> str | None:
    for obj in json_ld_objects(tree):
        value = obj.get(key)
        if isinstance(value, str):
            result = parse_date(value)
            if result:
                return result
    return None


# Class names of headline elements, for pages whose title is not an <h1>.
_HEADING_CLASS_RE = re.compile(r"title|tieu-?de|headline|heading|news-?name|ten-?bai|subject", _FLAGS)
_MIN_TITLE_CHARS = 12
_MAX_TITLE_CHARS = 400


def _title_refs(tree) -> list[str]:
    """The page's own statement of its title: og:title and <title>."""
    refs = []
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() in ("og:title", "twitter:title"):
            refs.append(_normalise(meta.get("content") or ""))
    refs += [_normalise(t.text_content() or "") for t in tree.iter("title")]
    return [ref for ref in refs if len(ref) >= _MIN_TITLE_CHARS]


def _title_element(body, tree):
    """The article's headline: the first <h1> outside page chrome, else a heading (h2/h3 or an
    element named like a title) whose text is the page's og:title or <title>."""
    for heading in body.iter("h1"):
        if _text_of(heading) and not _is_excluded(heading):
            return heading
    refs = _title_refs(tree)
    if not refs:
        return None
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        tag = _tag(element)
        if tag not in ("h2", "h3", "h4") and not _HEADING_CLASS_RE.search(_class_and_id(element)):
            continue
        text = _text_of(element)
        if not _MIN_TITLE_CHARS <= len(text) <= _MAX_TITLE_CHARS:
            continue
        if any(text == ref or text in ref for ref in refs) and not _is_excluded(element):
            return element
    return None


def _is_link_list(element) -> bool:
    """A list of three links or more: a menu, or a list of other articles."""
    return _tag(element) in ("ul", "ol") and len(element.xpath(".//a[@href]")) >= 3


class _Layout:
    """Where the article's title stands on the page, to tell the article's date from the date
    the site prints on every page (a "Thứ Hai, 17/11/2025" above the menu)."""

    def __init__(self, tree):
        bodies = tree.xpath("//body")
        self.body = bodies[0] if bodies else tree
        self.elements = list(self.body.iter())
        self.order = {element: index for index, element in enumerate(self.elements)}
        self.title = _title_element(self.body, tree)
        self.title_start = self.title_end = None
        self.title_ancestors = set()
        if self.title is not None:
            self.title_start = self.order[self.title]
            self.title_end = self.title_start + sum(1 for _ in self.title.iter()) - 1
            self.title_ancestors = set(self.title.iterancestors())
        self.scope = self._article_scope(tree)
        self._last_chrome: int | None = None

    def _article_scope(self, tree):
        """The element holding the article: <article>, or the title's container; None if unclear."""
        for article in tree.iter("article"):
            if not _is_excluded(article):
                return article
        if self.title is None:
            return None
        scope = self.title.getparent()
        while len(_text_of(scope)) < _MIN_SCOPE_TEXT:
            parent = scope.getparent()
            if parent is None or _tag(parent) in ("body", "html"):
                break
            scope = parent
        return scope

    def scopes(self, tree):
        """The article first (when known), then the whole page."""
        return [self.scope, tree] if self.scope is not None else [tree]

    def after_title(self, element) -> bool:
        index = self.order.get(element)
        return self.title_end is not None and index is not None and index > self.title_end

    def accepts(self, index: int | None) -> bool:
        """A date at document position `index` may be the article's: it stands in or after the
        title, or before it with no page chrome (menu, header, breadcrumb, list of links) between
        them. A date above the menu is the site's, printed on every page."""
        if self.title_start is None or index is None or index >= self.title_start:
            return True
        element = self.elements[index]
        end = index + sum(1 for _ in element.iter()) - 1
        if end >= self.title_start:
            return True  # holds the title
        return self._last_chrome_before_title() <= end

    def _last_chrome_before_title(self) -> int:
        """Where the last piece of page chrome before the title begins (-1: none)."""
        if self._last_chrome is None:
            self._last_chrome = -1
            for index in range(self.title_start - 1, -1, -1):
                element = self.elements[index]
                if not isinstance(element.tag, str) or element in self.title_ancestors:
                    continue
                if _is_excluded_itself(element) or _is_link_list(element):
                    self._last_chrome = index
                    break
        return self._last_chrome

    def accepts_element(self, element) -> bool:
        return self.accepts(self.order.get(element))


def _from_time_elements(tree, layout: _Layout) -> str | None:
    for scope in layout.scopes(tree):
        for element in scope.iter("time"):
            if _is_excluded(element, layout) or not layout.accepts_element(element):
                continue
            value = element.get("datetime") or _text_of(element)
            result = parse_date(value) if value else None
            if result:
                return result
    return None


def _from_date_elements(tree, layout: _Layout) -> str | None:
    """Visible dates in elements named like dates ("date", "time", "ngay", "post-info" …)."""
    for scope in layout.scopes(tree):
        for element in scope.iter():
            if not isinstance(element.tag, str) or not _DATE_CLASS_RE.search(_class_and_id(element)):
                continue
            text = _text_of(element)
            if not text or len(text) > _MAX_DATE_ELEMENT_TEXT or _is_excluded(element, layout):
                continue
            if not layout.accepts_element(element):
                continue
            result = find_date(text)
            if result:
                return result
    return None


_INLINE_TAGS = {"a", "abbr", "b", "bdi", "cite", "code", "em", "font", "i", "label", "mark", "q",
                "s", "small", "span", "strong", "sub", "sup", "time", "u"}
_TOP_CHARS = 20000


def _collect_text(element, out: list, budget: list[int], layout: _Layout) -> None:
    """Text of `element` in document order with "\n" at block boundaries, skipping page chrome.

    `out` gets (text, document position) pairs; `budget` is a one-item list: characters still
    wanted (the top of the page is enough).
    """
    if budget[0] <= 0 or _is_excluded_itself(element, layout.after_title(element)):
        return
    block = _tag(element) not in _INLINE_TAGS
    position = layout.order.get(element)
    out.append(("\n" if block else "", position))
    out.append((element.text or "", position))
    budget[0] -= len(element.text or "")
    for child in element:
        if isinstance(child.tag, str):
            _collect_text(child, out, budget, layout)
        out.append((child.tail or "", layout.order.get(child)))
        budget[0] -= len(child.tail or "")
    out.append(("\n" if block else "", position))


def _visible_lines(element, layout: _Layout) -> list[tuple[str, int | None]]:
    """Visible lines of `element` with the document position of the text that opens each."""
    out: list = []
    _collect_text(element, out, [_TOP_CHARS], layout)
    lines, parts, opened_at = [], [], None
    for text, position in out:
        pieces = text.split("\n")
        for number, piece in enumerate(pieces):
            if number:
                lines.append(("".join(parts), opened_at))
                parts, opened_at = [], None
            if piece.strip() and opened_at is None:
                opened_at = position
            parts.append(piece)
    lines.append(("".join(parts), opened_at))
    normalised = ((_normalise(line), position) for line, position in lines)
    return [(line, position) for line, position in normalised if line][:_TOP_LINES]


# Headings of lists of other articles: the article's own date is never below them.
_LIST_HEADING_RE = re.compile(
    r"^(?:c[áa]c\s+)?(?:tin|b[àa]i(?:\s+vi[ếe]t)?)\s+"
    r"(?:li[êe]n\s+quan|kh[áa]c|c[ùu]ng\s+chuy[êe]n\s+m[ụu]c|m[ớo]i)"
    r"|^(?:xem|[đd][ọo]c)\s+nhi[ềe]u|^c[óo]\s+th[ểe]\s+b[ạa]n\s+quan\s+t[âa]m",
    _FLAGS,
)


def _from_top_lines(tree, layout: _Layout) -> str | None:
    """The first date line near the top of the article, then of the body, outside page chrome;
    before the title only when no menu or header stands between it and the title."""
    scope = layout.scope
    for element in ([scope] if scope is not None else []) + [layout.body]:
        for line, position in _visible_lines(element, layout):
            before_title = layout.title_start is not None and position is not None and position < layout.title_start
            if _LIST_HEADING_RE.match(line):
                if before_title:
                    continue  # a list of other articles above the title: its dates are skipped below
                break
            if is_date_line(line) and layout.accepts(position):
                return find_date(line)
    return None


_URL_DATE_RES = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-/_.]([01]?\d)[-/_.]([0-3]?\d)(?!\d)"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?=/|$|\.)"),
)
# A year as its own path segment, or with a month: "/2019/", "/202207/", "/2019-1-2/".
_URL_YEAR_RE = re.compile(r"/((?:19|20)\d{2})(?:0[1-9]|1[0-2]|[-_.]\d{1,2}(?:[-_.]\d{1,2})?)?(?=/)")


def _from_url(url: str | None) -> str | None:
    """A full date in the URL ("/2024-5-31/", "/2024/05/31/"); year-month only gives None."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
    for pattern in _URL_DATE_RES:
        for match in pattern.finditer(path):
            day = _make_date(int(match[1]), int(match[2]), int(match[3]))
            if day is not None:
                return day.isoformat()
    return None


def _year_hint(url: str | None, metas: dict[str, str], tree) -> int | None:
    """A year found elsewhere on the page (URL, meta, JSON-LD) for a lead without one."""
    if url:
        path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
        match = _URL_YEAR_RE.search(path)
        if match:
            return int(match[1])
    for key in _YEAR_HINT_META_KEYS:
        result = parse_date(metas[key]) if key in metas else None
        if result:
            return int(result[:4])
    result = _from_json_ld(tree, "dateModified") or _from_json_ld(tree, "dateCreated")
    return int(result[:4]) if result else None


def _from_lead(text: str | None, year: int | None) -> str | None:
    """A lead such as "(QNO) - Sáng 2/1, …" opening the article body, completed with `year`."""
    if not text:
        return None
    lead = _normalise(text[:_LEAD_CHARS])
    found = _find(lead, year)
    if found is None or not _LEAD_OPENING_RE.match(lead[:found.start]):
        return None
    return found.iso()


def published_from_html(tree, *, url: str | None = None, text: str | None = None) -> str | None:
    """The article's publication date from a whole page (`tree`: an lxml.html element).

    Order: meta tags, JSON-LD, <time>, elements named like dates, the first date line near the
    top of the body (page chrome and today/clock widgets ignored), a full date in the URL, and
    last a lead ("Sáng 2/1") in `text` completed with a year found elsewhere on the page.
    Visible dates are looked for in the article (the <article>, or the title's container) first,
    and a date before the title counts only when no menu, header or list of links stands
    between the two: a date above the menu is the site's "today", printed on every page.
    Returns None when nothing is found: never the crawl time or today's date.
    """
    metas = _meta_map(tree)
    layout: list[_Layout] = []  # built when the metadata has no date

    def page_layout() -> _Layout:
        if not layout:
            layout.append(_Layout(tree))
        return layout[0]

    for step in (
        lambda: _from_meta(tree, metas),
        lambda: _from_json_ld(tree),
        lambda: _from_time_elements(tree, page_layout()),
        lambda: _from_date_elements(tree, page_layout()),
        lambda: _from_top_lines(tree, page_layout()),
        lambda: _from_url(url),
    ):
        result = step()
        if result:
            return result
    return _from_lead(text, _year_hint(url, metas, tree))
