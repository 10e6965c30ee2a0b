"""Tests for crawler.extraction.textnorm: normalisation, hash form, content hash, word count."""

import unicodedata

import hypothesis
import hypothesis.strategies
import pytest

from crawler.extraction.textnorm import (
    content_hash,
    folded,
    hash_form,
    normalize_inline,
    normalize_text,
    word_count,
)
from crawler.extraction.textnorm import _PUNCTUATION_TO_SPACE, _TRANSLATION, _clean_chars, _punctuation_to_space

PARAGRAPH = (
    "CTTĐT - Sáng 8/7, Ban Thường vụ Tỉnh ủy tổ chức hội nghị sơ kết công tác dân vận "
    "6 tháng đầu năm 2024. Đồng chí Bí thư Tỉnh ủy phát biểu chỉ đạo, nhấn mạnh việc "
    "tăng cường khối đại đoàn kết toàn dân tộc, giữ gìn hòa bình và sức khỏe cộng đồng.\n"
    "Hội nghị đã thống nhất các nhiệm vụ trọng tâm 6 tháng cuối năm./.\n"
    "Công Hoan"
)


def test_normalize_text_is_nfc():
    nfd = unicodedata.normalize("NFD", PARAGRAPH)
    assert not unicodedata.is_normalized("NFC", nfd)
    out = normalize_text(nfd)
    assert unicodedata.is_normalized("NFC", out)
    assert out == PARAGRAPH


def test_normalize_text_spaces_and_invisibles():
    text = "  Tỉnh\u00a0\u00a0ủy\u2009 họp\u200b\t\tsáng nay\u00ad \ufeff\r\n"
    assert normalize_text(text) == "Tỉnh ủy họp sáng nay"


def test_normalize_text_paragraphs_single_newline():
    text = "\n\n  Đoạn một.  \n\n\n\n Đoạn   hai.\r\n\r\n \u00a0 \nĐoạn ba.\u2029Đoạn bốn.\n\n"
    assert normalize_text(text) == "Đoạn một.\nĐoạn hai.\nĐoạn ba.\nĐoạn bốn."


def test_normalize_text_keeps_quotes_and_tone_style():
    text = "Ông nói: “Tỉnh uỷ quyết tâm” và ‘hoà bình’ — \"OK\"…"
    assert normalize_text(text) == text


def test_normalize_text_removes_zero_width_between_base_and_mark():
    # a ZWSP between a base letter and its combining mark must not block composition
    assert normalize_text("u\u200b\u0309y") == "ủy"


def test_normalize_text_empty():
    assert normalize_text("") == ""
    assert normalize_text(" \n\u00a0\n\t ") == ""


def test_normalize_inline():
    title = "  Hội nghị\n sơ kết\u00a0 công tác\t dân vận \u200b "
    assert normalize_inline(title) == "Hội nghị sơ kết công tác dân vận"
    nfd = unicodedata.normalize("NFD", "Lê Thanh Vy")
    out = normalize_inline(nfd)
    assert out == "Lê Thanh Vy"
    assert unicodedata.is_normalized("NFC", out)


def test_hash_twins_nfc_nfd():
    nfd = unicodedata.normalize("NFD", PARAGRAPH)
    assert nfd != PARAGRAPH
    assert hash_form(nfd) == hash_form(PARAGRAPH)
    assert content_hash(nfd) == content_hash(PARAGRAPH)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Tỉnh uỷ Quảng Bình", "Tỉnh ủy Quảng Bình"),
        ("giữ gìn hoà bình", "giữ gìn hòa bình"),
        ("HOÁ CHẤT", "HÓA CHẤT"),
        ("Hoá chất", "hóa chất"),
        ("sức khoẻ", "sức khỏe"),
        ("thuỷ lợi", "thủy lợi"),
        ("tuỳ theo, nguỵ biện, toả sáng, hoạ sĩ", "tùy theo, ngụy biện, tỏa sáng, họa sĩ"),
        ("UỶ BAN", "Ủy ban"),
        ("hoà.", "hòa"),
    ],
)
def test_hash_twins_tone_style(a, b):
    assert hash_form(a) == hash_form(b)
    assert content_hash(a) == content_hash(b)


def test_tone_style_twin_of_full_paragraph():
    new_style = (
        PARAGRAPH.replace("Tỉnh ủy", "Tỉnh uỷ")
        .replace("hòa", "hoà")
        .replace("khỏe", "khoẻ")
    )
    assert new_style != PARAGRAPH
    assert content_hash(new_style) == content_hash(PARAGRAPH)


@pytest.mark.parametrize(
    "word",
    ["quý", "quỳ", "hoàng", "khuỷu", "thuyền", "hoạch", "quyết", "toán"],
)
def test_hash_form_leaves_fixed_spellings_alone(word):
    assert hash_form(word) == word


def test_quy_is_not_a_tone_variant():
    # "qúy" is a misspelling, not the other placement style of "quý"
    assert hash_form("quý") == "quý"
    assert hash_form("quý") != hash_form("qúy")


def test_hash_twins_whitespace_case_punctuation():
    messy = (
        "  " + PARAGRAPH.upper().replace(" - ", " – ").replace(" ", "   ").replace("\n", "\n\n\n \u00a0\n")
        + "\n\n"
    )
    messy = messy.replace("2024.", "2024 …").replace(",", " ,")
    assert messy != PARAGRAPH
    assert normalize_text(messy) != normalize_text(PARAGRAPH)
    assert hash_form(messy) == hash_form(PARAGRAPH)
    assert content_hash(messy) == content_hash(PARAGRAPH)


