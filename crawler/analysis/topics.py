"""Topics: which named topics a record is about, from the terms its title and text contain.

A topic set maps topic names to terms (`crawler/data/topics.toml`, the built-in set for
dân vận work, or the user's file given with `--topics FILE`, same format)::

    [topics]
    "nông thôn mới" = ["nông thôn mới", "ntm", "xã nông thôn mới"]

    [topics."đoàn thể"]                 # the long form, for a term that needs exclusions
    terms = ["đoàn thể", "hội nông dân"]
    exclude = ["đoàn thể thao"]         # "đoàn thể" inside "đoàn thể thao" does not count

`TopicSet.tag(title, text)` returns the names of the topics with at least one term in the
title or the text, sorted alphabetically ignoring case and diacritics.

How a term matches
------------------
Term and text are put in the same *matching form*: casefolded, NFC, tone marks of
syllable-final oa/oe/uy unified as `crawler.extraction.textnorm.hash_form` does ("thuỷ" = "thủy",
"hoà" = "hòa"), hyphens, dashes and quotes read as spaces ("chính trị- xã hội" =
"chính trị - xã hội", "“Dân vận khéo”" = "dân vận khéo"). Other punctuation stays, so
a term never runs across a comma or a full stop ("… nhân dân. Vận động …" does not
contain "dân vận") unless the term itself has one ("tiếp xúc, đối thoại"). Any run of
whitespace, a line break included, separates two words; title and text are matched
separately. A term matches whole words only: "dân vận" is not in "dân vậnx" nor in
"ban dân vậnđộng", "mttq" is not in "mttqvn".

Diacritics. Vietnamese without diacritics is ambiguous: "dan toc" is "dân tộc" (ethnic
group) but also "dẫn tốc", "đàn tóc"; stripping the marks from both the text and a short
term would find "dân tộc" in any page that says "đàn tóc", and "trưởng bản" (a hamlet's
head) in every "Trưởng Ban" (of a Party board). So the two directions differ:

* A term written *with* diacritics matches its words as written (up to case and tone-mark
  placement), or the same words written with no diacritic at all: "dân vận khéo" matches
  "Dân vận khéo", "DÂN VẬN KHÉO", and "dan van kheo" in a page or title typed without
  marks, but never a differently accented word ("dần vấn khéo", "đàn"), nor a mix ("dân
  van khéo", which is how "trưởng ban" would pass for "trưởng bản"). On accented text it
  gives no false positive of its own making. The built-in set writes every term with its
  diacritics (abbreviations such as "mttq" and "ntm" have none to write).
* A term written *without any* diacritic stands for every accentuation of its letters:
  "dan van kheo" in a user's file matches "dân vận khéo" (and "dân van kheo"). It is the
  user's explicit choice, and short ones are ambiguous ("dan toc" also matches "đàn tóc").

Speed: one regex per topic (its terms as alternatives, longest first), and one regex for
the whole set that finds each place where some term starts: a character that is not a
letter or digit, then every term of every topic as a trie (common beginnings written
once) in a look-ahead. Only there are the topics not found yet, whose terms can begin
with the letter found, tried with their own regex. The scan starts with a character
class, not a look-behind, so it runs in the regex engine's fast prefix loop: a 3,000-word
article takes about 1 ms for the whole built-in set (tests/test_topics.py measures it),
a typical 600-word one about 0.2 ms.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import re
import tomllib
import unicodedata

from crawler.output.records import RECORD_ORDER
from crawler.extraction.textnorm import folded, normalize_inline

__all__ = ["BUILTIN_FILE", "Topic", "TopicSet", "TopicsError", "load_topics", "parse_topics", "with_topics"]

BUILTIN_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "topics.toml")


class TopicsError(ValueError):
    """A topics file that cannot be used; the message is one line naming the file."""


# --- the matching form ----------------------------------------------------------------

# Read as a space: whitespace other than " " (line breaks, tabs, no-break and thin spaces),
# hyphens, dashes, minus, straight and curly quotes, guillemets. Plain spaces are left alone
# (a text has thousands; rewriting each costs more than everything else together).
_SOFT = re.compile(
    "[\t\n\r\x0b\x0c\x1c-\x1f\x85\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    "\\-\u2010-\u2015\u2212\"'`\u00b4\u2018-\u201f\u00ab\u00bb\u2039\u203a\uff02\uff07]"
)
_MARKS = re.compile("[\u0300-\u036f]")
_TOKEN = re.compile(r"\w+|[^\w\s]")


def matching_form(text: str) -> str:
    """`text` casefolded, NFC, tone placement unified, whitespace/hyphens/quotes as spaces.
    The first three are textnorm's `folded`, which the record's content hash has just
    computed for the same text (and cached)."""
    if not text:
        return ""
    return _SOFT.sub(" ", folded(text))


def strip_diacritics(text: str) -> str:
    """Every letter without its marks, "đ" -> "d" (expects lower case)."""
    return _MARKS.sub("", unicodedata.normalize("NFD", text)).replace("đ", "d")


def _vietnamese_letters() -> dict[str, str]:
    """Bare letter -> every lower-case Vietnamese letter written on it ("d" -> "dđ")."""
    variants: dict[str, set[str]] = {"d": {"d", "đ"}}
    for vowel in "aăâeêioôơuưy":
        for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            letter = unicodedata.normalize("NFC", vowel + tone)
            variants.setdefault(strip_diacritics(letter), set()).add(letter)
    return {base: "".join(sorted(letters)) for base, letters in variants.items()}


_VARIANTS = _vietnamese_letters()


def _non_word_class() -> str:
    """A character class of the characters that are not letters or digits in the blocks
    where text puts them (Latin, punctuation, symbols, CJK punctuation, fullwidth forms,
    emoji): the same as [^\\w] there, but compiled to a bitmap, which the regex engine
    checks half again as fast as the Unicode category test of [^\\w]."""
    blocks = [(0x0000, 0x0250), (0x2000, 0x2070), (0x20a0, 0x2c00), (0x2e00, 0x2e80), (0x3000, 0x3040),
              (0xfe30, 0xfe70), (0xff00, 0xff66), (0x1f000, 0x1fb00)]
    ranges: list[list[int]] = []
    for a, b in blocks:
        for cp in range(a, b):
            if not re.match(r"\w", chr(cp)):
                if ranges and ranges[-1][1] == cp - 1:
                    ranges[-1][1] = cp
                else:
                    ranges.append([cp, cp])
    return "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges) + "]"


_NON_WORD = _non_word_class()
_WORD = re.compile(r"\w")
_LEFT_EDGE = r"(?<!\w.)"  # after a term's first letter: that letter does not continue a word
_RIGHT_EDGE = r"(?!\w)"


def _term_atoms(term: str) -> list[list[str]]:
    """The spellings a term matches, each a list of regex pieces (one per letter, separator
    or edge): for a term with diacritics, itself and itself with none; for a term without
    any, one spelling whose vowels and "d" stand for every accentuation (see the module
    docstring). ValueError if it has no letters or digits. Punctuation at either end of a
    term is dropped: a term begins and ends with a letter or digit."""
    form = matching_form(normalize_inline(term))
    tokens = _TOKEN.findall(form)
    while tokens and not _WORD.match(tokens[0]):
        tokens.pop(0)
    while tokens and not _WORD.match(tokens[-1]):
        tokens.pop()
    if not tokens:
        raise ValueError("has no letters or digits")
    bare = [strip_diacritics(tok) for tok in tokens]
    if bare != tokens:
        return [_atoms(tokens, re.escape), _atoms(bare, re.escape)]
    return [_atoms(tokens, lambda c: f"[{_VARIANTS[c]}]" if c in _VARIANTS else re.escape(c))]


def _atoms(tokens: list[str], letter) -> list[str]:
    atoms: list[str] = []
    for i, tok in enumerate(tokens):
        word = bool(_WORD.match(tok))
        if i:
            atoms.append(" +" if word and _WORD.match(tokens[i - 1]) else " *")
        atoms.extend(letter(c) for c in tok) if word else atoms.append(re.escape(tok))
    atoms.append(_RIGHT_EDGE)
    return atoms


def _trie_pattern(sequences: list[list[str]]) -> str:
    """One regex matching any of the atom sequences, common beginnings written once
    ("dân +vận(?:(?!\\w)| +khéo(?!\\w))"), so the engine tries a few branches at each place
    instead of every term."""
    trie: dict = {}
    for atoms in sequences:
        node = trie
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[None] = {}

    def emit(node: dict) -> str:
        alternatives = [atom + emit(child) for atom, child in node.items() if atom is not None]
        if None in node:
            alternatives.append("")
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return emit(trie)


def _letters_of(atom: str) -> str:
    """The letters a letter atom matches: "[đd]" -> "đd", "m" -> "m"."""
    return atom[1:-1] if atom.startswith("[") else atom


def _anchored(atoms: list[str]) -> str:
    """A term's pattern on its own, with the left word edge after its first letter (the
    scanning pattern has its own edge, a character before the term)."""
    return atoms[0] + _LEFT_EDGE + "".join(atoms[1:])


class Topic:
    """One topic: its name, terms, exclusions, and the compiled patterns."""

    def __init__(self, name: str, terms: list[str], exclude: list[str] = ()):
        self.name, self.terms, self.exclude = name, list(terms), list(exclude)
        self.sequences = []
        for term in sorted(dict.fromkeys(self.terms), key=lambda t: -len(t)):
            try:
                self.sequences.extend(_term_atoms(term))
            except ValueError as exc:
                raise ValueError(f"term {term!r} {exc}") from None
        # longest terms first: at one place the longest term is the one checked for exclusions
        self.regex = re.compile("|".join(f"(?:{_anchored(atoms)})" for atoms in self.sequences))
        self.first_letters = frozenset(c for atoms in self.sequences for c in _letters_of(atoms[0]))
        excluded = []
        for phrase in self.exclude:
            try:
                excluded.extend(_anchored(atoms) for atoms in _term_atoms(phrase))
            except ValueError as exc:
                raise ValueError(f"exclude {phrase!r} {exc}") from None
        self.exclude_regex = re.compile("|".join(f"(?:{p})" for p in excluded)) if excluded else None
        # an excluded phrase is at most this long, allowing for runs of spaces
        self.exclude_reach = 2 * max((len(p) for p in self.exclude), default=0) + 16

    def __repr__(self) -> str:
        return f"Topic({self.name!r}, {len(self.terms)} terms)"

    def excluded(self, form: str, span: tuple[int, int]) -> bool:
        """Whether this occurrence of a term lies inside an occurrence of an excluded phrase.

        Such an occurrence starts at most `exclude_reach` characters before the term, so only
        that stretch of the text is searched."""
        if self.exclude_regex is None:
            return False
        start, end = span
        pos, endpos = max(0, start - self.exclude_reach), min(len(form), end + self.exclude_reach)
        while (m := self.exclude_regex.search(form, pos, endpos)) is not None and m.start() <= start:
            whole = self.exclude_regex.match(form, m.start())  # endpos may have cut a word
            if whole is not None and whole.end() >= end:
                return True
            pos = m.start() + 1
        return False


def _name_key(name: str) -> tuple:
    folded = name.casefold()
    return strip_diacritics(folded), folded, name


class TopicSet:
    """A set of topics, from the built-in file or the user's; `tag` is all a caller needs."""

    def __init__(self, topics: list[Topic], source: str):
        self.topics = list(topics)
        self.source = source
        # One pattern finds every place where a term starts: a character that is not a
        # letter or digit (a space, mostly: the engine's prefix loop skips to those; tag()
        # puts a space before the text; a term glued to a symbol outside the blocks of
        # _non_word_class, say "฿dân vận", is not seen), then every term of every topic as
        # one trie, in a look-ahead so that overlapping terms ("phong trào thi đua dân vận
        # khéo" holds "dân vận") are all seen. Most places fail on the trie's first letter.
        # At a place found, only the topics not found yet whose terms can begin with its
        # letter are tried.
        sequences = [atoms for topic in self.topics for atoms in topic.sequences]
        self._scan = re.compile(_NON_WORD + "(?=" + _trie_pattern(sequences) + ")")
        self._by_letter: dict[str, list[Topic]] = {}
        for topic in self.topics:
            for letter in topic.first_letters:
                self._by_letter.setdefault(letter, []).append(topic)

    def __len__(self) -> int:
        return len(self.topics)

    @property
    def names(self) -> list[str]:
        return [topic.name for topic in self.topics]

    def tag(self, title: str | None, text: str | None) -> list[str]:
        """Names of the topics with a term in the title or the text, sorted; [] if none."""
        found: dict[str, None] = {}
        # letter -> the topics not found yet that have a term beginning with it
        waiting = {letter: list(topics) for letter, topics in self._by_letter.items()}
        for field in (title, text):
            form = " " + matching_form(field or "")
            for m in self._scan.finditer(form):
                start = m.end()
                for topic in waiting[form[start]]:
                    hit = topic.regex.match(form, start)
                    if hit is not None and not topic.excluded(form, hit.span()):
                        found[topic.name] = None
                        for letter in topic.first_letters:
                            waiting[letter] = [t for t in waiting[letter] if t is not topic]
                if len(found) == len(self.topics):
                    break
        return sorted(found, key=_name_key)


