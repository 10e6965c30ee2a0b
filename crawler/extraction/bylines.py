"""Author and source of an article, from its last lines, its markup and its metadata.

Vietnamese portals put the byline alone on the last line ("Công Hoan", "T/h: H’Loan- Xuân
Trí", "Bài và ảnh Ngọc Nguyên", "TS (tổng hợp)"), often bold or right-aligned, and name the
origin of a syndicated copy on a line of its own ("(qbtv.vn)", "Nguồn: Báo Sóc Trăng",
"Theo Vnexpress"); "Theo X" names the author when X is a person ("Theo Hồ Hương"). Larger
sites print the author in a box near the title (class "author", "detail-author", "tacgia" …),
Joomla in a small span ("Viết bởi Thế Minh"), and say it again in JSON-LD (an author of
@type Person) and <meta name="author"> (there often the company or the site: "VCCorp.vn",
"TUOI TRE ONLINE", "Dân Trí", never an author).

`peel_tail` takes the byline and source lines off the end of the body text; `find_author`
is the one entry point for the author of a page: the printed byline first, then the markup,
then the metadata, never an organisation, a company or the site's own name.
"""

from __future__ import annotations

import functools
import html
import re
import string
import unicodedata
from dataclasses import dataclass

import lxml.etree

from crawler.extraction.dates import find_date
from crawler.extraction.pagedates import is_page_chrome
from crawler.extraction.pagemeta import json_ld_objects
from crawler.extraction.textnorm import normalize_inline

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
_DIGIT = re.compile(r"\d")
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
    if len(stripped) > 120 or _theo_person(stripped):
        return None  # "Theo Hồ Hương" names the author
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
        person = _theo_person(last)
        if person and tail.author is None and len(tail.lines) > 1:
            tail.author = person
            tail.lines.pop()
            continue
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


# --------------------------------------------------------------------------- people, not organisations

