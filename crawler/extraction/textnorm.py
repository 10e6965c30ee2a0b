"""Text normalisation and content hashing for Vietnamese article text.

Two audiences:

* Output text (:func:`normalize_text` for bodies, :func:`normalize_inline` for
  one-line fields such as title and author).  These only fix *invisible*
  differences: Unicode NFC, NBSP / exotic spaces -> plain space, zero-width
  characters, soft hyphens, BOM and bidi marks removed, whitespace runs
  collapsed, blank lines dropped.  Quotes, dashes, ellipses and tone-mark
  placement are left exactly as the site wrote them.  The only typographic
  change is U+2011 NON-BREAKING HYPHEN -> "-" (a layout-only variant).

* Deduplication (:func:`hash_form`, :func:`content_hash`).  The same article is
  syndicated across provincial portals with differences that do not matter:
  NFC vs NFD, "old" vs "new" tone-mark placement ("hòa"/"hoà", "thủy"/"thuỷ",
  "khỏe"/"khoẻ"), case, whitespace and punctuation.  :func:`hash_form` erases
  those so such twins hash alike.  :func:`hash_words` gives its words, for the
  near-duplicate shingles (crawler.analysis.neardup); :func:`folded`, its first steps
  (casefold, NFC, tone placement), is shared with topic matching (crawler.analysis.topics).
  Both are cached for the last few texts: a record's hash, topics and signature are taken
  of one body, one after the other.

:func:`content_hash` is the hex **SHA-1** (40 hex chars) of the UTF-8 bytes of
``hash_form(body)``.  The title is *not* hashed: syndicated copies are often
retitled.  SHA-1 is used as a fingerprint, not for security.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

__all__ = [
    "content_hash",
    "folded",
    "hash_form",
    "hash_form_utf8",
    "hash_words",
    "normalize_inline",
    "normalize_text",
    "word_count",
]

# --- character-level cleanup -------------------------------------------------

# Unicode spaces that should read as a plain space.
_SPACE_CHARS = (
    "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u202f\u205f\u3000"
)
# Invisible characters: zero-width space/joiners, word joiner, invisible
# operators, soft hyphen, BOM / zero-width no-break space, Mongolian vowel
# separator, bidi marks and embeddings/isolates.
_REMOVED_CHARS = (
    "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\u00ad\ufeff\u180e"
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Line breaks other than "\n".
_LINE_BREAKS = "\r\u2028\u2029\u0085\u000b\u000c\u001c\u001d\u001e"

_TRANSLATION: dict[int, str | None] = {}
_TRANSLATION.update({ord(c): " " for c in _SPACE_CHARS})
_TRANSLATION.update({ord(c): None for c in _REMOVED_CHARS})
_TRANSLATION.update({ord(c): "\n" for c in _LINE_BREAKS})
_TRANSLATION[0x2011] = "-"  # NON-BREAKING HYPHEN
# Remaining C0/C1 control characters (NUL, ESC, ...) are dropped.
for _cp in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0)):
    _TRANSLATION.setdefault(_cp, None)
_TRANSLATION.pop(ord("\n"), None)
del _cp

_SPACE_RUN = re.compile(r" {2,}")


# Whether a text holds any character of the table: a regex scan is some twenty times faster
# than str.translate with a dict, and text that comes back from extraction holds none.
_NEEDS_TRANSLATION = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_TRANSLATION)) + "]")


_REPLACEMENTS = {chr(cp): value or "" for cp, value in _TRANSLATION.items()}


def _clean_chars(text: str) -> str:
    """Map invisible/space variants, then NFC (removals can allow new compositions)."""
    text = text.replace("\r\n", "\n")
    if _NEEDS_TRANSLATION.search(text):
        if text.isascii():  # str.translate has a fast path for ASCII text (tabs, controls)
            text = text.translate(_TRANSLATION)
        else:  # where it looks up every character in Python (80 ns each): one str.replace per
            for char in set(_NEEDS_TRANSLATION.findall(text)):  # character of the table present
                text = text.replace(char, _REPLACEMENTS[char])
    return unicodedata.normalize("NFC", text)


def normalize_text(text: str) -> str:
    """Normalise a multi-paragraph body.

    NFC; NBSP and other Unicode spaces (and tabs) -> " "; zero-width
    characters, soft hyphens, BOM, bidi marks and control characters removed;
    all line-break variants -> "\\n"; space runs inside a line collapsed to one
    space; every line stripped; empty lines dropped.  The result is the
    paragraphs joined by exactly one "\\n", with no leading/trailing
    whitespace.  Quotes and tone-mark placement are kept as written.
    """
    if not text:
        return ""
    text = _clean_chars(text)
    if "  " in text:  # one pass over the whole text: a run of spaces never spans a line break
        text = _SPACE_RUN.sub(" ", text)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def normalize_inline(text: str) -> str:
    """Normalise a one-line field (title, author): NFC, every whitespace run -> " ", stripped."""
    if not text:
        return ""
    return " ".join(_clean_chars(text).split())


# --- tone-mark placement -----------------------------------------------------

# Combining tone marks: huyền, sắc, hỏi, ngã, nặng.
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
# Diphthongs whose tone placement varies between the "old" style (tone on the
# first vowel: hòa, khỏe, thủy) and the "new" style (tone on the second vowel:
# hoà, khoẻ, thuỷ) -- but only when they end the syllable ("hoàng", "khuỷu"
# have one spelling) and not after "q" ("quý": "u" belongs to "qu", "qúy" is
# not a spelling of it).
_DIPHTHONGS = ("oa", "oe", "uy")


def _with_tone(vowel: str, tone: str) -> str:
    return unicodedata.normalize("NFC", vowel + tone)


def _build_tone_map() -> dict[str, str]:
    """New style -> old style, for every tone and every upper/lower-case combination."""
    mapping = {}
    for first, second in _DIPHTHONGS:
        for tone in _TONES:
            for f in (first, first.upper()):
                for s in (second, second.upper()):
                    mapping[f + _with_tone(s, tone)] = _with_tone(f, tone) + s
    return mapping


_NEW_TO_OLD = _build_tone_map()
# One character class per position rather than an alternation of the 60 pairs: a pair the
# classes admit but the map lacks ("oý") is put back unchanged. Neither class's second
# character can begin a pair, so no match is skipped. The "not after q" test comes after the
# pair, not before it: a pattern that starts with a class lets the regex engine skip ahead to
# the next o/u, three times faster over an article than a leading look-behind.
_NEW_STYLE = re.compile(
    r"[oOuU]["
    + "".join(sorted({pair[1] for pair in _NEW_TO_OLD}))
    + r"](?<![qQ]..)(?![^\W\d_]|[\u0300-\u036f])"
)


def _unify_tone_placement(text: str) -> str:
    """Rewrite syllable-final oa/oe/uy with the tone on the second vowel to the old style.

    "hoà" -> "hòa", "khoẻ" -> "khỏe", "thuỷ" -> "thủy", "HOÁ" -> "HÓA", "Uỷ" -> "Ủy";
    "quý", "hoàng", "khuỷu", "thuyền" are left alone.  Expects NFC input.
    """
    return _NEW_STYLE.sub(lambda m: _NEW_TO_OLD.get(m.group(0), m.group(0)), text)


# --- hashing -----------------------------------------------------------------


class _PunctuationToSpace(dict):
    """A str.translate table: punctuation and symbols (categories P*, S*) -> " ", every
    other character kept. Filled as characters are met, so str.translate runs at C speed
    on the few hundred distinct characters of Vietnamese text."""

    def __missing__(self, codepoint: int):
        value = " " if _is_punctuation(chr(codepoint)) else codepoint
        self[codepoint] = value
        return value


_PUNCTUATION_TO_SPACE = _PunctuationToSpace()


def _punctuation_to_space(text: str) -> str:
    """text.translate(_PUNCTUATION_TO_SPACE), done as one str.replace per distinct punctuation
    character: a translate through a dict looks up every character in Python, a replace scans
    in C (and a text holds a few dozen distinct characters)."""
    for char in set(text):
        if char != " " and _PUNCTUATION_TO_SPACE[ord(char)] == " ":
            text = text.replace(char, " ")
    return text


def _is_punctuation(char: str) -> bool:
    """Whether the character is punctuation or a symbol (Unicode categories P*, S*)."""
    return unicodedata.category(char)[0] in "PS"


def _class_of(codepoints) -> str:
    """A regex character class of the code points (ascending), as ranges."""
    ranges: list[list[int]] = []
    for cp in codepoints:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


# Punctuation and symbols of the Basic Multilingual Plane, one class the regex engine checks
# with a table lookup per character. Those beyond it (emoji, mostly) are all in planes 1 to 3,
# whose UTF-8 begins with the byte F0 (tests/test_textnorm.py checks): a text holding such a
# byte goes through _punctuation_to_space as well.
_BMP_PUNCTUATION = re.compile("[" + _class_of(cp for cp in range(0x10000) if _is_punctuation(chr(cp))) + "]")


def hash_form(text: str, *, normalized: bool = False) -> str:
    """The form of ``text`` used only for hashing (never for output).

    :func:`normalize_text`, casefold, NFC again, tone placement unified for
    syllable-final oa/oe/uy (to the "old" style: "hòa", "khỏe", "thủy"; "quý"
    untouched), every punctuation or symbol character (Unicode categories P*
    and S*) replaced by a space, and every whitespace run -- newlines included
    -- collapsed to one space, stripped.  Replacing punctuation by a space
    (rather than deleting it) makes "ủy,Hà" and "ủy, Hà" agree.
    ``normalized``: the text is normalize_text's output already, so it is not normalised again.
    """
    return hash_form_utf8(text, normalized=normalized).decode()


def hash_form_utf8(text: str, *, normalized: bool = False) -> bytes:
    """:func:`hash_form` encoded as UTF-8 (what the content hash is taken of)."""
    return _hashed(text if normalized else normalize_text(text))[0]


def hash_words(text: str, *, normalized: bool = False) -> tuple[bytes, ...]:
    """The words of :func:`hash_form`, UTF-8 encoded (what near-duplicate shingles are made of)."""
    return _hashed(text if normalized else normalize_text(text))[1]


@functools.lru_cache(maxsize=16)
def folded(text: str) -> str:
    """``text`` casefolded, NFC, tone placement unified: what the hash form and topic
    matching (crawler.analysis.topics) both start from. Cached: a record's content hash,
    topics and near-duplicate signature read the same body, one after the other."""
    return _unify_tone_placement(unicodedata.normalize("NFC", text.casefold()))


@functools.lru_cache(maxsize=16)
def _hashed(text: str) -> tuple[bytes, tuple[bytes, ...]]:
    """The hash form (UTF-8) and its words, of a text already through normalize_text (which
    changes nothing the second time; its only whitespace is " " and "\n", which bytes.split
    splits on)."""
    spaced = _BMP_PUNCTUATION.sub(" ", folded(text))
    encoded = spaced.encode()
    if b"\xf0" in encoded:
        encoded = _punctuation_to_space(spaced).encode()
    words = tuple(encoded.split())
    return b" ".join(words), words


def content_hash(text: str, title: str = "", *, normalized: bool = False) -> str:
    """Hex SHA-1 (40 chars) of ``hash_form(text)`` encoded as UTF-8.

    Only the body is hashed; ``title`` is accepted for call-site symmetry and
    deliberately ignored, because syndicated copies are often retitled.  Twins
    that differ only by NFC/NFD, tone-mark style, case, whitespace or
    punctuation get the same hash. ``normalized``: the text is normalize_text's
    output already (a record's text once finished), so it is not normalised again.
    """
    del title  # intentionally unused, see docstring
    return hashlib.sha1(hash_form_utf8(text, normalized=normalized)).hexdigest()


# A token (between whitespace) with no letter or digit ("-", "…"; "_" is no letter): its first
# character is found by a class of the Basic Multilingual Plane's characters that are neither
# (whitespace aside), or any character beyond it, checked again by the look-behind; \w is
# str.isalnum() or "_". Starting with a class, not a look-behind, lets the regex engine skip
# ahead to the next candidate, most of the time the next punctuation mark.
_NO_ALNUM_TOKEN = re.compile(
    "[" + _class_of(cp for cp in range(0x10000) if not (chr(cp).isalnum() or chr(cp).isspace()))
    + "\U00010000-\U0010ffff]" + r"(?<=[^\w\s]|_)(?<!\S.)(?:[^\w\s]|_)*(?!\S)"
)


def word_count(text: str, *, normalized: bool = False) -> int:
    """Number of whitespace-separated tokens containing at least one letter or digit.
    ``normalized``: the text is normalize_text's output, whose tokens are separated by
    exactly one space or line break, so they are counted without splitting it."""
    if not text:
        return 0
    tokens = text.count(" ") + text.count("\n") + 1 if normalized else len(text.split())
    return tokens - len(_NO_ALNUM_TOKEN.findall(text))
