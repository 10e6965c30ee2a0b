"""Date strings as Vietnamese provincial portals print them: parse one, find one in a line, and
tell a date line from prose.

Portals print dates day first ("02/01/2019" is 2 January 2019), usually in local time
(Asia/Ho_Chi_Minh, UTC+07:00), dressed in labels ("Cập nhật lúc", "Ngày đăng", "Đăng ngày"),
weekdays ("Thứ Ba", "CN"), view counters ("Lượt xem: 27", "| 329", NukeViet's "22:584120")
and bylines.  See the field notes (shared/vietnamese-portals.md), section Dates.  Finding the
publication date of a whole page is crawler.extraction.pagedates, built on this module.

Public API:

* ``parse_date(text, *, default_year=None)`` -> ISO 8601 string or None, for ONE date expression.
* ``find_date(text, *, default_year=None)`` -> the first date expression inside a longer string.
* ``is_date_line(line)`` -> True when a line is essentially just a date/time line (drop it).
* ``find_first(text, default_year)`` -> where the first date of normalised text stands (a
  :class:`Found`), ``normalise(text)`` and ``make_date(y, m, d)``: the pieces pagedates reuses.

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

__all__ = ["Found", "find_date", "find_first", "is_date_line", "make_date", "normalise", "parse_date"]

VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
MIN_YEAR, MAX_YEAR = 1900, 2100

# ---------------------------------------------------------------------------
# Text normalisation
# ---------------------------------------------------------------------------

# (a regex, not str.translate: a translate through a table looks up every character of a
# non-ASCII text in Python, some four times slower than this scan)
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_SPACES_RE = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")


def normalise(text: str) -> str:
    """NFC, plain hyphens for dashes, single spaces."""
    text = _DASHES.sub("-", unicodedata.normalize("NFC", text))
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


def make_date(year: int, month: int, day: int) -> date | None:
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

class Found:
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
    return make_date(year, month, day)


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


def _attach_time(text: str, start: int, end: int, day: date) -> Found:
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
    return Found(start, end, day, clock, offset)


def find_first(text: str, default_year: int | None) -> Found | None:
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


def prepare_dateparser() -> None:
    """Build the month-word parser and load its languages now: about 0.2 s of CPU, once per
    process, which would otherwise fall on the first page with a month written in words."""
    _dateparser().get_date_data("12 tháng Sáu năm 2024")
    _dateparser().get_date_data("June 12, 2024 10:30")


def _parse_with_dateparser(text: str) -> str | None:
    """Fallback for month words; only trusted when the year is written out in the text."""
    if len(text) > 80 or not _MONTH_WORD_RE.search(text):
        return None
    data = _dateparser().get_date_data(text)
    moment = data.date_obj
    if moment is None or moment.microsecond or str(moment.year) not in text:
        return None
    if make_date(moment.year, moment.month, moment.day) is None:
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
    found = find_first(normalise(text), default_year)
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
        result = _parse_with_dateparser(normalise(text))
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


def _strip_date_line_noise(line: str, found: Found) -> str:
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
    text = normalise(line)
    if len(text) > _MAX_DATE_LINE:
        return False
    found = find_first(text, None)
    if found is None:
        return False
    rest = _strip_date_line_noise(text, found)
    rest = _LINE_LEFTOVER_RE.sub(" ", rest).strip()
    return not rest or _looks_like_byline(rest)