# Words that open an organisation's or a page part's name, not a person's: "Báo Quảng Bình",
# "Ban Tuyên giáo", "Công ty …", "Thứ Hai" (a weekday), "Trang chủ".
_NOT_PERSON_START = re.compile(
    r"^(?:báo|tạp chí|tuần báo|nhật báo|thời báo|bản tin|đài|cổng|trang (?:tin|thông tin|chủ|web)|kênh|"
    r"truyền hình|phát thanh|thông tấn|ban|sở|bộ|ubnd|hđnd|ủy ban|uỷ ban|tỉnh ủy|tỉnh uỷ|huyện ủy|huyện uỷ|"
    r"thành ủy|thành uỷ|đảng ủy|đảng uỷ|hội|trung tâm|văn phòng|công ty|tập đoàn|nhà xuất bản|viện|cục|"
    r"tổng cục|chi cục|phòng|trường (?:đại học|cao đẳng|thpt|thcs|tiểu học|mầm non)|bệnh viện|ngân hàng|"
    r"quỹ|mặt trận|liên đoàn|tòa soạn|toà soạn|thứ (?:hai|ba|tư|năm|sáu|bảy)|chủ nhật|ngày|tháng|tin|xem|"
    r"chia sẻ|bình luận|liên hệ|theo dõi|quản trị|bài viết|tác giả)(?!\w)",
    re.IGNORECASE,
)
# Words that make a name a company's, a site's or an account's.
_ORG_WORD = re.compile(
    r"(?<!\w)(?:online|news|corp|corporation|jsc|media|group|tv|radio|press|times|magazine|newspaper|ltd|inc|"
    r"admin|administrator|webmaster|editor|quản trị(?: viên)?|ban biên tập|tòa soạn|toà soạn|cổng thông tin|"
    r"trang thông tin|tạp chí|công ty|tập đoàn)(?!\w)",
    re.IGNORECASE,
)
_HAS_DOMAIN = re.compile(r"[\w-]+\.(?:vn|com|net|org|info|gov|edu|biz)(?![\w-])", re.IGNORECASE)
# Newspapers and agencies a "Theo …" line names as its source ("Theo Tuổi Trẻ"), written without
# tone marks and spaces: their names read like a person's.
_OUTLETS = frozenset("""
tuoitre thanhnien tienphong laodong nguoilaodong nld nhandan quandoinhandan qdnd congannhandan cand
phapluat dantri danviet daidoanket saigongiaiphong sggp hanoimoi anninhthudo dautu baodautu
kinhtedothi vnexpress vietnamnet vietnamplus zing znews kenh14 cafef cafebiz nhipsongthitruong
nhipsongkinhte vneconomy nguoiduatin giaoducthoidai suckhoedoisong chinhphu baochinhphu ttxvn vov
vtv vtc vna vnanet tintuc congthuong nongnghiep vanhoa xaydung giaothong doisongphapluat
laodongthudo thoibaotaichinh baovephapluat thanhtra bienphong phunuvietnam phunu giadinh
tiepthigiadinh dantocvaphattrien thesaigontimes tinnhanhchungkhoan thoibaonganhang
""".split())
# Words of share bars, players and page furniture, never of a name ("Facebook Twitter Zalo").
_NOT_NAME_WORDS = frozenset("""
facebook twitter zalo email e-mail gmail print share tweet like google youtube tiktok instagram linkedin
pinterest messenger rss top home back video photo audio podcast infographic emagazine longform
""".split())
_NAME_PART_WORD = re.compile(rf"[{_UPPER}][^\W\d_]*(?:[’'.-][^\W\d_]*)*\.?")
_NAMES_SPLIT = re.compile(r"\s*[,;&]\s*|\s+[-–—/]\s*|\s*[-–—/]\s+|\s+và\s+", re.IGNORECASE)
# Labels before a byline: "Viết bởi", "Tác giả:", "Tin, ảnh:", "Bài và ảnh", "Theo" …
_LABEL = re.compile(
    r"^(?:(?:được\s+)?viết\s+bởi|đăng\s+bởi|người\s+đăng|người\s+viết|tác\s+giả|bút\s+danh|bởi|by|"
    r"posted\s+by|written\s+by|theo|t/h|tổng\s+hợp|bài\s+và\s+ảnh|bài,\s*ảnh|bài\s*/\s*ảnh|bài\s*&\s*ảnh|"
    r"ảnh\s+và\s+bài|tin\s+và\s+ảnh|tin,\s*ảnh|tin\s*/\s*ảnh|tin\s*&\s*ảnh|phóng\s+viên|pv|ctv|"
    r"bài\s*(?=[:：])|tin\s*(?=[:：]))(?!\w)\s*[:：]?\s*",
    re.IGNORECASE,
)
# Labels that say a byline follows, printed above the body (Joomla: "Viết bởi Thế Minh").
_BYLINE_LABEL = re.compile(
    r"^(?:(?:được\s+)?viết\s+bởi|đăng\s+bởi|người\s+đăng|người\s+viết|tác\s+giả|bút\s+danh|posted\s+by|"
    r"written\s+by|bài\s+và\s+ảnh|bài,\s*ảnh|bài\s*/\s*ảnh|tin\s+và\s+ảnh|tin,\s*ảnh|tin\s*/\s*ảnh|"
    r"nhóm\s+(?:pv|phóng\s+viên)|bài\s*[:：]|tin\s*[:：])(?!\w)",
    re.IGNORECASE,
)
# ASCII letters and digits no label of _BYLINE_LABEL starts with: a text opening with one is
# not a label, whatever normalizing it changes (a first check, before normalizing every text)
_NOT_LABEL_START = frozenset(string.ascii_letters + string.digits) - set("vVnNtTbBpPwW")
_TRAILING_NOTE = re.compile(r"\s*\([^()]{1,30}\)\s*$")
# Text in an author box that is not a name: "và 1 tác giả khác", "Xem các bài viết của tác giả".
_BOX_FILLER = re.compile(
    r"^(?:và\s+\d+\s+tác\s+giả\s+khác|xem\s+(?:thêm|tất\s+cả|các)?.*|theo\s+dõi|tác\s+giả|bài\s+viết.*|"
    r"follow|nhà\s+báo|phóng\s+viên|biên\s+tập\s+viên|cộng\s+tác\s+viên|[-–—|,:;/•·.\s]*)$",
    re.IGNORECASE,
)
_MORE_AUTHORS = re.compile(r"và\s+(?P<more>\d+)\s+tác\s+giả\s+khác", re.IGNORECASE)
_BOX_NAMES = re.compile(r"author|tac-?gia|byline|writer|nguoi-?viet|but-?danh|created-?by", re.IGNORECASE)
_NOT_ARTICLE_PART = re.compile(r"comment|binh-?luan|binhluan|reply|fb-", re.IGNORECASE)
_RIGHT_CLASSES = {"text-right", "tr", "right", "align-right", "text-align-right", "has-text-align-right",
                  "pull-right", "float-right", "author-right"}
_MAX_NAMES = 6


