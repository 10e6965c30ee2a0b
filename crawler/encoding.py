"""Turn the raw bytes of a fetched page into text, whatever charset the portal claims.

Vietnamese portals serve UTF-8, windows-1258 (often declared only in a <meta> tag) and
pages whose HTTP header names the wrong charset. The order of evidence is: a byte-order
mark, bytes that decode as strict UTF-8 (a very strong signal: legacy Vietnamese bytes
almost never form valid UTF-8), the charset declared in the page, the HTTP header, and
finally windows-1258 with replacement characters so that nothing raises.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels that portals use for windows-1258 and friends, mapped to Python codec names.
_ALIASES = {"windows-1258": "cp1258", "x-cp1258": "cp1258", "vn": "cp1258"}


def codec_name(label: str | None) -> str | None:
    """The Python codec for a charset label, or None if Python does not know it."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(body: bytes) -> str | None:
    """The charset named by a <meta> tag in the first 4 KB of the page."""
    match = _META_CHARSET.search(body[:4096])
    return codec_name(match.group(1).decode("ascii", "ignore")) if match else None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.IGNORECASE)
    return codec_name(match.group(1)) if match else None


def decode_html(body: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """Decode page bytes; returns (text, codec used)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(name, "replace"), name
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for name in (declared_charset(body), codec_name(header_charset)):
        if name and name != "utf-8":
            try:
                return body.decode(name), name
            except (UnicodeDecodeError, LookupError):
                continue
    # Mostly-UTF-8 pages with a few broken bytes are more common than anything else.
    if body.decode("utf-8", "replace").count("\ufffd") * 50 < len(body):
        return body.decode("utf-8", "replace"), "utf-8"
    return body.decode("cp1258", "replace"), "cp1258"
