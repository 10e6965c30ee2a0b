"""URL helpers for crawling Vietnamese provincial portals.

The portals we crawl run a handful of CMS families (SharePoint, Liferay, custom
ASP.NET, DotNetNuke-like, NukeViet, Joomla, WordPress, press CMSs).  Several of them
leak per-visitor state into links -- Liferay's ``;jsessionid=`` path parameter and
``redirect``/``p_p_state`` query parameters, ASP.NET cookieless session segments
``/(S(...))/``, PHP session ids -- and social networks add tracking parameters
(``utm_*``, ``fbclid``, Zalo's ``zarsrc`` ...).  Left alone, each of these turns
one article into many URLs.  The families' rules are data (``[urls]`` in
``crawler/data/cms/*.toml``, read by :mod:`crawler.cms`) and apply to every URL:
canonicalisation runs before any page of a site is seen.  The rules that hold for
any site (tracking, PHP and token-like session ids) are here.

Public API:

* :func:`canonicalize_url` -- one stable string per resource, or ``None`` for
  links we never fetch (``mailto:``, ``javascript:``, fragment-only ...).
* :func:`site_of` / :func:`same_site` -- the site key (host without ``www.``).
* :func:`url_shape` -- a key shared by sibling URLs (pagination, calendar days).
* :func:`safe_filename` -- a host/site id made safe as one file-name component.
* :func:`is_probably_asset` -- links to images, documents, media, archives,
  css/js (feeds are *not* assets).

Nothing here touches the network.  Path case is kept: ASP.NET paths are
case-insensitive on the server, but we do not guess which sites run ASP.NET.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as _w3lib_canonicalize_url

from crawler.cms import url_rules

__all__ = [
    "canonicalize_url",
    "is_probably_asset",
    "safe_filename",
    "same_site",
    "site_of",
    "url_shape",
]

_ALLOWED_SCHEMES = frozenset({"http", "https"})
_DEFAULT_PORTS = {"http": 80, "https": 443}

# WHATWG URL parsing drops ASCII tab and newline anywhere in a URL; hrefs
# copied from HTML source often contain them.
_TAB_NEWLINE = re.compile(r"[\t\r\n]")

# Query parameters dropped whatever their value (compared lower-cased).
_ALWAYS_DROP_PARAMS = frozenset(
    {
        # tracking
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "zarsrc",
        "zx",
        "_ga",
        "_gl",
        "igshid",
        # PHP's session id, whatever the CMS
        "phpsessid",
    }
)

# Names that *may* carry a session token; dropped only when the value looks like one
# (soctrang.dcs.vn uses "sid=4" as a site id, which must be kept).
_MAYBE_SESSION_PARAMS = frozenset(
    {"sid", "sessionid", "session_id", "sessid", "session", "sess", "s_id"}
)
_SESSION_TOKEN_VALUE = re.compile(r"^(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{16,}$")


def _is_dropped_param(raw_name: str, raw_value: str) -> bool:
    name = unquote(raw_name.replace("+", " ")).strip().lower()
    if name.startswith("utm_") or name in _ALWAYS_DROP_PARAMS:
        return True
    rules = url_rules()
    if name in rules.drop_params or name.startswith(rules.drop_param_prefixes):
        return True
    if name.startswith("_") and name.endswith(rules.drop_namespaced_suffixes):
        return True
    if name in _MAYBE_SESSION_PARAMS:
        value = unquote(raw_value.replace("+", " ")).strip()
        return bool(_SESSION_TOKEN_VALUE.match(value))
    return False


def _filter_query(query: str) -> str:
    """Drop tracking, session and CMS-state parameters, keeping the others verbatim."""
    kept = []
    for pair in query.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        if not _is_dropped_param(name, value):
            kept.append(pair)
    return "&".join(kept)


def _strip_path_sessions(path: str) -> str:
    """Remove session path parameters (``;jsessionid=...``) and session segments (ASP.NET
    cookieless ``/(S(...))/``) of the CMS families."""
    rules = url_rules()
    if rules.session_path_param is not None:
        path = rules.session_path_param.sub("", path)
    if rules.session_segment is None:
        return path
    segments = path.split("/")
    kept = [s for s in segments if not (s and rules.session_segment.fullmatch(s))]
    new_path = "/".join(kept)
    if path and not new_path.startswith("/") and path.startswith("/"):
        new_path = "/" + new_path
    return new_path


def _netloc(parts, scheme: str) -> str | None:
    """Lower-cased host (IPv6 bracketed), userinfo kept, default port dropped."""
    host = parts.hostname  # already lower-cased by urllib
    if not host:
        return None
    host = host.rstrip(".")
    if not host:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    userinfo, at, _ = parts.netloc.rpartition("@")
    return f"{userinfo}@{host}" if at else host


def canonicalize_url(url: str, base: str | None = None) -> str | None:
    """Return the canonical absolute form of ``url`` (resolved against ``base``), or None.

    ``None`` is returned for empty input, fragment-only references ("#", "#top":
    they point back at the current page), non-http(s) schemes (mailto:,
    javascript:, tel:, data:, ftp: ...), relative URLs without a base, and URLs
    without a host or with an invalid port.

    Otherwise: scheme and host lower-cased, default ports dropped, fragment
    dropped; session ids removed (``;jsessionid=`` in any case, ASP.NET
    cookieless ``/(S(...))/`` segments, ``PHPSESSID``, and ``sid``-like
    parameters whose value is a long alphanumeric token -- ``sid=4`` is kept);
    tracking parameters removed (``utm_*``, ``fbclid``, ``gclid``, ``zarsrc``,
    ``zx``, ``_ga`` ...); Liferay state/redirect parameters removed
    (``redirect``, ``_<portlet>_redirect``, ``_<portlet>_backURL``,
    ``p_p_state``, ``p_p_mode``, ``p_p_lifecycle``, ``p_p_col_*``, ``p_auth``)
    while ``p_p_id`` and portlet content parameters (``_<portlet>_cur``,
    ``_<portlet>_articleId`` ...) are kept; the remaining query parameters are
    sorted and an empty query is removed.  Percent-encoding goes through
    :func:`w3lib.url.canonicalize_url`, so a path written with raw Vietnamese
    characters and its UTF-8 percent-encoded form give the same string.  Path
    case is kept.
    """
    if not url:
        return None
    simple = _simple_canonical(url, base)
    if simple is not None:
        return simple
    if _is_other_scheme(url):
        return None
    url = _TAB_NEWLINE.sub("", url).strip()
    if not url or url.startswith("#"):
        return None
    if base:
        base = _TAB_NEWLINE.sub("", base).strip()
        try:
            url = urljoin(base, url)
        except ValueError:
            return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _ALLOWED_SCHEMES:
        return None
    netloc = _netloc(parts, scheme)
    if netloc is None:
        return None
    path = _strip_path_sessions(parts.path) or "/"
    query = _filter_query(parts.query)
    rebuilt = urlunsplit((scheme, netloc, path, query, ""))
    try:
        return _w3lib_canonicalize_url(rebuilt, keep_fragments=False)
    except (ValueError, UnicodeError):
        return None


# The common case, answered without urljoin and w3lib (a page's links are mostly such):
# an http(s) URL with a lower-case host, no port or a non-default one, a path of unreserved
# characters without empty or dot segments, and a query of name=value pairs of unreserved
# characters; or a path of that kind ("/a/b.html?id=2") against a base whose origin is of
# that kind, or "//host/path" against a base of that kind. The fragment is dropped, the
# query's pairs filtered and sorted as canonicalize_url does; nothing else in such a URL
# is for it to change.
_SIMPLE_ORIGIN = re.compile(r"(https?)://((?:[a-z0-9-]{1,63}\.)*[a-z0-9-]{1,63})(?::([1-9][0-9]{0,4}))?(?=[/?#]|$)")
_SIMPLE_PATH = re.compile(r"(?:/[A-Za-z0-9_~-][A-Za-z0-9_.~-]*)*/?")
_SIMPLE_PAIR = re.compile(r"[A-Za-z0-9_.~-]+=[A-Za-z0-9_.~-]*")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _simple_origin(url: str) -> str | None:
    """scheme://host[:port] of a URL whose origin needs no canonicalizing, else None."""
    match = _SIMPLE_ORIGIN.match(url)
    if match is None:
        return None
    port = match.group(3)
    if port is not None and (int(port) > 65535 or int(port) == _DEFAULT_PORTS[match.group(1)]):
        return None
    return match.group(0)


