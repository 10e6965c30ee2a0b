"""Near-duplicate detection: one article syndicated with small edits is still one article.

A copy that differs from a written record by a source line ("Nguồn: Báo Quảng Bình",
"(qbtv.vn)"), a cut lead paragraph or a boilerplate line added or removed has another
content hash, so the exact dedup lets it through. This module gives each body a MinHash
signature of its 5-word shingles (datasketch's "affine32" scheme, computed here with numpy:
importing datasketch pulls in scipy, 60 MB in the crawling process; tests/test_neardup.py
checks the values equal datasketch's), taken over the same normal form as the
content hash (crawler.extraction.textnorm.hash_form: NFC, one tone-mark style, case and punctuation
folded), so "Tỉnh uỷ"/"Tỉnh ủy" and NFD/NFC twins agree here too.

The stores (crawler.state.seenstore in SQLite, crawler.state.redisstore in Redis) index the
signature's LSH band keys, so a new record is compared only with the few earlier records
that share a band with it, never with the whole corpus, and nothing grows in memory. A
candidate is a duplicate when the Jaccard similarity of the two shingle sets, estimated
from the signatures, reaches NEAR_DUP_THRESHOLD (below; the measurements behind it are in
README, "Duplicates", and tests/test_neardup.py), and when the numbers of one body are all
in the other: a copy keeps the dates and figures it carries (a cut lead or a dropped line
only loses some), while two notices of one template differ by theirs ("lần thứ 2",
"ngày 20/11") and are two articles however alike their words.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np

from crawler.extraction.textnorm import hash_form_utf8, hash_words, normalize_text

SHINGLE_WORDS = 5
"""Words (Vietnamese syllables) per shingle. Five keeps the stock phrases that distinct
articles share ("công tác dân vận", "Ban Thường vụ Tỉnh ủy") from counting as overlap:
distinct stories of the sample corpus reach at most 0.04, against 0.09 with 3 words."""

NUM_PERM = 256
"""MinHash values per signature. The estimate's standard deviation is about
sqrt(J(1-J)/NUM_PERM): 0.031 at J = 0.5, against 0.044 with 128."""

BAND_ROWS, BANDS = 3, 42
"""LSH banding over the first 126 values: two bodies of similarity J share a band with
probability 1-(1-J^3)^42: 0.996 at J = 0.5, 0.9999 at 0.6, 0.003 at 0.04."""

NEAR_DUP_THRESHOLD = 0.5
"""Estimated Jaccard similarity from which a new body is a copy of a written one.

