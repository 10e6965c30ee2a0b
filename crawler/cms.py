"""CMS families as data: what the crawler knows of SharePoint, Liferay, NukeViet, Joomla … portals.

One TOML file per family in ``crawler/data/cms/`` (the file name is the family's id, the value of
the registry's ``cms`` field), read once, checked, and refused with one line naming the file and
the problem when something in it is wrong (:class:`CmsDataError`). A file holds:

``name``            the family's display name (required)
``[detect]``        marks that tell a page of the family when its portal is not registered:
                    ``generator`` (words of ``<meta name="generator">``), ``markup`` (strings of
                    the page source), ``urls`` (regular expressions of the URL's path and query)
``[urls]``          URL clean-up: ``drop_params`` (query parameters dropped), ``drop_param_prefixes``,
                    ``drop_namespaced_params`` ("redirect" drops ``_<portlet>_redirect``),
                    ``session_path_params`` (``;jsessionid=…``), ``session_segments`` (regular
                    expressions of whole path segments, ASP.NET's ``(S(…))``), ``asset_paths``
                    (regular expressions of document links), ``tool_paths`` (regular expressions of
                    links never worth a request: search, login)
``[boilerplate]``   ``drop`` (CSS or XPath selectors of regions cut before extraction) and
                    ``drop_lines`` (regular expressions of text lines dropped)
``[dates]``         ``examples``: [printed, ISO] pairs the generic date parser must read
``[pagination]``    ``examples``: URLs of one listing's consecutive pages, in order

URL rules apply to every URL of every site: a URL is made canonical before any page of its site
is seen, so only marks that mean the same on any site belong there (a ``p_p_state`` parameter is
Liferay's wherever it appears). Detection and boilerplate rules apply to the family's pages only:
:func:`detect_family` names the family a page shows; crawler.extraction.cmsfamily prefers the
registry's ``cms`` field. Rules that hold on every site stay generic code.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from crawler.selectors import selector_to_xpath

__all__ = ["CMS_DIR", "CmsDataError", "Family", "UrlRules", "best_family", "detect_family", "families",
           "family", "family_marks", "load_families", "url_rules"]

# through importlib.resources: under Scrapyd the package is imported from a zipped egg, where
# crawler/data/cms is no folder of the file system
CMS_DIR = importlib.resources.files("crawler").joinpath("data", "cms")

_SECTIONS = {
    "detect": ("generator", "markup", "urls"),
    "urls": ("drop_params", "drop_param_prefixes", "drop_namespaced_params", "session_path_params",
             "session_segments", "asset_paths", "tool_paths"),
    "boilerplate": ("drop", "drop_lines"),
    "dates": ("examples",),
    "pagination": ("examples",),
}
_REGEX_KEYS = {("detect", "urls"), ("urls", "session_segments"), ("urls", "asset_paths"),
               ("urls", "tool_paths"), ("boilerplate", "drop_lines")}
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_GENERATOR = re.compile(r"<meta\s[^<>]{0,300}?name\s*=\s*[\"']?generator[^<>]{0,300}>", re.IGNORECASE)


class CmsDataError(Exception):
    """A family file that cannot be used: one line naming the file and what is wrong."""


@dataclass(frozen=True)
class Family:
    """One CMS family, as its data file describes it."""

    id: str
    name: str
    generator: tuple[str, ...] = ()
    markup: tuple[str, ...] = ()
    url_marks: tuple[re.Pattern, ...] = ()
    drop_params: tuple[str, ...] = ()
    drop_param_prefixes: tuple[str, ...] = ()
    drop_namespaced_params: tuple[str, ...] = ()
    session_path_params: tuple[str, ...] = ()
    session_segments: tuple[str, ...] = ()
    asset_paths: tuple[str, ...] = ()
    tool_paths: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    drop_xpaths: tuple[str, ...] = ()
    drop_lines: tuple[re.Pattern, ...] = ()
    date_examples: tuple[tuple[str, str], ...] = ()
    pagination_examples: tuple[str, ...] = ()

    def drops_line(self, line: str) -> bool:
        """The family's templates print this text line around every article (a session notice…)."""
        stripped = line.strip()
        return any(p.search(stripped) for p in self.drop_lines)

    def marks_on(self, generator: str, html: str, url_path: str) -> int:
        """How many of the family's detection marks the page shows; a generator word counts as
        many as all the other marks together, since the page names its CMS itself."""
        if any(word in generator for word in self.generator):
            return len(self.markup) + len(self.url_marks) + 1
        return sum(mark in html for mark in self.markup) + sum(bool(p.search(url_path)) for p in self.url_marks)