def _simple_query(query: str) -> str | None:
    """The query's pairs without the dropped ones, sorted; None unless all are simple."""
    pairs = []
    for pair in query.split("&"):
        if not pair:
            continue
        if not _SIMPLE_PAIR.fullmatch(pair):
            return None
        name, _, value = pair.partition("=")
        if not _is_dropped_param(name, value):
            pairs.append((name, value))
    pairs.sort()
    return "&".join(f"{name}={value}" for name, value in pairs)


def _simple_canonical(url: str, base: str | None) -> str | None:
    """canonicalize_url(url, base) when both are of the common simple kind, else None."""
    if url.startswith("//"):
        scheme = _SIMPLE_ORIGIN.match(base) if base else None
        url = f"{scheme.group(1)}:{url}" if scheme else ""
    if url.startswith("/"):
        origin = _simple_origin(base) if base else None
        rest = url
    else:
        origin = _simple_origin(url)
        rest = url[len(origin):] if origin else ""
    if origin is None:
        return None
    path, _, query = rest.partition("#")[0].partition("?")
    path = path or "/"
    if not _SIMPLE_PATH.fullmatch(path) or _strip_path_sessions(path) != path:
        return None
    if query:
        query = _simple_query(query)
        if query is None:
            return None
    return f"{origin}{path}?{query}" if query else origin + path