def with_topics(record: dict, topics: TopicSet) -> dict:
    """The record with its `topics`, fields in the output order (crawler.output.records.RECORD_ORDER).

    The one place a record gets its topics: the crawl's TopicsPipeline and `crawler extract`
    both call it on a record finish_record has normalised.
    """
    tagged = dict(record)
    tagged["topics"] = topics.tag(record.get("title"), record.get("text"))
    ordered = {key: tagged[key] for key in RECORD_ORDER if key in tagged}
    ordered.update((key, value) for key, value in tagged.items() if key not in ordered)
    return ordered


# --- loading --------------------------------------------------------------------------

def _strings(value, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what} must be a list of strings")
    return value


def parse_topics(data: dict, source: str) -> TopicSet:
    """A TopicSet from a parsed topics file; TopicsError (one line) on anything wrong."""
    def fail(message: str):
        raise TopicsError(f"topics file {source}: {message}")

    extra = sorted(set(data) - {"topics"})
    if extra:
        fail(f"unexpected {extra[0]!r}: the file holds one [topics] table")
    table = data.get("topics")
    if not isinstance(table, dict):
        fail("no [topics] table")
    if not table:
        fail("the [topics] table is empty")
    topics, seen = [], {}
    for raw_name, value in table.items():
        name = normalize_inline(raw_name)
        if not name:
            fail("a topic has an empty name")
        if name.casefold() in seen:
            fail(f"topic {name!r} is given twice")
        seen[name.casefold()] = name
        try:
            if isinstance(value, list):
                terms, exclude = _strings(value, "the terms"), []
            elif isinstance(value, dict):
                unknown = sorted(set(value) - {"terms", "exclude"})
                if unknown:
                    raise ValueError(f"unknown key {unknown[0]!r} (a topic table has terms and exclude)")
                if "terms" not in value:
                    raise ValueError("has no terms")
                terms = _strings(value["terms"], "terms")
                exclude = _strings(value.get("exclude", []), "exclude")
            else:
                raise ValueError("expected a list of terms, or a table with terms = [...]")
            if not terms:
                raise ValueError("has no terms")
            topics.append(Topic(name, terms, exclude))
        except ValueError as exc:
            fail(f"topic {name!r}: {exc}")
    return TopicSet(topics, source)


def load_topics(path: str | None = None) -> TopicSet:
    """The topics of `path`, or the built-in set (crawler/data/topics.toml) when None."""
    if path is None:
        return _builtin()
    return _load_file(path, path)


@functools.lru_cache(maxsize=None)
def _builtin() -> TopicSet:
    # through importlib.resources: under Scrapyd the package is imported from a zipped egg
    resource = importlib.resources.files("crawler").joinpath("data", "topics.toml")
    return parse_topics(tomllib.loads(resource.read_text(encoding="utf-8")), "built-in")


def _load_file(path: str, source: str) -> TopicSet:
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise TopicsError(f"no such topics file: {path}") from None
    except OSError as exc:
        raise TopicsError(f"cannot read topics file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise TopicsError(f"topics file {path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise TopicsError(f"topics file {path}: {str(exc).splitlines()[0]}") from None
    return parse_topics(data, source)