@dataclass(frozen=True)
class UrlRules:
    """The URL clean-up rules of every family together (see the module docstring: they hold on
    every site)."""

    drop_params: frozenset[str] = frozenset()
    drop_param_prefixes: tuple[str, ...] = ()
    drop_namespaced_suffixes: tuple[str, ...] = ()
    session_path_param: re.Pattern | None = None
    session_segment: re.Pattern | None = None
    asset_path: re.Pattern | None = None
    tool_paths: tuple[str, ...] = ()


# ---------------------------------------------------------------- reading and checking

def _strings(label: str, key: str, value) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CmsDataError(f"{label}: {key} must be a list of non-empty strings")
    return tuple(value)


def _pairs(label: str, key: str, value) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or not all(
            isinstance(v, list) and len(v) == 2 and all(isinstance(s, str) and s for s in v) for v in value):
        raise CmsDataError(f"{label}: {key} must be a list of [printed, expected] string pairs")
    return tuple((a, b) for a, b in value)


def _compiled(label: str, key: str, patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    try:
        return tuple(re.compile(p, re.IGNORECASE) for p in patterns)
    except re.error as exc:
        raise CmsDataError(f"{label}: {key}: bad regular expression {exc.pattern!r}: {exc}") from None


def _read(path) -> dict:
    label = path.name
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise CmsDataError(f"{label}: cannot read {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CmsDataError(f"{label}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise CmsDataError(f"{label}: not UTF-8 text: save {path} as UTF-8") from None


def _family_from(path) -> Family:
    """The family of one data file (a Path, or a file of the installed package); CmsDataError on
    the first problem found."""
    label = path.name
    family_id = label.removesuffix(".toml")
    if not _ID.match(family_id):
        raise CmsDataError(f"{label}: the file name must be the family id, lowercase [a-z0-9-]")
    data = _read(path)
    unknown = sorted(set(data) - {"name", *_SECTIONS})
    if unknown:
        raise CmsDataError(f"{label}: unknown key {unknown[0]!r} (name, {', '.join(_SECTIONS)})")
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        raise CmsDataError(f"{label}: name must be a non-empty string")
    values: dict[str, tuple] = {}
    for section, keys in _SECTIONS.items():
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise CmsDataError(f"{label}: [{section}] must be a table")
        extra = sorted(set(table) - set(keys))
        if extra:
            raise CmsDataError(f"{label}: unknown key {section}.{extra[0]!r} ({', '.join(keys)})")
        for key in keys:
            name = f"{section}.{key}"
            if key not in table:
                values[name] = ()
            elif section == "dates":
                values[name] = _pairs(label, name, table[key])
            else:
                values[name] = _strings(label, name, table[key])
                if (section, key) in _REGEX_KEYS:
                    _compiled(label, name, values[name])
    try:
        drop_xpaths = tuple(selector_to_xpath(s) for s in values["boilerplate.drop"])
    except ValueError as exc:
        raise CmsDataError(f"{label}: boilerplate.drop: {exc}") from None
    return Family(
        id=family_id, name=data["name"].strip(),
        generator=tuple(w.lower() for w in values["detect.generator"]),
        markup=values["detect.markup"],
        url_marks=_compiled(label, "detect.urls", values["detect.urls"]),
        drop_params=tuple(p.lower() for p in values["urls.drop_params"]),
        drop_param_prefixes=tuple(p.lower() for p in values["urls.drop_param_prefixes"]),
        drop_namespaced_params=tuple(p.lower() for p in values["urls.drop_namespaced_params"]),
        session_path_params=values["urls.session_path_params"],
        session_segments=values["urls.session_segments"],
        asset_paths=values["urls.asset_paths"],
        tool_paths=values["urls.tool_paths"],
        drop=values["boilerplate.drop"], drop_xpaths=drop_xpaths,
        drop_lines=_compiled(label, "boilerplate.drop_lines", values["boilerplate.drop_lines"]),
        date_examples=values["dates.examples"],
        pagination_examples=values["pagination.examples"],
    )


def load_families(folder: str | Path | None = None) -> dict[str, Family]:
    """Every ``*.toml`` family file of ``folder`` (default: :data:`CMS_DIR`), by id, in file-name order."""
    folder = folder or CMS_DIR
    folder = Path(folder) if isinstance(folder, str) else folder
    try:
        files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    except OSError as exc:
        raise CmsDataError(f"cannot read the CMS family folder {folder}: {exc.strerror or exc}") from None
    return {family.id: family for family in map(_family_from, files)}


@functools.lru_cache(maxsize=1)
def families() -> dict[str, Family]:
    """The bundled families (crawler/data/cms/), read and checked once."""
    return load_families()


def family(family_id: str | None) -> Family | None:
    """The bundled family with this id (a registry ``cms`` value), or None."""
    return families().get(family_id or "")


# ---------------------------------------------------------------- using

def _alternation(patterns) -> re.Pattern | None:
    patterns = list(patterns)
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


@functools.lru_cache(maxsize=1)
def url_rules() -> UrlRules:
    """The URL clean-up rules of all bundled families, merged."""
    known = families().values()

    def union(key: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(value for f in known for value in getattr(f, key)))

    session_params = "|".join(re.escape(p) for p in union("session_path_params"))
    return UrlRules(
        drop_params=frozenset(union("drop_params")),
        drop_param_prefixes=union("drop_param_prefixes"),
        drop_namespaced_suffixes=tuple(f"_{p}" for p in union("drop_namespaced_params")),
        session_path_param=re.compile(rf";(?:{session_params})=[^;/?#]*", re.IGNORECASE) if session_params else None,
        session_segment=_alternation(union("session_segments")),
        asset_path=_alternation(union("asset_paths")),
        tool_paths=union("tool_paths"),
    )


def _generator(html: str) -> str:
    """The lower-cased <meta name="generator"> tags of the page's source (empty when none)."""
    return " ".join(_GENERATOR.findall(html[:100_000])).lower()


def detect_family(html: str, url: str, candidates: dict[str, Family] | None = None) -> Family | None:
    """The family whose marks the page shows most (its generator meta outweighs the rest), or
    None when it shows none. A tie goes to the family whose file name sorts first."""
    candidates = families() if candidates is None else candidates
    return best_family(candidates, family_marks(html, url, candidates))


def family_marks(html: str, url: str, candidates: dict[str, Family]) -> dict[str, int]:
    """How many of its detection marks the page shows, for each candidate family (by id)."""
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/?#]*", "", url or "", flags=re.IGNORECASE)
    generator = _generator(html)
    return {key: candidate.marks_on(generator, html, path) for key, candidate in candidates.items()}


def best_family(candidates: dict[str, Family], marks: dict[str, int]) -> Family | None:
    """The candidate with the most marks (the first in order on a tie), None when none has any."""
    best, best_marks = None, 0
    for key, candidate in candidates.items():
        if marks[key] > best_marks:
            best, best_marks = candidate, marks[key]
    return best
