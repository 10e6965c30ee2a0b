"""Text helpers for the sample portals: tone-mark styles, slugs, encodings, Vietnamese dates.

Everything here is pure and deterministic so that expected values can be computed from the same
functions the renderers use.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_END = r"(?![\w\u0300-\u036f])"

# new ("hòa", "thủy") -> old ("hoà", "thuỷ") and back; applied on NFD text.
_NEW_TO_OLD = [
    (re.compile(rf"([oO])([{_TONES}])([aAeE]){_END}"), r"\1\3\2"),
    (re.compile(rf"(?<![qQ])([uU])([{_TONES}])([yY]){_END}"), r"\1\3\2"),
]
_OLD_TO_NEW = [
    (re.compile(rf"([oO])([aAeE])([{_TONES}]){_END}"), r"\1\3\2"),
    (re.compile(rf"(?<![qQ])([uU])([yY])([{_TONES}]){_END}"), r"\1\3\2"),
]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def tone_style(text: str, style: str | None) -> str:
    """Rewrite tone-mark placement: style "old" gives "hoà, Tỉnh uỷ", "new" gives "hòa, Tỉnh ủy"."""
    if not style:
        return text
    rules = _NEW_TO_OLD if style == "old" else _OLD_TO_NEW
    out = unicodedata.normalize("NFD", text)
    for rx, rep in rules:
        out = rx.sub(rep, out)
    return nfc(out)


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


_CP1258_TONE = set(_TONES)


def encode_cp1258(text: str) -> bytes:
    """Encode NFC Vietnamese text the way old Windows sites did: base letter + combining tone."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        dec = unicodedata.normalize("NFD", ch)
        base = nfc(dec[0] + "".join(m for m in dec[1:] if m not in _CP1258_TONE))
        tones = "".join(m for m in dec[1:] if m in _CP1258_TONE)
        for part in (base, tones):
            try:
                out += part.encode("cp1258")
            except UnicodeEncodeError:
                out += part.encode("cp1258", "xmlcharrefreplace")
    return bytes(out)


# ---------------------------------------------------------------- dates
_WD = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def weekday(d: date, case: str = "title") -> str:
    name = _WD[d.weekday()]
    if case == "lower":  # NukeViet / some CMSs: "Thứ tư", "Chủ nhật"
        return name[:4] + name[4:].lower() if name.startswith("Thứ") else name
    if case == "upper":
        return name.upper()
    return name


def today_widget(now: datetime | None = None, case: str = "title") -> str:
    now = now or datetime.now()
    return f"{weekday(now.date(), case)}, {now:%d/%m/%Y}"


# style -> (shows time, shows seconds)
DATE_STYLES = {
    "sp_views": (False, False),        # 13/04/2022    131
    "sp_updated": (True, True),        # Cập nhật ngày: 29/11/2017 06:51:32
    "ampm": (True, True),              # 2/11/2019 9:51:17 AM
    "lr_views": (False, False),        # Đăng ngày: 24/07/2025 - Lượt xem: 27
    "lr_dashes": (False, False),       # Đăng ngày 17 - 05 - 2024
    "cap_nhat_luc": (True, False),     # Cập nhật lúc 08:35, Thứ Tư, 06/09/2017 (GMT+7)
    "caps_byline": (True, False),      # LÊ THANH VY 20/08/2024 11:46
    "weekday_pipe": (True, False),     # Thứ Tư, 11/09/2019 | 13:30
    "weekday_caps_sec": (True, True),  # THỨ SÁU, 23/10/2020 06:00:55
    "weekday_date": (False, False),    # Thứ Ba, 25/6/2024
    "time_comma": (True, False),       # 08:09, 06/09/2017
    "time_dash": (True, False),        # 16:04 - 14/03/2022
    "long_vn": (True, False),          # Thứ Sáu, ngày 19 tháng 11 năm 2021 - 15:55
    "yy_sec": (True, True),            # Thứ bảy, 14-3-26 11:20:01
    "nukeviet": (True, False),         # Chủ nhật - 09/10/2022 22:58 (views glued by the markup)
}


def shown_dt(dt: datetime, style: str) -> datetime:
    """The datetime as precise as the page shows it (seconds dropped when not shown)."""
    has_time, has_sec = DATE_STYLES[style]
    if not has_time:
        return dt.replace(hour=0, minute=0, second=0)
    return dt if has_sec else dt.replace(second=0)


def published_iso(dt: datetime, style: str) -> str:
    has_time, _ = DATE_STYLES[style]
    d = shown_dt(dt, style)
    return d.strftime("%Y-%m-%dT%H:%M:%S+07:00") if has_time else d.strftime("%Y-%m-%d")


def format_date(dt: datetime, style: str, views: int = 0, author: str | None = None) -> str:
    d = shown_dt(dt, style)
    if style == "sp_views":
        return f"{d:%d/%m/%Y}    {views}"
    if style == "sp_updated":
        return f"Cập nhật ngày: {d:%d/%m/%Y %H:%M:%S}"
    if style == "ampm":
        h = d.hour % 12 or 12
        return f"{d.day}/{d.month}/{d.year} {h}:{d:%M:%S} {'AM' if d.hour < 12 else 'PM'}"
    if style == "lr_views":
        return f"Đăng ngày: {d:%d/%m/%Y} - Lượt xem: {views}"
    if style == "lr_dashes":
        return f"Đăng ngày {d:%d - %m - %Y}"
    if style == "cap_nhat_luc":
        return f"Cập nhật lúc {d:%H:%M}, {weekday(d)}, {d:%d/%m/%Y} (GMT+7)"
    if style == "caps_byline":
        return f"{(author or '').upper()} {d:%d/%m/%Y %H:%M}".strip()
    if style == "weekday_pipe":
        return f"{weekday(d)}, {d:%d/%m/%Y} | {d:%H:%M}"
    if style == "weekday_caps_sec":
        return f"{weekday(d, 'upper')}, {d:%d/%m/%Y %H:%M:%S}"
    if style == "weekday_date":
        return f"{weekday(d)}, {d.day}/{d.month}/{d.year}"
    if style == "time_comma":
        return f"{d:%H:%M}, {d:%d/%m/%Y}"
    if style == "time_dash":
        return f"{d:%H:%M} - {d:%d/%m/%Y}"
    if style == "long_vn":
        return f"{weekday(d)}, ngày {d.day} tháng {d.month} năm {d.year} - {d:%H:%M}"
    if style == "yy_sec":
        return f"{weekday(d, 'lower')}, {d.day}-{d.month}-{d:%y} {d:%H:%M:%S}"
    if style == "nukeviet":
        return f"{weekday(d, 'lower')} - {d:%d/%m/%Y %H:%M}"
    raise ValueError(style)


def short_date(dt: datetime) -> str:
    return f"{dt:%d/%m/%Y}"


def expected_author(printed: str | None) -> str | None:
    """The author a good extractor should report for a printed byline."""
    if not printed:
        return None
    a = printed.strip()
    a = re.sub(r"^(T/h|TH|Tổng hợp)\s*:\s*", "", a)
    a = re.sub(r"^Bài và ảnh:?\s+", "", a)
    a = re.sub(r"^(Tin|Bài|Ảnh)\s*:\s*", "", a)
    if a.isupper():
        a = " ".join(w.capitalize() for w in a.lower().split())
    return a