def _fold(text: str) -> str:
    """Lower case without tone marks, spaces or punctuation: "Dân Trí" -> "dantri"."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)))


def _clean_name_text(text: str) -> str:
    text = normalize_inline(unicodedata.normalize("NFC", html.unescape(text or "")))
    text = re.sub(r"^\./\.\s*", "", text).strip(" .,:;|-–—")
    for _ in range(2):
        text = _LABEL.sub("", text).strip(" .,:;|-–—")
    return _TRAILING_NOTE.sub("", text).strip(" .,:;|-–—")


def is_person_name(name: str, *, single: bool = False) -> bool:
    """A person's name as bylines print it: one to five capitalised words ("Hồ Hương",
    "NHẬT XUÂN", "H’Loan"), not an organisation ("Báo Quảng Bình", "Ban Dân vận"), a company,
    a domain or a known newspaper ("Tuổi Trẻ"). One word only when `single` (an author box)."""
    words = name.split()
    if not words or len(words) > 5 or (len(words) == 1 and not single):
        return False
    if not all(_NAME_PART_WORD.fullmatch(word) for word in words):
        return False
    if any(word.lower().strip(".") in _NOT_NAME_WORDS for word in words):
        return False
    if len(words) == 1 and (len(name) < 2 or name.isupper()
                            or any(a.islower() and b.isupper() for a, b in zip(name, name[1:]))):
        return False  # "PV", "TTXVN", "VnExpress"
    if _NOT_PERSON_START.match(name) or _ORG_WORD.search(name) or _HAS_DOMAIN.search(name):
        return False
    return _fold(name) not in _OUTLETS


def person_names(text: str, *, single: bool = False) -> list[str] | None:
    """The people a byline names ("Theo Hồ Hương", "NHẬT XUÂN - NGHI VŨ", "Tin, ảnh: Văn Hùng"),
    or None when any part of it is not a person's name."""
    text = _clean_name_text(text)
    if not text or len(text) > 120:
        return None
    parts = [part.strip(" .") for part in _NAMES_SPLIT.split(text)]
    parts = [part for part in parts if part]
    if not parts or len(parts) > _MAX_NAMES:
        return None
    if not all(is_person_name(part, single=single) for part in parts):
        return None
    return parts


def printed_byline(text: str, *, single: bool = False) -> str | None:
    """A byline as printed, once its label and notes are gone ("Tin, ảnh: Văn Hùng" -> "Văn
    Hùng", "Hồng Nhung - Quốc Việt" kept as it is), when it names only people; else None."""
    return _clean_name_text(text) if person_names(text, single=single) else None


def _join(names: list[str]) -> str:
    seen, kept = set(), []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return ", ".join(kept)


def _theo_person(line: str) -> str | None:
    """"Theo Hồ Hương" names the author; "Theo TTXVN", "Theo Báo Quảng Bình" name a source."""
    match = re.match(r"^\(?\s*theo\s+(?P<name>[^()]{2,60}?)\s*\)?\.?$", line.strip(), re.IGNORECASE)
    if not match:
        return None
    return printed_byline(match.group("name"))


def _site_keys(site_names: list[str]) -> list[str]:
    """Folded site names and the labels of domains ("dantri.com.vn" -> "dantri")."""
    keys = []
    for site_name in site_names:
        site_name = (site_name or "").strip().lower()
        if not site_name:
            continue
        host = re.sub(r"^[a-z]+://", "", site_name).split("/")[0]
        if _DOMAIN.match(host):
            keys += [label for label in host.split(".") if label not in
                     ("www", "m", "vn", "com", "net", "org", "gov", "edu", "info", "biz")]
        else:
            keys.append(_fold(site_name))
    return [key for key in keys if len(key) >= 4]


def plausible_author(name: str | None, site_names: list[str]) -> str | None:
    """An author, unless it is empty, a URL, an account, an organisation, a company or the site
    itself ("VCCorp.vn", "TUOI TRE ONLINE", "Dân Trí" on dantri.com.vn, "Ban biên tập")."""
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
    if _HAS_DOMAIN.search(name) or _ORG_WORD.search(name) or _NOT_PERSON_START.match(name):
        return None
    # "Dân Trí" on dantri.com.vn, "baotuoitre" on tuoitre.vn; but "Nguyễn Quang Bình" may write
    # on quangbinh.gov.vn (provinces name the domains, and people are named after provinces)
    folded = _fold(name)
    single = len(name.split()) == 1
    if any(key == folded or (single and key in folded) for key in _site_keys(site_names)):
        return None
    return name