def _is_other_scheme(url: str) -> bool:
    """A URL of a scheme other than http(s) (mailto:, javascript:, tel: …), as urlsplit reads it."""
    match = _SCHEME.match(url)
    return match is not None and match.group(1).lower() not in _ALLOWED_SCHEMES


def _host_of(url: str) -> str:
    url = (url or "").strip()
    if "//" not in url:
        url = "//" + url  # bare host such as "www.qbtv.vn" or "qbtv.vn/x"
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def site_of(url: str) -> str:
    """Site key of ``url``: lower-case host without port and without a leading "www.".

    ``"http://WWW.QBTV.vn:80/x"`` -> ``"qbtv.vn"``; ``"http://127.0.0.2:8123/"``
    -> ``"127.0.0.2"``.  A bare host ("www.qbtv.vn") is accepted.  Returns ""
    when there is no host.
    """
    host = _host_of(url)
    return host[4:] if host.startswith("www.") else host


def same_site(url_a: str, url_b: str) -> bool:
    """True when both URLs have the same non-empty :func:`site_of` key."""
    site_a = site_of(url_a)
    return bool(site_a) and site_a == site_of(url_b)


_DIGITS = re.compile(r"[0-9]+")


def url_shape(url: str) -> str:
    """Key shared by sibling URLs (pagination, calendar days, numbered articles).

    The key is ``site + path`` plus the sorted query parameters, where every
    run of ASCII digits in the (percent-decoded) path and in query values
    becomes ``#``; non-numeric parts of values are kept, as are parameter
    names.  The URL is canonicalized first (when possible), so tracking and
    session parameters do not change the shape.  Examples of siblings:
    ``?page=2`` / ``?page=3``, ``/trang-2.html`` / ``/trang-3.html``,
    ``/lich/2024-06-25`` / ``/lich/2024-06-26``, ``/page/2/`` / ``/page/3/``.
    """
    canonical = canonicalize_url(url) or (url or "").strip()
    try:
        parts = urlsplit(canonical)
    except ValueError:
        return _DIGITS.sub("#", canonical)
    path = _DIGITS.sub("#", unquote(parts.path) or "/")
    params = []
    for pair in parts.query.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        name = unquote(name.replace("+", " "))
        value = _DIGITS.sub("#", unquote(value.replace("+", " ")))
        params.append(f"{name}={value}")
    shape = site_of(canonical) + path
    if params:
        shape += "?" + "&".join(sorted(params))
    return shape