def test_hash_twins_extra_blank_lines_and_quotes():
    a = "Đoạn một “trích dẫn”.\n\n\n\nĐoạn hai…"
    b = 'Đoạn một "trích dẫn".\nĐoạn hai...'
    assert content_hash(a) == content_hash(b)


def test_hash_form_shape():
    out = hash_form("Tỉnh Uỷ, HÀ NỘI:\n\n  “Hoá chất”…")
    assert out == "tỉnh ủy hà nội hóa chất"
    assert "\n" not in hash_form(PARAGRAPH)
    assert "  " not in hash_form(PARAGRAPH)


def test_different_text_different_hash():
    other = PARAGRAPH.replace("6 tháng đầu năm 2024", "9 tháng đầu năm 2024")
    assert content_hash(other) != content_hash(PARAGRAPH)
    assert content_hash("Tỉnh ủy họp") != content_hash("Huyện ủy họp")


def test_content_hash_ignores_title():
    assert content_hash(PARAGRAPH, title="Tiêu đề A") == content_hash(PARAGRAPH, title="Tiêu đề B")
    assert content_hash(PARAGRAPH, title="Tiêu đề A") == content_hash(PARAGRAPH)


def test_content_hash_is_sha1_hex():
    digest = content_hash(PARAGRAPH)
    assert len(digest) == 40
    int(digest, 16)
    import hashlib

    assert digest == hashlib.sha1(hash_form(PARAGRAPH).encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("Tỉnh ủy họp", 3),
        ("Hội nghị  –  sơ kết ./. 2024", 5),
        ("  \n\t ", 0),
        ("a , b ... 12 \u200b ủy", 4),
        (unicodedata.normalize("NFD", "Tỉnh ủy"), 2),
        ("Trực tuyến : 5814 Đã truy cập : 43584994", 7),
    ],
)
def test_word_count(text, expected):
    assert word_count(text) == expected


# Characters the normalisation treats specially, mixed with Vietnamese letters, combining
# marks, punctuation and symbols: the texts where a shortcut could differ from the long way.
_TRICKY = ("abc đươ ỦY hoà Hà,.;:!?“”–—…/()[]%$€©+=<> \t\n\r\x00\x0b\x1c\x85\u00a0\u00ad\u2000\u2001"
           "\u2011\u2028\u200b\u200d\u202f\u3000\ufeff\u0300\u0301\u0309\u0323\u0345\u0958\u212b"
           "_\u00bd\u00b2\u0661\U0001f600\U0001d7d9\U0001d400\U00020000")  # _ ½ ² ١ 😀 𝟙 𝐀 𠀀


@hypothesis.settings(max_examples=500, deadline=None)
@hypothesis.given(hypothesis.strategies.text(alphabet=hypothesis.strategies.sampled_from(_TRICKY))
                  | hypothesis.strategies.text())
def test_content_hash_of_normalized_text_is_its_hash(text):
    # finish_record hashes its normalised text without normalising it again
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert content_hash(once, normalized=True) == content_hash(once) == content_hash(text)


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(hypothesis.strategies.text(alphabet=hypothesis.strategies.sampled_from(_TRICKY))
                  | hypothesis.strategies.text())
def test_punctuation_to_space_is_the_translation(text):
    assert _punctuation_to_space(text) == text.translate(_PUNCTUATION_TO_SPACE)


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(hypothesis.strategies.text(alphabet=hypothesis.strategies.sampled_from(_TRICKY))
                  | hypothesis.strategies.text())
def test_characters_are_mapped_as_by_the_translation_table(text):
    expected = unicodedata.normalize("NFC", text.replace("\r\n", "\n").translate(_TRANSLATION))
    assert _clean_chars(text) == expected
    lines = (" ".join(part for part in line.split(" ") if part).strip() for line in expected.split("\n"))
    assert normalize_text(text) == "\n".join(line for line in lines if line)  # space runs collapsed line by line


@hypothesis.settings(max_examples=500, deadline=None)
@hypothesis.given(hypothesis.strategies.text(alphabet=hypothesis.strategies.sampled_from(_TRICKY))
                  | hypothesis.strategies.text())
def test_hash_form_is_its_definition(text):
    # punctuation found by a regex of the Basic Multilingual Plane and bytes.split: the same
    # as every character's category and str.split, characters beyond the plane included
    expected = " ".join(_punctuation_to_space(folded(normalize_text(text))).split())
    assert hash_form(text) == expected


@hypothesis.settings(max_examples=500, deadline=None)
@hypothesis.given(hypothesis.strategies.text(alphabet=hypothesis.strategies.sampled_from(_TRICKY))
                  | hypothesis.strategies.text())
def test_word_count_is_its_definition(text):
    expected = sum(1 for token in text.split() if any(c.isalnum() for c in token))
    assert word_count(text) == expected
    once = normalize_text(text)  # counted without splitting it, as finish_record does
    assert word_count(once, normalized=True) == word_count(once)


def test_punctuation_beyond_the_basic_plane_is_in_planes_1_to_3():
    # hash_form looks for it by the UTF-8 lead byte of those planes, F0
    beyond = [cp for cp in range(0x10000, 0x110000) if unicodedata.category(chr(cp))[0] in "PS"]
    assert beyond and {chr(cp).encode()[0] for cp in beyond} == {0xF0}