# --------------------------------------------------------------------------- where pages print the author

def _text(element) -> str:
    return normalize_inline(element.text_content())


def _in_other_part(element) -> bool:
    """Inside page chrome (menus, sidebars, lists of other articles) or the readers' comments."""
    for node in (element, *element.iterancestors()):
        if _NOT_ARTICLE_PART.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return is_page_chrome(element, top_names=False)


def _is_right_aligned(element) -> bool:
    for node in (element, *element.iterchildren(lxml.etree.Element)):
        if (node.get("align") or "").lower() == "right":
            return True
        if re.search(r"text-align\s*:\s*right", node.get("style") or "", re.IGNORECASE):
            return True
        if _RIGHT_CLASSES & set((node.get("class") or "").lower().split()):
            return True
    return False


def _is_bold(element) -> bool:
    """All the words of the element are in <strong>/<b> (a note in brackets may follow)."""
    bold = " ".join(_text(b) for b in element.iter("strong", "b") if b is not element)
    if element.tag in ("strong", "b"):
        bold = _text(element)
    rest = _text(element).replace(bold, "", 1) if bold else ""
    return bool(bold.strip()) and not _TRAILING_NOTE.sub("", rest).strip(" .,-–—")


_BLOCKS = ("p", "div", "td", "li", "h4", "h5", "h6", "section", "span", "strong", "b")
_PROSE_WORDS = 12  # a paragraph of the article, not a byline or a box title


def _closing_blocks(body, count: int = 3) -> list:
    """The first `count` innermost blocks with text after the last paragraph of prose in `body`
    (the body container may run on into a sidebar), then the first blocks after `body`."""
    texts = {}  # element -> its text, each block's read once (a block's children are blocks too)

    def text_of(element) -> str:
        text = texts.get(element)
        if text is None:
            text = texts[element] = _text(element)
        return text

    def is_block(element) -> bool:
        return bool(text_of(element)) and not any(
            text_of(c) for c in element.iterchildren("p", "div", "td", "li", "section"))

    # read from the end: the blocks after the last paragraph of prose, in page order
    found, prose = [], None
    for element in reversed(list(body.iter(*_BLOCKS))):
        if not is_block(element):
            continue
        if len(text_of(element).split()) >= _PROSE_WORDS:
            prose = element
            break
        found.append(element)
    found.reverse()
    if prose is not None:  # not the bold words inside the last paragraph
        found = [e for e in found if not any(a is prose for a in e.iterancestors())]
    found = found[:count]
    for sibling in body.itersiblings():
        if len(found) >= 2 * count:
            break
        if isinstance(sibling.tag, str) and _text(sibling):
            found.append(sibling)
    return found


def _closing_byline(body):
    """A bold or right-aligned paragraph closing the body: "<p align=right><b>Công Hoan</b></p>"."""
    if body is None:
        return
    for block in _closing_blocks(body):
        text = _text(block)
        if len(text) > 80:
            continue
        right = _is_right_aligned(block)
        if not (right or _is_bold(block)) or _in_other_part(block):
            continue
        byline = printed_byline(text, single=right)
        if byline:
            yield byline


def _caps_author(tree):
    """A capitalised byline printed before the date near the top ('LÊ THANH VY 20/08/2024 11:46')."""
    # (a Python walk: libxml2 takes quadratic time over "//*[not(*)]" on pages of many elements)
    for element in tree.iter(lxml.etree.Element):
        if len(element):  # children: elements, or comments and the like
            if isinstance(element[0].tag, str) or next(element.iterchildren(lxml.etree.Element), None) is not None:
                continue  # (the first child looked at first: no iterator made for most elements)
            raw = element.text_content()
        else:
            raw = element.text
        if not raw or not _DIGIT.search(raw):  # no date, no byline before it
            continue
        text = normalize_inline(raw)
        if len(text) >= 80:
            continue
        name = caps_byline(text)
        if name:
            yield name


def _labelled_bylines(tree):
    """"Viết bởi Thế Minh", "Tác giả: Lê Văn An", "Tin, ảnh: Văn Hùng" in an element of its own."""
    body = tree.find("body") if tree.tag == "html" else tree
    for element in (body if body is not None else tree).iter(lxml.etree.Element):
        if element.tag in ("script", "style", "title", "meta"):
            continue
        raw = element.text
        first = raw.lstrip()[:1] if raw else ""
        if not first or first in _NOT_LABEL_START:  # blank (normalised to nothing) or not a label
            continue
        head = normalize_inline(raw)
        if not head or not _BYLINE_LABEL.match(head):
            continue
        text = _text(element)
        if len(text) > 100 or _in_other_part(element):
            continue
        byline = printed_byline(text, single=True)
        if byline:
            yield byline


