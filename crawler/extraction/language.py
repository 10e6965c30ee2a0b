"""The language of an article's text, as an ISO 639-1 code, for the record's ``language`` field.

The portals write Vietnamese, but a crawl also meets pages in other languages, and a page's own
``<html lang>`` is often missing or wrong (a German article under lang="en"). The text decides
when it can, cheaply and without a model (py3langid would cost ~120 MB in every extraction
worker), in this order:

1. Vietnamese: the share of letters that only Vietnamese writes (ơ, ư, ă, đ, ạ, ả, ế, ...).
2. Other scripts, by Unicode ranges: Han (zh, or ja with kana), Hangul (ko), Thai (th),
   Arabic (ar; fa or ur by their own letters), Hebrew (he), Greek (el), Devanagari (hi), and a
   few more; Cyrillic is then told apart (ru, uk, bg, sr, mk, be) by stop words.
3. Latin script: stop-word scoring over common languages, with jusText's stop lists (loaded
   lazily, per script, on the first text that needs them; ~5 MB for all). The best language
   is taken only when it is clearly ahead of the second on enough words.
4. Otherwise the language the page declares (``declared_language``), else None.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter

# Letters that Vietnamese writes and the other languages written in Latin script next to never
# do. à, á, â, ã, è, é, ê, ì, í, ò, ó, ô, õ, ù, ú, ý are left out: Czech, Slovak, Hungarian,
# Icelandic, French or Portuguese text holds them too (5 to 10 % of the letters in Czech).
_VI_LETTERS = ("ăđơư"
               "ạặậẹệịọộợụựỵ"    # dot below
               "ảẳẩẻểỉỏổởủửỷ"    # hook above
               "ẫẵẽễĩỗỡũữỹ"      # tilde where no other language puts one
               "ầấằắềếồốờớừứ")   # tone marks over â, ă, ê, ô, ơ, ư
_VI_ONLY = frozenset(_VI_LETTERS + _VI_LETTERS.upper())
_VI_SHARE = 0.04  # Vietnamese articles: 18 to 27 %; other languages: 0 to 0.5 % (đ in Croatian)

MAX_CHARS = 20_000  # the text's first characters say as much as all of it
MIN_WORDS = 8       # fewer words than this (stop words or not) leave the choice to the page
MIN_COVERAGE = 0.12  # the best language's stop words must weigh at least this share of the words
MARGIN = 1.5        # ... and outweigh the second language's by this factor,
LEAD = 4            # or hold this many more words than it, and this many times its own

# Scripts: (first code point, last code point, script). Letters below U+0250 are Latin.
_RANGES = sorted([
    (0x0370, 0x03FF, "Greek"), (0x1F00, 0x1FFF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"), (0x1C80, 0x1C8F, "Cyrillic"), (0x2DE0, 0x2DFF, "Cyrillic"),
    (0xA640, 0xA69F, "Cyrillic"),
    (0x0530, 0x058F, "Armenian"),
    (0x0590, 0x05FF, "Hebrew"), (0xFB1D, 0xFB4F, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"), (0x0750, 0x077F, "Arabic"), (0x08A0, 0x08FF, "Arabic"),
    (0xFB50, 0xFDFF, "Arabic"), (0xFE70, 0xFEFF, "Arabic"),
    (0x0900, 0x097F, "Devanagari"), (0x0980, 0x09FF, "Bengali"), (0x0A00, 0x0A7F, "Gurmukhi"),
    (0x0A80, 0x0AFF, "Gujarati"), (0x0B80, 0x0BFF, "Tamil"), (0x0C00, 0x0C7F, "Telugu"),
    (0x0C80, 0x0CFF, "Kannada"), (0x0D00, 0x0D7F, "Malayalam"), (0x0D80, 0x0DFF, "Sinhala"),
    (0x0E00, 0x0E7F, "Thai"), (0x0E80, 0x0EFF, "Lao"), (0x1000, 0x109F, "Myanmar"),
    (0x10A0, 0x10FF, "Georgian"), (0x1200, 0x139F, "Ethiopic"), (0x1780, 0x17FF, "Khmer"),
    (0x1100, 0x11FF, "Hangul"), (0x3130, 0x318F, "Hangul"), (0xA960, 0xA97F, "Hangul"),
    (0xAC00, 0xD7AF, "Hangul"), (0xD7B0, 0xD7FF, "Hangul"), (0xFFA0, 0xFFDC, "Hangul"),
    (0x3040, 0x309F, "Kana"), (0x30A0, 0x30FF, "Kana"), (0x31F0, 0x31FF, "Kana"),
    (0xFF66, 0xFF9F, "Kana"),
    (0x3400, 0x4DBF, "Han"), (0x4E00, 0x9FFF, "Han"), (0xF900, 0xFAFF, "Han"),
    (0x20000, 0x3FFFF, "Han"),
    (0x1E00, 0x1EFF, "Latin"), (0x2C60, 0x2C7F, "Latin"), (0xA720, 0xA7FF, "Latin"),
    (0xFF21, 0xFF5A, "Latin"),
])
_STARTS = [start for start, _, _ in _RANGES]

# A script's language, and the other languages written in it, which a page may declare.
_SCRIPT_LANGUAGE = {
    "Greek": ("el", ()), "Armenian": ("hy", ()), "Hebrew": ("he", ("yi", "lad")),
    "Arabic": ("ar", ("fa", "ur", "ps", "ku", "sd", "ug", "ckb")),
    "Devanagari": ("hi", ("mr", "ne", "sa", "kok", "mai", "bho")), "Bengali": ("bn", ("as",)),
    "Gurmukhi": ("pa", ()), "Gujarati": ("gu", ()), "Tamil": ("ta", ()), "Telugu": ("te", ()),
    "Kannada": ("kn", ()), "Malayalam": ("ml", ()), "Sinhala": ("si", ()), "Thai": ("th", ()),
    "Lao": ("lo", ()), "Myanmar": ("my", ()), "Georgian": ("ka", ()), "Ethiopic": ("am", ("ti",)),
    "Khmer": ("km", ()), "Hangul": ("ko", ()),
}
# Cyrillic languages without a stop list here: their page's word stands when the words don't tell.
_OTHER_CYRILLIC = ("kk", "ky", "tg", "mn", "tt", "ba", "cv", "sah", "os", "ab")
# Letters of one Cyrillic alphabet, for texts too short for stop words: (letters, language).
_CYRILLIC_LETTERS = [(frozenset("ўЎ"), "be"), (frozenset("їєґЇЄҐ"), "uk"), (frozenset("ђћЂЋ"), "sr"),
                     (frozenset("ѓќѕЃЌЅ"), "mk"), (frozenset("әғқұһӘҒҚҰҺ"), "kk"),
                     (frozenset("ыэёЫЭЁ"), "ru")]
# Languages not written in Latin letters: a page declaring one of them is not believed about a
# Latin text.
_NOT_LATIN = frozenset({"zh", "ja", "ru", "uk", "bg", "mk", "be", "kk", "ky", "tg", "mn"}
                       | {code for code, _ in _SCRIPT_LANGUAGE.values()}
                       | {code for _, others in _SCRIPT_LANGUAGE.values() for code in others})
_PERSIAN_LETTERS = frozenset("پچژگکی")   # not in Arabic's alphabet
_URDU_LETTERS = frozenset("ٹڈڑںےۓ")      # not in Arabic's or Persian's

# jusText's stop lists (from Wikipedia: frequent words, plus the names and English words that
# article titles bring) for each language scored, by script.
_LATIN_LISTS = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "cs": "Czech", "sk": "Slovak",
    "sv": "Swedish", "da": "Danish", "no": "Norwegian_Bokmal", "fi": "Finnish", "hu": "Hungarian",
    "ro": "Romanian", "tr": "Turkish", "id": "Indonesian", "ms": "Malay", "ca": "Catalan",
    "hr": "Croatian", "sl": "Slovenian", "tl": "Tagalog",
    # small lists of languages that would otherwise pass for one of the above (not Galician or
    # Afrikaans: their lists hold so much Portuguese or Dutch that they took those languages'
    # lead away; a page declaring them is believed, see _RELATIVES)
    "sq": "Albanian", "is": "Icelandic", "sw": "Swahili", "cy": "Welsh",
    "vi": "Vietnamese",  # its words without their marks: Vietnamese typed without diacritics
}
_CYRILLIC_LISTS = {"ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian", "sr": "Serbian",
                   "mk": "Macedonian", "be": "Belarusian"}
# English words in the other lists are mostly from English titles and names, and go; but these
# are the language's own words too.
_OWN_WORDS = {
    "de": "in an so was also land name", "fr": "a on son", "es": "a no son final general total",
    "it": "a i in per due", "pt": "a as do no final total local", "nl": "in is over was had men per",
    "pl": "a i do to we", "cs": "a i do to on", "sk": "a i do to on so no", "sv": "i men under per",
    "da": "i at for her men over under end side set", "no": "i at for her men over under",
    "fi": "on", "hu": "a is", "ro": "a in an are do", "tr": "", "id": "air per", "ms": "air",
    "ca": "a i no per", "hr": "a i do to no", "sl": "a i do in so to", "tl": "at may no",
    "sq": "a i do in per",
    "is": "her", "cy": "a i at in",
}
# Languages so near each other that the words of a short text may favour the wrong one: a page
# that declares one of them is believed when the text points to another of the group.
_RELATIVES = [frozenset(group.split()) for group in (
    "hr bs sr sh cnr", "id ms", "da no", "cs sk", "pt gl", "es gl", "nl af", "bg mk", "ru be uk")]
_NOT_ENGLISH = frozenset({"de", "san"})  # French and Spanish names in English titles
# English words that Wikipedia's list lacks (it counts article text, not speech or advice) but
# the other lists hold, from English titles: kept for English, taken from the others.
_MORE_ENGLISH = frozenset("""your yours my me mine our ours us you're it's don't doesn't didn't
    isn't aren't wasn't can't won't i'm we're they're i've you've we've let's am any anyone
    everyone everything nothing something here why because just really""".split())
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")

_loaded: dict[str, dict[str, tuple[tuple[str, ...], float]]] = {}


def detect_language(text: str | None, declared: str | None = None) -> str | None:
    """The ISO 639-1 code of text's language; declared (the page's own word, see
    declared_language) when the text cannot tell; None when neither can."""
    declared = _primary(declared)
    text = unicodedata.normalize("NFC", (text or "")[:MAX_CHARS])
    counts: Counter = Counter()
    vietnamese = 0
    for char, times in Counter(text).items():  # each distinct character judged once
        if char in _VI_ONLY:
            vietnamese += times
            counts["Latin"] += times
        elif char < "\u0250":
            if char.isalpha():
                counts["Latin"] += times
        elif char.isalpha():
            at = bisect.bisect_right(_STARTS, ord(char)) - 1
            counts[_RANGES[at][2] if at >= 0 and ord(char) <= _RANGES[at][1] else "Other"] += times
    letters = sum(counts.values())
    if not letters:
        return declared
    if vietnamese / letters > _VI_SHARE:
        return "vi"
    script = _main_script(counts)
    if script == "Latin":
        found = _unless_relative(_by_stop_words(text, "Latin"), declared)
        return found or (None if declared in _NOT_LATIN else declared)
    if script == "CJK":
        if counts["Kana"] > 0.05 * (counts["Kana"] + counts["Han"]):
            return "ja"
        return "ja" if declared == "ja" else "zh"
    if script == "Cyrillic":
        found = _unless_relative(_by_stop_words(text, "Cyrillic"), declared)
        if found:
            return found
        if declared in _CYRILLIC_LISTS or declared in _OTHER_CYRILLIC:
            return declared
        return next((code for letters, code in _CYRILLIC_LETTERS if any(c in letters for c in text)), None)
    if script == "Arabic":
        arabic = [c for c in text if "\u0600" <= c <= "\u06ff"]
        if sum(c in _URDU_LETTERS for c in arabic) > 0.01 * len(arabic):
            return "ur"
        if sum(c in _PERSIAN_LETTERS for c in arabic) > 0.02 * len(arabic):
            return "fa"
    if script in _SCRIPT_LANGUAGE:
        default, others = _SCRIPT_LANGUAGE[script]
        return declared if declared in others else default
    return declared


def declared_language(tree) -> str | None:
    """The language a parsed page (lxml) says it is in: the first of <html lang>, xml:lang,
    <meta http-equiv=content-language>, og:locale that names one; its primary code, lowercased."""
    if tree is None:
        return None
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    found = [root.get("lang"), root.get("xml:lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")]
    locales = []
    for meta in root.iter("meta"):
        content = (meta.get("content") or "").split(",")[0]
        if (meta.get("http-equiv") or "").strip().lower() == "content-language":
            found.append(content)
        elif (meta.get("property") or meta.get("name") or "").strip().lower() == "og:locale":
            locales.append(content)
    return next((code for code in map(_primary, found + locales) if code), None)


def _primary(value: str | None) -> str | None:
    """'en-US', 'en_GB', 'EN' -> 'en'; None for anything that names no language."""
    code = re.split(r"[-_\s]", (value or "").strip().lower(), maxsplit=1)[0]
    if not re.fullmatch(r"[a-z]{2,3}", code) or code in ("und", "mul", "zxx", "mis"):
        return None
    return {"iw": "he", "in": "id", "ji": "yi", "nb": "no", "nn": "no", "fil": "tl"}.get(code, code)


def _main_script(counts: Counter) -> str:
    """The script most of the text is written in. A Han, kana or Hangul character stands for a
    syllable: it weighs three letters against the Latin names and words of Asian text."""
    weights = Counter()
    for script, count in counts.items():
        if script in ("Han", "Kana"):
            weights["CJK"] += 3 * count
        elif script == "Hangul":
            weights[script] += 3 * count
        else:
            weights[script] += count
    return weights.most_common(1)[0][0]


def _by_stop_words(text: str, script: str) -> str | None:
    """The language whose stop words weigh most in text, when it is clearly ahead; else None.

    Clearly ahead: its stop words are at least MIN_COVERAGE of the words, and they outweigh the
    second language's MARGIN times, or (for near languages, whose shared words weigh half in
    each) the words that only its list holds outnumber those that only the second's holds
    LEAD times, and are at least LEAD."""
    count, scores, words = _scores(text, script)
    if count < MIN_WORDS or not scores:
        return None
    ranked = scores.most_common(2)
    best, best_score = ranked[0]
    if best_score < MIN_COVERAGE * count:
        return None
    if len(ranked) < 2 or best_score >= MARGIN * ranked[1][1]:
        return best
    second = ranked[1][0]
    weights = _weights(script)
    lead = lag = 0
    for word in words:
        found = weights.get(word)
        if found:
            lead += best in found[0] and second not in found[0]
            lag += second in found[0] and best not in found[0]
    return best if lead >= LEAD and lead >= LEAD * lag else None


def _unless_relative(found: str | None, declared: str | None) -> str | None:
    """found, unless the page declared a near language of it (Bosnian for Croatian words)."""
    if found and declared and found != declared:
        if any(found in group and declared in group for group in _RELATIVES):
            return declared
    return found


def stop_word_scores(text: str, script: str = "Latin") -> tuple[int, Counter]:
    """(words counted, {language: weight of its stop words among them}) for a Latin or Cyrillic
    text. A word weighs 1/n in each of the n lists that hold it."""
    count, scores, _ = _scores(text, script)
    return count, scores


def _scores(text: str, script: str) -> tuple[int, Counter, list[str]]:
    weights = _weights(script)
    words = _WORD.findall(text.replace("\u2019", "'"))
    # Capitalised words are mostly names, which the lists hold plenty of (Finnish's: Kevin, Ryan,
    # Jones...); stop words are mostly written in lower case. All-capitals text keeps them all.
    lower = [word for word in words if word[0].islower()]
    words = lower if len(lower) >= MIN_WORDS else [word.lower() for word in words]
    scores: Counter = Counter()
    for word in words:
        found = weights.get(word)
        if found:
            for code in found[0]:
                scores[code] += found[1]
    return len(words), scores, words


def _weights(script: str) -> dict[str, tuple[tuple[str, ...], float]]:
    """word -> (the languages whose lists hold it, 1 / their number), for the script's lists,
    loaded on first use, one list at a time (the peak stays near what is kept)."""
    table = _loaded.get(script)
    if table is None:
        from justext.utils import get_stoplist  # a trafilatura dependency, imported when needed

        names = _LATIN_LISTS if script == "Latin" else _CYRILLIC_LISTS
        codes = list(names)
        english = {w for w in get_stoplist("English") if _WORD.fullmatch(w)} - _NOT_ENGLISH
        english |= _MORE_ENGLISH
        masks: dict[str, int] = {}
        for bit, code in enumerate(codes):
            if code == "en":
                words = english
            else:
                words = {w for w in get_stoplist(names[code]) if _WORD.fullmatch(w)}
                if code == "vi":
                    words = {_strip_marks(w) for w in words}
                elif script == "Latin":
                    words -= english - set(_OWN_WORDS.get(code, "").split())
            for word in words:
                masks[word] = masks.get(word, 0) | 1 << bit
        shares: dict[int, tuple[tuple[str, ...], float]] = {}
        table = {}
        for word, mask in masks.items():
            share = shares.get(mask)
            if share is None:
                held = tuple(code for bit, code in enumerate(codes) if mask >> bit & 1)
                share = shares[mask] = (held, 1.0 / len(held))
            table[word] = share
        _loaded[script] = table
    return table


def _strip_marks(word: str) -> str:
    """'người' -> 'nguoi', 'đã' -> 'da'."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