_UNSAFE_FILENAME_CHARS = re.compile(r"[^A-Za-z0-9._-]")
_MAX_FILENAME = 100


def safe_filename(name: str) -> str:
    """Make a host/site id safe as a single file-name component.

    Only ``[A-Za-z0-9._-]`` survive (anything else, including "/", "\\" and
    NUL, becomes "_"); ".." runs are broken up, leading dots, underscores and
    dashes and trailing dots and underscores are stripped, the result is never empty ("_") and at most 100
    characters (long names are cut and get a short sha1 suffix so they stay
    distinct).  ``"127.0.0.2"`` stays ``"127.0.0.2"``; ``"../../etc"`` becomes
    ``"etc"``.
    """
    original = name if isinstance(name, str) else str(name)
    safe = original
    if not original.isascii():  # an IDN host: its ASCII form keeps "tình.vn" and "tỉnh.vn" apart
        try:
            safe = original.encode("idna").decode("ascii")
        except (UnicodeError, ValueError):
            digest = hashlib.sha1(original.encode("utf-8", "surrogatepass")).hexdigest()[:10]
            safe = f"{original}-{digest}"
    safe = _UNSAFE_FILENAME_CHARS.sub("_", safe)
    safe = re.sub(r"\.{2,}", "_", safe)
    safe = re.sub(r"_{2,}", "_", safe)
    safe = safe.lstrip("._-").rstrip("._")
    if not safe:
        return "_"
    if len(safe) > _MAX_FILENAME:
        digest = hashlib.sha1(original.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        safe = safe[: _MAX_FILENAME - len(digest) - 1].rstrip("._-") + "-" + digest
    return safe


_ASSET_EXTENSIONS = frozenset(
    """
    jpg jpeg jpe jfif png gif webp svg svgz bmp tif tiff ico heic avif psd
    pdf doc docx dot dotx xls xlsx xlsm ppt pptx pps ppsx odt ods odp rtf csv
    zip rar 7z tar gz tgz bz2 xz
    mp3 wav wma m4a ogg oga aac flac
    mp4 m4v avi flv wmv mov mkv webm mpg mpeg 3gp swf
    css js mjs map woff woff2 ttf otf eot
    exe msi apk dmg iso bin
    """.split()
)

def _extension(segment: str) -> str:
    segment = segment.split(";", 1)[0]  # drop path parameters such as ;jsessionid=
    dot = segment.rfind(".")
    return segment[dot + 1 :].lower() if dot != -1 else ""


def is_probably_asset(url: str) -> bool:
    """True for links to images, documents, media, archives, fonts, css/js, executables.

    Decided on the path extension, case-insensitively, ignoring the query
    string and fragment (``/a/b.JPG?w=300`` is an asset).  Feeds (``.rss``,
    ``.xml``, ``.atom``), gzipped sitemaps (``.xml.gz``) and pages (``.html``, ``.aspx``, ``.php`` ...) are not
    assets.  Document links of the CMS families (``asset_paths``: Liferay's
    ``/documents/<n>/...``, ``/c/document_library/get_file``) are assets too.
    """
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    path = unquote(parts.path)
    asset_path = url_rules().asset_path
    if asset_path is not None and asset_path.search(path):
        return True
    if path.endswith("/") or path.lower().endswith(".xml.gz"):  # gzipped sitemaps are sitemaps
        return False
    return _extension(path.rsplit("/", 1)[-1]) in _ASSET_EXTENSIONS