def _json_ld_authors(tree):
    """The people of a JSON-LD "author" (@type Person, or a plain name); organisations skipped."""
    for obj in json_ld_objects(tree, skip=("author",)):
        value = obj.get("author")
        if value is None:
            continue
        names = []
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if kind is not None and "Person" not in kinds:
                    continue  # Organization, NewsMediaOrganization …
                item = item.get("name")
            if isinstance(item, str):
                names += person_names(item, single=True) or []
        if names:
            yield _join(names)


_MARKED = lxml.etree.XPath("descendant-or-self::*[@class or @id or @rel or @itemprop]")


def _author_boxes(tree):
    """An element named like an author box ("author", "detail-author", "tacgia", "byline"): the
    names among its parts ("NHẬT XUÂN", "và 1 tác giả khác", "NGHI VŨ"; "Nguyên Minh",
    "- 07/03/2026 08:47"; "Duy Anh", "Xem các bài viết của tác giả"), else its whole text when
    that is a list of names."""
    for element in _MARKED(tree):
        if element.tag in ("meta", "link", "script", "style", "img", "input", "textarea", "form"):
            continue
        if not _names_box(element.get("class", ""), element.get("id", ""), element.get("rel", "")) \
                and (element.get("itemprop") or "").lower() != "author":
            continue
        text = _text(element)
        if not text or len(text) > 300 or _in_other_part(element):
            continue
        caps = caps_byline(text)  # "LÊ THANH VY 20/08/2024 11:46"
        if caps:
            yield caps
            continue
        bylines = []
        for chunk in element.itertext():  # each link or span on its own: "NHẬT XUÂN", "NGHI VŨ"
            chunk = normalize_inline(chunk)
            if chunk and not _BOX_FILLER.match(chunk) and not find_date(chunk):
                byline = printed_byline(chunk, single=True)
                if byline and byline.casefold() not in {b.casefold() for b in bylines}:
                    bylines.append(byline)
        if not bylines:
            whole = printed_byline(text, single=True)
            bylines = [whole] if whole else []
        names = [name for byline in bylines for name in person_names(byline, single=True) or []]
        more = _MORE_AUTHORS.search(text)
        if more and len({name.casefold() for name in names}) <= int(more["more"]):
            continue  # "NHẬT XUÂN và 1 tác giả khác": the other names are elsewhere
        if 0 < len(names) <= _MAX_NAMES:
            yield bylines[0] if len(bylines) == 1 else _join(bylines)


@functools.lru_cache(maxsize=8192)
def _names_box(classes: str, element_id: str, rel: str) -> bool:
    """class, id or rel words of an author box (cached: templates repeat them)."""
    return _BOX_NAMES.search(f"{classes} {element_id} {rel}") is not None


_META_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "dcterms.creator", "citation_author")


def _meta_authors(tree):
    """<meta name="author">, article:author, dc.creator: people only (not "VCCorp.vn", URLs)."""
    for key in _META_AUTHOR_KEYS:
        for meta in tree.iter("meta"):
            name = (meta.get("name") or meta.get("property") or "").strip().lower()
            if name != key:
                continue
            names = person_names(re.sub(r"\s*;\s*", ", ", meta.get("content") or ""), single=True)
            if names:
                yield _join(names)


def find_author(tree, site_names: list[str], *, tail_author: str | None = None, body=None) -> str | None:
    """The author of the article page `tree` (an lxml.html document), or None.

    In order: the byline peeled off the end of the body text (`tail_author`, see peel_tail), a
    bold or right-aligned last paragraph of the body container `body`, a capitalised byline
    before the date, a labelled byline ("Viết bởi Thế Minh"), the JSON-LD author (a Person), an
    author box, then <meta name="author">. The first that names people, not an organisation,
    a company or the site (`site_names`: og:site_name, the domain …), wins; several people are
    joined with ", ".
    """
    sources = (
        lambda: [tail_author] if tail_author else [],
        lambda: _closing_byline(body),
        lambda: _caps_author(tree),
        lambda: _labelled_bylines(tree),
        lambda: _json_ld_authors(tree),
        lambda: _author_boxes(tree),
        lambda: _meta_authors(tree),
    )
    for source in sources:
        for candidate in source():
            author = plausible_author(candidate, site_names)
            if author:
                return author
    return None
