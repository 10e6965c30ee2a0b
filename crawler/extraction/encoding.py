"""Turn the raw bytes of a fetched page into text, whatever charset the portal claims.

Vietnamese portals serve UTF-8, windows-1258 (often declared only in a <meta> tag) and
pages whose HTTP header names the wrong charset. The order of evidence is: a byte-order
mark, bytes that decode as strict UTF-8 (a very strong signal: legacy Vietnamese bytes
almost never form valid UTF-8), the charset declared in the page, the HTTP header, and
finally windows-1258 with replacement characters so that nothing raises.

Some portals store their articles double-encoded: UTF-8 bytes read back as latin-1 or
windows-1252 and written out again as UTF-8 ("Tá»‰nh á»§y" for "Tỉnh ủy"), usually in the
article while the site's own template is fine. `repair_mojibake` undoes that with ftfy,
segment by segment between tags, and only where the tell-tale character pairs occur; ftfy
leaves correct Vietnamese (NFC, NFD or windows-1258 style) untouched
(tests/test_hostile.py checks both on real sentences).
"""

from __future__ import annotations

import codecs
import re

import ftfy

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
# A <meta> that names these cannot be telling the truth (it was readable as ASCII), and
# UTF-7 is never a web page's charset: browsers ignore them, so do we.
_NEVER_DECLARED = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-7"}

# A lead byte of a UTF-8 sequence read as latin-1/windows-1252 (Â-ô) followed by a
# continuation byte read the same way (C1 controls, the windows-1252 specials, NBSP-¿):
# mojibake looks like this; correct Vietnamese text practically never does.
_CONTINUATION_READINGS = "".join(map(chr, range(0x80, 0xC0))) + (
    "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018\u2019\u201a"
    "\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122")
_MOJIBAKE_HINT = re.compile("[\u00c2-\u00f4][" + re.escape(_CONTINUATION_READINGS) + "]")
# The same pair in the text's UTF-8 bytes (Â-ô are C3 82-C3 B4): searched for the literal lead
# byte, ten times faster than the character classes over the text.
_MOJIBAKE_HINT_UTF8 = re.compile(
    b"\xc3[\x82-\xb4](?:" + b"|".join(re.escape(char.encode("utf-8")) for char in _CONTINUATION_READINGS) + b")")
_SEGMENT = re.compile(r"[^<>]+")
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
    fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False, remove_control_chars=False,
    normalization=None, explain=False,
)


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
    name = codec_name(match.group(1).decode("ascii", "ignore")) if match else None
    return None if name in _NEVER_DECLARED else name


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.IGNORECASE)
    return codec_name(match.group(1)) if match else None


# Bytes that never occur in text (the WHATWG MIME sniffing "binary data bytes").
_BINARY_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)])


def looks_binary(body: bytes) -> bool:
    """True for an image, archive or other binary file, whatever Content-Type it came with:
    its first 4 KB hold control bytes that no HTML page has (UTF-16 pages start with a BOM)."""
    if any(body.startswith(bom) for bom, _ in _BOMS):
        return False
    head = body[:4096]
    controls = len(head) - len(head.translate(None, _BINARY_BYTES))
    return controls >= 3 and controls * 100 > len(head)


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


def _repair_segment(match: re.Match) -> str:
    segment = match.group(0)
    if not _MOJIBAKE_HINT.search(segment):
        return segment
    try:
        return ftfy.fix_text(segment, _FTFY_CONFIG)
    except Exception:  # ftfy is a heuristic: never let it cost us the page
        return segment


def repair_mojibake(html: str, utf8: bytes | None = None) -> str:
    """HTML with double-encoded UTF-8 ("Chiá»u" for "Chiều") decoded once more; `html`
    itself when there is nothing to repair. `utf8`: the text's UTF-8 bytes, when at hand
    (the tell-tale pairs are looked for in them).

    Text between tags and inside tags is repaired piece by piece, so a correct template
    around a double-encoded article is fine; pieces without mojibake are not touched.
    """
    hint = _MOJIBAKE_HINT.search(html) if utf8 is None else _MOJIBAKE_HINT_UTF8.search(utf8)
    if not hint:
        return html
    return _SEGMENT.sub(_repair_segment, html)
