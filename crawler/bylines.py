"""Author and source of an article, from its last lines and its metadata.

Vietnamese portals put the byline alone on the last line ("Công Hoan", "T/h: H’Loan- Xuân
Trí", "Bài và ảnh Ngọc Nguyên", "TS (tổng hợp)") and name the origin of a syndicated copy
on a line of its own ("(qbtv.vn)", "Nguồn: Báo Sóc Trăng", "Theo Vnexpress"). These
functions peel such lines off the end of the body text and return them as fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UPPER = "A-ZÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ"
_NAME_WORD = rf"[{_UPPER}][\w’'.-]*"
_SEPARATORS = r"(?:\s*[-–—,&/]\s*|\s+và\s+)"

SOURCE_LINE = [re.compile(p, re.IGNORECASE) for p in (
    r"^\(\s*(?P<src>[a-z0-9.-]+\.[a-z]{2,}(?:\.[a-z]{2})?)\s*\)\.?$",          # (qbtv.vn)
    r"^nguồn\s*[:：]?\s*(?P<src>[^:]{2,80}?)(?:\s*[:：]\s*https?://\S+)?\.?$",   # Nguồn: Báo Sóc Trăng
    r"^nguồn\s+(?P<src>\S+)\s*[:：]\s*https?://\S+$",                          # Nguồn VOV: https://
    r"^theo\s+(?P<src>[^,;]{2,60}?)\.?$",                                     # Theo Vnexpress
    r"^tin\s*[:：]\s*(?P<src>báo\s.{2,60}?)\.?$",                              # Tin: Báo Quảng Ninh
    r"^nguồn\s+tin\s*[:：]\s*(?P<src>[^:]{2,80}?)\.?$",                         # Nguồn tin: Báo Hà Tĩnh
    r"^\(\s*(?:theo|nguồn(?:\s+tin)?\s*[:：]?)\s*(?P<src>[^()]{2,60}?)\s*\)\.?$",  # (Theo qbtv.vn), (Nguồn: TTXVN)
)]

_BYLINE_PREFIX = re.compile(
    r"^(?:t/h|th|tổng hợp|bài và ảnh|bài, ảnh|bài và ảnh:|bài/ảnh|tin, ảnh|tin và ảnh|tin/ảnh|"
    r"bài|tin|tác giả|người viết|nhóm pv|pv|ctv|phóng viên)\s*[:：]?\s+",
    re.IGNORECASE,
)
_BYLINE_SUFFIX = re.compile(r"\s*\((?:tổng hợp|th|t/h|ctv|pv)\)\s*$", re.IGNORECASE)
_NAME_LIST = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}(?:{_SEPARATORS}{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})*$")
_INITIALS = re.compile(rf"^[{_UPPER}]{{1,4}}(?:\s*\((?:tổng hợp|th|t/h)\))?$", re.IGNORECASE)
_CAPS_BYLINE_WITH_DATE = re.compile(rf"^(?P<name>[{_UPPER}][{_UPPER}\s’'.-]{{3,60}}?)\s+\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}")
# Capitalised words before a date that are its label, not a name ("THỨ BA 25/6/2024", "NGÀY 20/08/2024").
_DATE_LABEL = re.compile(r"^(thứ|chủ nhật|ngày|đăng|cập nhật|xuất bản)\b", re.IGNORECASE)
# A source is a name or a domain: "Theo kế hoạch …", "Nguồn lực …" are prose.
_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?$", re.IGNORECASE)


@dataclass
class Tail:
    """What the last lines of an article said about itself."""
    lines: list[str]
    author: str | None = None
    source: str | None = None


def match_source(line: str) -> str | None:
    """The origin named by a syndication line, or None."""
    stripped = line.strip()
    if len(stripped) > 120:
        return None
    for pattern in SOURCE_LINE:
        match = pattern.match(stripped)
        if match:
            src = match.group("src").strip(" .")
            if src[:1].islower() and not _DOMAIN.match(src):
                continue
            return src
    return None


def match_byline(line: str) -> str | None:
    """The author named by a lone byline line, or None if the line reads like prose."""
    stripped = line.strip().rstrip(".").strip()
    stripped = re.sub(r"^\./\.\s*", "", stripped)
    if not stripped or len(stripped) > 80 or len(stripped.split()) > 12:
        return None
    if _INITIALS.match(stripped):
        return stripped
    had_prefix = bool(_BYLINE_PREFIX.match(stripped))
    name = _BYLINE_SUFFIX.sub("", _BYLINE_PREFIX.sub("", stripped)).strip()
    if not name:
        return None
    if _NAME_LIST.match(name):
        return name if (had_prefix or len(name.split()) >= 2 or _BYLINE_SUFFIX.search(stripped)) else None
    return None


def caps_byline(line: str) -> str | None:
    """'LÊ THANH VY 20/08/2024 11:46' -> 'Lê Thanh Vy' (a byline printed before the date)."""
    match = _CAPS_BYLINE_WITH_DATE.match(line.strip())
    if not match:
        return None
    name = match.group("name").strip(" -–—|,.")
    if name.upper() != name or len(name.split()) > 6 or _DATE_LABEL.match(name):
        return None
    return " ".join(word.capitalize() for word in name.split())


def peel_tail(lines: list[str]) -> Tail:
    """Remove trailing source and byline lines from the body; return them as fields."""
    tail = Tail(lines=list(lines))
    for _ in range(4):
        if not tail.lines:
            break
        last = tail.lines[-1]
        source = match_source(last)
        if source and tail.source is None:
            tail.source = source
            tail.lines.pop()
            continue
        author = match_byline(last)
        if author and tail.author is None and len(tail.lines) > 1:
            tail.author = author
            tail.lines.pop()
            continue
        break
    if tail.lines:
        last = re.sub(r"[\s.]*\./\.\s*$", ".", tail.lines[-1])
        if last.strip(" ."):
            tail.lines[-1] = last
        else:
            tail.lines.pop()  # "./." alone on the line before the byline
    return tail


def plausible_author(name: str | None, site_names: list[str]) -> str | None:
    """A metadata author, unless it is empty, a URL, or the site's own name."""
    if not name:
        return None
    name = " ".join(name.split())
    lowered = name.lower()
    if not name or "http" in lowered or "@" in lowered or len(name) > 80:
        return None
    for site_name in site_names:
        if site_name and (site_name.lower() in lowered or lowered in site_name.lower()):
            return None
    if any(word in lowered for word in ("admin", "quản trị", "ban biên tập", "cổng thông tin", "báo ", "đài ")):
        return None
    return name
