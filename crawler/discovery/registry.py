"""The registry of known portals: one TOML file, one ``[[site]]`` table per portal.

The bundled registry (``crawler/data/sites.toml``, :data:`DEFAULT_REGISTRY`) lists the real
portals of ``../shared/portals.tsv`` (beside the repository).  It is data, reviewed in diffs, read with the stdlib
:mod:`tomllib`.  Each ``[[site]]`` table has these keys:

==================  ========  ==========================================================
key                 required  meaning
==================  ========  ==========================================================
``id``              yes       unique slug, lowercase ``[a-z0-9-]`` ("qbtv", "bdv-binhthuan")
``name``            yes       Vietnamese name of the body behind the site
``home``            yes       home URL, ``http(s)://host/``; hosts are unique in a registry
``type``            yes       one of :data:`SITE_TYPES`
``province``        yes       province before 1 July 2025 (one of the 63, or "national")
``province_2025``   yes       province since 1 July 2025; must agree with :data:`PROVINCE_2025`
``start_urls``      no        extra start URLs (listings, feeds) on the same host
``cms``             no        one of :data:`CMS_FAMILIES`: whose clean-up rules its pages get
``drop``            no        selectors of regions removed before extraction
``body``            no        selector of the element holding the article body
``status``          no        "active" (default) or "archive"
``note``            no        why the status is what it is; required for "archive"
==================  ========  ==========================================================

A selector is XPath when it starts with "/" or "(", CSS otherwise (converted to XPath with
cssselect).  No real entry carries ``drop`` or ``body``: our machines cannot reach the real
portals, so nobody has seen such a selector work; they exist for users' own registries.

Public API: :class:`Site`, :data:`DEFAULT_REGISTRY`, :class:`RegistryError`,
:func:`load_registry`, :func:`check_registry`, :func:`select_sites`, :func:`site_for_host`,
plus the constant tables (:data:`SITE_TYPES`, :data:`CMS_FAMILIES`, :data:`STATUSES`,
:data:`PROVINCE_2025`, :data:`PROVINCES_2025`).
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler import cms
from crawler.discovery.urls import site_of
from crawler.selectors import selector_to_xpath

__all__ = [
    "CMS_FAMILIES",
    "DEFAULT_REGISTRY",
    "PROVINCE_2025",
    "PROVINCES_2025",
    "RegistryError",
    "SITE_TYPES",
    "STATUSES",
    "Site",
    "check_registry",
    "load_registry",
    "select_sites",
    "site_for_host",
]

DEFAULT_REGISTRY = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "sites.toml")

SITE_TYPES = frozenset({
    "party-committee",
    "party-committee-subsite",
    "dan-van-board",
    "propaganda-board",
    "provincial-tv",
    "provincial-newspaper",
    "party-newspaper",
    "provincial-government",
    "city-government",
    "district-government",
    "district-government-subsite",
    "district-party-committee",
})

#: the families of crawler/data/cms/ (crawler.cms), plus "custom" (a CMS of the site's own: no
#: family's rules apply) and "unknown" (the page's marks decide, as for an unregistered site).
CMS_FAMILIES = frozenset(cms.families()) | {"custom", "unknown"}

STATUSES = frozenset({"active", "archive"})

NATIONAL = "national"

# Old province (63, before 1 July 2025) -> province on the 34-province map since then.
_MERGERS = {
    "Tuyên Quang": ("Tuyên Quang", "Hà Giang"),
    "Lào Cai": ("Lào Cai", "Yên Bái"),
    "Thái Nguyên": ("Thái Nguyên", "Bắc Kạn"),
    "Phú Thọ": ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình"),
    "Bắc Ninh": ("Bắc Ninh", "Bắc Giang"),
    "Hưng Yên": ("Hưng Yên", "Thái Bình"),
    "Hải Phòng": ("Hải Phòng", "Hải Dương"),
    "Ninh Bình": ("Ninh Bình", "Hà Nam", "Nam Định"),
    "Quảng Trị": ("Quảng Trị", "Quảng Bình"),
    "Đà Nẵng": ("Đà Nẵng", "Quảng Nam"),
    "Quảng Ngãi": ("Quảng Ngãi", "Kon Tum"),
    "Gia Lai": ("Gia Lai", "Bình Định"),
    "Khánh Hòa": ("Khánh Hòa", "Ninh Thuận"),
    "Lâm Đồng": ("Lâm Đồng", "Đắk Nông", "Bình Thuận"),
    "Đắk Lắk": ("Đắk Lắk", "Phú Yên"),
    "TP. Hồ Chí Minh": ("TP. Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"),
    "Đồng Nai": ("Đồng Nai", "Bình Phước"),
    "Tây Ninh": ("Tây Ninh", "Long An"),
    "Cần Thơ": ("Cần Thơ", "Sóc Trăng", "Hậu Giang"),
    "Vĩnh Long": ("Vĩnh Long", "Bến Tre", "Trà Vinh"),
    "Đồng Tháp": ("Đồng Tháp", "Tiền Giang"),
    "Cà Mau": ("Cà Mau", "Bạc Liêu"),
    "An Giang": ("An Giang", "Kiên Giang"),
    "Hà Nội": ("Hà Nội",),
    "Huế": ("Thừa Thiên Huế",),
    "Lai Châu": ("Lai Châu",),
    "Điện Biên": ("Điện Biên",),
    "Sơn La": ("Sơn La",),
    "Lạng Sơn": ("Lạng Sơn",),
    "Quảng Ninh": ("Quảng Ninh",),
    "Thanh Hóa": ("Thanh Hóa",),
    "Nghệ An": ("Nghệ An",),
    "Hà Tĩnh": ("Hà Tĩnh",),
    "Cao Bằng": ("Cao Bằng",),
}

#: old province (the 63 before 1 July 2025, plus "national") -> province since then.
PROVINCE_2025: dict[str, str] = {old: new for new, olds in _MERGERS.items() for old in olds}
PROVINCE_2025[NATIONAL] = NATIONAL

#: the 34 provinces since 1 July 2025.
PROVINCES_2025 = frozenset(_MERGERS)

_REQUIRED = ("id", "name", "home", "type", "province", "province_2025")
_STRING_KEYS = frozenset({"id", "name", "home", "type", "province", "province_2025",
                          "cms", "body", "status", "note"})
_LIST_KEYS = frozenset({"start_urls", "drop"})
_KNOWN_KEYS = _STRING_KEYS | _LIST_KEYS
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

class RegistryError(Exception):
    """A registry that cannot be used; the message lists every problem, one per line."""


@dataclass(frozen=True)
class Site:
    """One portal of the registry."""

    id: str
    name: str
    home: str
    type: str
    province: str
    province_2025: str
    start_urls: tuple[str, ...] = ()
    cms: str | None = None
    drop: tuple[str, ...] = ()
    body: str | None = None
    status: str = "active"
    note: str = ""

    def host(self) -> str:
        """Site key of the home URL (lower-case host without "www.")."""
        return site_of(self.home)

    def drop_xpaths(self) -> list[str]:
        """The ``drop`` selectors as XPath expressions (CSS converted, XPath kept)."""
        return [selector_to_xpath(s) for s in self.drop]

    def body_xpath(self) -> str | None:
        """The ``body`` selector as an XPath expression, or None."""
        return selector_to_xpath(self.body) if self.body else None


# ---------------------------------------------------------------- text folding

def fold(text: str) -> str:
    """Case- and diacritics-insensitive key: "Quảng Bình" and "quang binh" fold alike.

    Punctuation counts as space, and a leading "TP", "thành phố" or "tỉnh" is dropped, so
    "Hồ Chí Minh", "tp ho chi minh" and "TP. Hồ Chí Minh" fold alike.
    """
    text = unicodedata.normalize("NFD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("đ", "d").replace("Đ", "D").lower()
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    return re.sub(r"^(?:tp|thanh pho|tinh) ", "", text)


# ---------------------------------------------------------------- checking

def _is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return False
    return (parts.scheme in ("http", "https") and bool(parts.hostname)
            and not any(ch.isspace() for ch in url))


def _check_types(entry: dict) -> list[str]:
    problems = []
    for key in entry:
        if key not in _KNOWN_KEYS:
            problems.append(f"unknown key {key!r}")
    for key in _REQUIRED:
        if key not in entry:
            problems.append(f"missing key {key!r}")
    for key in sorted(_STRING_KEYS & entry.keys()):
        value = entry[key]
        if not isinstance(value, str):
            problems.append(f"{key} must be a string, not {type(value).__name__}")
        elif key in _REQUIRED and not value.strip():
            problems.append(f"{key} is empty")
    for key in sorted(_LIST_KEYS & entry.keys()):
        value = entry[key]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            problems.append(f"{key} must be a list of non-empty strings")
    return problems


def _is_str(entry: dict, key: str) -> bool:
    return isinstance(entry.get(key), str)


def _check_values(entry: dict) -> list[str]:
    """Problems with the values of ``entry`` (keys whose type is wrong are skipped)."""
    problems = []
    if _is_str(entry, "id") and not _ID.match(entry["id"]):
        problems.append(f"id {entry['id']!r} is not a lowercase slug [a-z0-9-]")
    if _is_str(entry, "home") and not _is_http_url(entry["home"]):
        problems.append(f"home {entry['home']!r} is not an http(s) URL")
    if _is_str(entry, "type") and entry["type"] not in SITE_TYPES:
        problems.append(f"type {entry['type']!r} is not one of {', '.join(sorted(SITE_TYPES))}")
    if _is_str(entry, "cms") and entry["cms"] not in CMS_FAMILIES:
        problems.append(f"cms {entry['cms']!r} is not one of {', '.join(sorted(CMS_FAMILIES))}")
    status = entry.get("status", "active")
    if isinstance(status, str) and status not in STATUSES:
        problems.append(f"status {status!r} is not 'active' or 'archive'")
    note = entry.get("note", "")
    if status == "archive" and isinstance(note, str) and not note.strip():
        problems.append("status 'archive' needs a note saying why")
    problems += _check_provinces(entry)
    problems += _check_start_urls(entry)
    problems += _check_selectors(entry)
    return problems


def _check_provinces(entry: dict) -> list[str]:
    problems = []
    province, new = entry.get("province"), entry.get("province_2025")
    if isinstance(province, str):
        if province not in PROVINCE_2025:
            hint = _known_spelling(province, PROVINCE_2025)
            problems.append(f"province {province!r} is not one of the 63 provinces before 2025"
                            f" or 'national'{hint}")
        elif isinstance(new, str) and new != PROVINCE_2025[province]:
            problems.append(f"province_2025 {new!r} disagrees with the 2025 map:"
                            f" {province} is in {PROVINCE_2025[province]!r}")
    known_old = isinstance(province, str) and province in PROVINCE_2025
    if isinstance(new, str) and not known_old and new not in PROVINCES_2025 and new != NATIONAL:
        hint = _known_spelling(new, PROVINCES_2025)
        problems.append(f"province_2025 {new!r} is not one of the 34 provinces since 2025"
                        f" or 'national'{hint}")
    return problems


def _known_spelling(name: str, known) -> str:
    for candidate in known:
        if fold(candidate) == fold(name):
            return f" (did you mean {candidate!r}?)"
    return ""


def _check_start_urls(entry: dict) -> list[str]:
    urls, home = entry.get("start_urls"), entry.get("home")
    if not isinstance(urls, list) or not isinstance(home, str):
        return []
    problems = []
    for url in urls:
        if not isinstance(url, str):
            continue
        if not _is_http_url(url):
            problems.append(f"start_urls: {url!r} is not an http(s) URL")
        elif site_of(url) != site_of(home):
            problems.append(f"start_urls: {url!r} is not on the site's host {site_of(home)!r}")
    return problems


def _check_selectors(entry: dict) -> list[str]:
    selectors = []
    if isinstance(entry.get("drop"), list):
        selectors += [("drop", s) for s in entry["drop"] if isinstance(s, str)]
    if _is_str(entry, "body"):
        selectors.append(("body", entry["body"]))
    problems = []
    for key, selector in selectors:
        try:
            selector_to_xpath(selector)
        except ValueError as exc:
            problems.append(f"{key}: {exc}")
    return problems


def _check_unique(entries: list[dict]) -> list[tuple[int, str]]:
    """(entry index, problem) for ids and hosts already used by an earlier entry."""
    problems, ids, hosts = [], {}, {}
    for index, entry in enumerate(entries):
        site_id, home = entry.get("id"), entry.get("home")
        if isinstance(site_id, str):
            if site_id in ids:
                problems.append((index, f"id {site_id!r} is already used by entry {ids[site_id] + 1}"))
            ids.setdefault(site_id, index)
        if isinstance(home, str) and _is_http_url(home):
            host = site_of(home)
            if host in hosts:
                problems.append((index, f"host {host!r} is already used by entry {hosts[host] + 1}"))
            hosts.setdefault(host, index)
    return problems


# ---------------------------------------------------------------- reading

def _read_entries(path: str) -> tuple[list, list[str]]:
    """The raw ``[[site]]`` tables of ``path`` and file-level problems."""
    label = os.path.basename(path)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        return [], [f"{label}: cannot read {path}: {exc.strerror or exc}"]
    except tomllib.TOMLDecodeError as exc:
        return [], [f"{label}: not valid TOML: {exc}"]
    except UnicodeDecodeError as exc:
        return [], [f"{label}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}): "
                    f"save {path} as UTF-8"]
    problems = [f"{label}: unknown top-level key {key!r} (only [[site]] tables)"
                for key in data if key != "site"]
    entries = data.get("site", [])
    if not isinstance(entries, list):
        return [], problems + [f"{label}: 'site' must be an array of tables ([[site]])"]
    return entries, problems


def _entry_label(label: str, index: int, entry) -> str:
    site_id = entry.get("id") if isinstance(entry, dict) else None
    named = f" (id {site_id!r})" if isinstance(site_id, str) else ""
    return f"{label}: entry {index + 1}{named}"


def _validate(path: str) -> tuple[list[dict], list[str]]:
    entries, problems = _read_entries(path)
    label = os.path.basename(path)
    per_entry: dict[int, list[str]] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            per_entry[index] = ["is not a table"]
            continue
        per_entry[index] = _check_types(entry) + _check_values(entry)
    dicts = [e if isinstance(e, dict) else {} for e in entries]
    for index, problem in _check_unique(dicts):
        per_entry[index].append(problem)
    for index, entry in enumerate(entries):
        prefix = _entry_label(label, index, entry)
        problems += [f"{prefix}: {problem}" for problem in per_entry[index]]
    if not entries and not problems:
        problems.append(f"{label}: no [[site]] entries")
    return dicts, problems


def check_registry(path: str | None = None) -> list[str]:
    """Every problem of the registry at ``path`` (default: the bundled one), one per line.

    Checks the schema (unknown or missing keys, wrong types), unique ids and hosts,
    http(s) URLs, allowed type/status/cms, known provinces, province_2025 against the
    2025 map, and that selectors compile.  An empty list means the registry is good.
    """
    return _validate(path or DEFAULT_REGISTRY)[1]


def _site_from(entry: dict) -> Site:
    return Site(
        id=entry["id"], name=entry["name"], home=entry["home"], type=entry["type"],
        province=entry["province"], province_2025=entry["province_2025"],
        start_urls=tuple(entry.get("start_urls", ())), cms=entry.get("cms"),
        drop=tuple(entry.get("drop", ())), body=entry.get("body"),
        status=entry.get("status", "active"), note=entry.get("note", ""),
    )


def load_registry(path: str | None = None) -> list[Site]:
    """The sites of the registry at ``path`` (default: the bundled one), in file order.

    Raises :class:`RegistryError` listing every problem when the file is not usable.
    """
    entries, problems = _validate(path or DEFAULT_REGISTRY)
    if problems:
        raise RegistryError("\n".join(problems))
    return [_site_from(entry) for entry in entries]


# ---------------------------------------------------------------- selecting

def _province_keys() -> set[str]:
    return {fold(name) for name in PROVINCE_2025} | {fold(name) for name in PROVINCES_2025}


def select_sites(sites, *, ids=(), province=None, type=None, status=None, all=False) -> list[Site]:
    """The sites asked for, in registry order (``ids`` order when ids are given).

    ``ids`` picks sites by id (an unknown id raises :class:`RegistryError` naming it);
    ``province`` (matched against ``province`` or ``province_2025``, case- and
    diacritics-insensitive), ``type`` and ``status`` narrow the choice.  With no ids and
    no filter nothing is selected unless ``all`` is true: crawling every portal must be
    asked for.  Unknown province, type or status values raise :class:`RegistryError`.
    """
    sites = list(sites)
    if not ids and province is None and type is None and status is None and not all:
        return []
    chosen = _by_ids(sites, ids) if ids else sites
    if province is not None:
        key = fold(province)
        if key not in _province_keys():
            raise RegistryError(f"unknown province {province!r}")
        chosen = [s for s in chosen if key in (fold(s.province), fold(s.province_2025))]
    if type is not None:
        if type not in SITE_TYPES:
            raise RegistryError(f"unknown type {type!r} (one of {', '.join(sorted(SITE_TYPES))})")
        chosen = [s for s in chosen if s.type == type]
    if status is not None:
        if status not in STATUSES:
            raise RegistryError(f"unknown status {status!r} (active or archive)")
        chosen = [s for s in chosen if s.status == status]
    return chosen


def _by_ids(sites: list[Site], ids) -> list[Site]:
    by_id = {site.id: site for site in sites}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise RegistryError("\n".join(f"unknown site id {i!r}" for i in unknown))
    return [by_id[i] for i in dict.fromkeys(ids)]


@functools.lru_cache(maxsize=1)
def _bundled_sites() -> tuple[Site, ...]:
    try:
        return tuple(load_registry())
    except (OSError, RegistryError):
        return ()


def registered_profile(host_or_url: str) -> Site | None:
    """The bundled registry's entry for a host or URL, or None."""
    return site_for_host(_bundled_sites(), host_or_url)


def site_for_host(sites, host: str) -> Site | None:
    """The site whose host is ``host`` (a host or URL; "www." and port ignored), or None."""
    key = site_of(host)
    if not key:
        return None
    return next((site for site in sites if site.host() == key), None)