Estimated over the 42 stories of the sample corpus (105 to 917 words), lowest of each
edit: the edits of a syndicated copy keep at least 0.96 (source line), 0.87 (a boilerplate
line added), 0.60 (the lead paragraph cut, 105-word story), 0.57 (lead cut and source line
added) and 0.57 (the last of six paragraphs, 45 % of the text, dropped); different
articles about one event sharing a quoted statement stay at 0.12 and 0.16, distinct
corpus stories at 0.04 or less, and the most alike pair of the 3,000 articles the
benchmark's generated portal recombines from shared sentences at 0.41 (true Jaccard
0.39). 0.5 sits between the two
groups, three standard deviations of the estimate above 0.41. What it misses: a copy
that lost half of its text or more (a two-paragraph story whose lead was cut). Two notices
of one template with other dates and figures reach 0.78-0.82: the similarity cannot tell
them apart, their numbers do (same_numbers). The crawl reads the setting
NEAR_DUP_THRESHOLD (settings.py); 0 turns near-dup detection off."""

SIGNATURE_BYTES = 2 * NUM_PERM
# Stored and compared: the low 16 bits of each value (b-bit MinHash). Two different values
# agree there by chance once in 65,536, which moves an estimate by less than 0.0001.

SEED = 1  # of the permutations, as datasketch's MinHash(seed=1) draws them


def _affine32_permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations h -> a*h + b mod 2^32 (a odd: a bijection)."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, datasketch's pre-mix of every input hash."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


_A, _B = _affine32_permutations(NUM_PERM, SEED)  # drawn once
_CHUNK = 256  # shingles per update: keeps numpy's (shingles x NUM_PERM) array in cache
# _A and _B repeated on every row of a chunk (256 KB each): numpy multiplies and adds two
# whole arrays faster than it broadcasts one row over the other (0.115 -> 0.095 ms for a
# 800-shingle body)
_A_ROWS, _B_ROWS = np.tile(_A, (_CHUNK, 1)), np.tile(_B, (_CHUNK, 1))
# Odd 64-bit multipliers that mix a shingle's word hashes into one (datasketch then applies
# its own finaliser and permutations, so a shingle hash only has to be well spread).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD], dtype=np.uint64)[:SHINGLE_WORDS]
_BAND_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)[:BAND_ROWS]


@dataclass(frozen=True)
class Signature:
    """A body's signature: `digest`, what is stored and compared (NUM_PERM little-endian
    16-bit values); `numbers`, the distinct numbers of the body (16-bit hashes of its tokens
    holding a digit, sorted, little-endian), stored too; and `bands`, its LSH band keys
    (non-negative 63-bit integers, the band's number in the top 7 bits)."""

    digest: bytes
    numbers: bytes
    bands: tuple[int, ...]


def shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the body's SHINGLE_WORDS-word shingles, over hash_form (a body
    shorter than a shingle is one shingle; an empty body has none)."""
    return _shingle_hashes(hash_words(text))


_DIGIT = re.compile(r"\d")


def _numbers(form: bytes) -> bytes:
    """The distinct words of the hash form (UTF-8) that hold a digit, as sorted 16-bit hashes."""
    found = {zlib.crc32(w.encode()) & 0xFFFF for w in form.decode().split() if not w.isalpha() and _DIGIT.search(w)}
    return np.array(sorted(found), dtype="<u2").tobytes()


def _shingle_hashes(words: tuple[bytes, ...]) -> np.ndarray:
    if not words:
        return np.zeros(0, dtype=np.uint32)
    ids = np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words))
    width = min(SHINGLE_WORDS, len(words))
    count = len(words) - width + 1
    mixed = np.zeros(count, dtype=np.uint64)
    for j in range(width):
        mixed += ids[j:j + count] * _MIX[j]  # wraps modulo 2^64
    return (mixed >> np.uint64(32)).astype(np.uint32)


def minhash_values(hashes: np.ndarray) -> np.ndarray:
    """The NUM_PERM minimum permuted values of 32-bit input hashes (all 2^32-1 for none)."""
    values = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    mixed = _fmix32(hashes.astype(np.uint32))
    # one buffer, computed into in place: fresh 256 KB temporaries for every product and
    # sum made this 4x slower (0.36 -> 0.08 ms for a 500-word body)
    buffer = np.empty((min(len(mixed), _CHUNK), NUM_PERM), dtype=np.uint32)
    for start in range(0, len(mixed), _CHUNK):
        chunk = mixed[start:start + _CHUNK]
        permuted = buffer[:len(chunk)]
        np.multiply(chunk[:, None], _A_ROWS[:len(chunk)], out=permuted)  # wraps modulo 2^32
        np.add(permuted, _B_ROWS[:len(chunk)], out=permuted)
        np.minimum(values, permuted.min(axis=0), out=values)
    return values


def signature(text: str, *, normalized: bool = False) -> Signature:
    """The MinHash signature of a body, with its numbers (``normalized``: the body is
    normalize_text's output already, as a finished record's text is)."""
    if not normalized:
        text = normalize_text(text)
    words = hash_words(text, normalized=True)
    values = minhash_values(_shingle_hashes(words)).astype(np.uint64)
    rows = values[:BANDS * BAND_ROWS].reshape(BANDS, BAND_ROWS)
    keys = (rows * _BAND_MIX).sum(axis=1, dtype=np.uint64) >> np.uint64(8)  # 56 bits
    bands = tuple(int(key) | (band << 56) for band, key in enumerate(keys.tolist()))
    digest = (values & np.uint64(0xFFFF)).astype("<u2").tobytes()
    return Signature(digest, _numbers(hash_form_utf8(text, normalized=True)), bands)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity (0..1) of two bodies' shingle sets, from their digests."""
    return float(np.count_nonzero(np.frombuffer(a, "<u2") == np.frombuffer(b, "<u2"))) / NUM_PERM


def same_numbers(a: bytes, b: bytes) -> bool:
    """Whether the numbers of one body (Signature.numbers) are all among the other's."""
    first, second = set(np.frombuffer(a, "<u2").tolist()), set(np.frombuffer(b, "<u2").tolist())
    return first <= second or second <= first


def best_match(sig: Signature, candidates, threshold: float):
    """(key, similarity) of the candidate that `sig`'s body copies, the most similar one at
    or above threshold whose numbers agree with it (same_numbers), else None. `candidates`
    are (key, digest, numbers) triples, as the stores keep them."""
    best = None
    for key, digest, numbers in candidates:
        score = similarity(sig.digest, digest)
        if score >= threshold and (best is None or score > best[1]) and same_numbers(sig.numbers, numbers):
            best = (key, score)
    return best


def threshold_of(settings) -> float:
    """The crawl's NEAR_DUP_THRESHOLD (0 or less: near-dup detection off)."""
    value = settings.getfloat("NEAR_DUP_THRESHOLD", NEAR_DUP_THRESHOLD)
    return value if value > 0 else 0.0
