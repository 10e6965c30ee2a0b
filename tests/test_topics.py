"""Topics: term matching (accents, tone-mark styles, case, whole words, exclusions), the
built-in set, user files and their errors, `crawler extract`, and `crawler crawl
--only-topics --topics FILE` end to end on a sample portal."""

import glob
import json
import os
import re
import time
import timeit
import unicodedata

import pytest

from conftest import fast, read_records, read_summary, run_cli
from crawler.output.records import RECORD_ORDER
from crawler.sample_portals import expected_articles, serve_portals
from crawler.extraction.textnorm import _unify_tone_placement
from crawler.analysis.topics import (
    BUILTIN_FILE, TopicsError, load_topics, matching_form, parse_topics, with_topics,
)

HERE = os.path.dirname(os.path.abspath(__file__))

# A small set of our own, so the table does not change when the built-in vocabulary does.
SMALL = parse_topics({"topics": {
    "dân vận": {"terms": ["dân vận", "công tác dân vận", "ban dân vận"],
                "exclude": ["dân vận chuyển", "dân vận động", "người dân vận"]},
    "Dân vận khéo": ["dân vận khéo"],
    "dân tộc": ["dân tộc"],
    "thủy lợi": ["công trình thuỷ lợi"],          # new tone style in the term
    "Ủy ban": ["ủy ban mặt trận"],                # old tone style in the term
    "đoàn thể": {"terms": ["tổ chức chính trị - xã hội", "đoàn thể"], "exclude": ["đoàn thể thao"]},
    "đối thoại": ["tiếp xúc, đối thoại"],
    "mttq": ["mttq"],                              # no diacritics: every accentuation
    "người có uy tín": ["trưởng bản"],
    "nong thon moi": ["nong thon moi"],            # no diacritics: every accentuation
}}, "test")

CASES = [
    # (title, text, expected topics)
    ("Giao ban công tác dân vận", "", ["dân vận"]),
    ("", "Sáng nay, Ban Dân vận Tỉnh ủy họp.", ["dân vận"]),
    ("", "PHONG TRÀO DÂN VẬN KHÉO", ["dân vận", "Dân vận khéo"]),           # case; a term holds another
    ("", "phong trào “Dân vận khéo” lan tỏa", ["dân vận", "Dân vận khéo"]),  # quotes
    ("", "dan van kheo o xa Quang Thuy", ["dân vận", "Dân vận khéo"]),      # page typed without marks
    ("Dan van kheo", "Bài viết có dấu về việc khác.", ["dân vận", "Dân vận khéo"]),  # title only
    ("", "dân van khéo", []),                                               # a mix is neither spelling
    ("", "Trưởng Ban Dân vận", ["dân vận"]),                                 # "ban" is not "bản"
    ("", "già làng, truong ban", ["người có uy tín"]),                        # unaccented: ambiguous, matched
    ("", "dần vấn khéo, đàn tộc", []),                                     # other accents are other words
    ("", "đàn tóc", []),                                                    # "dân tộc" needs its marks or none
    ("", "dan toc thieu so", ["dân tộc"]),
    ("", "DAN TOC", ["dân tộc"]),
    ("", "Hoàn thành công trình thủy lợi", ["thủy lợi"]),                  # uỷ/ủy, term new style
    ("", "Uỷ ban Mặt trận tỉnh", ["Ủy ban"]),                               # uỷ/ủy, term old style
    ("", unicodedata.normalize("NFD", "Ủy ban Mặt trận tỉnh"), ["Ủy ban"]),  # NFD text
    ("", "các tổ chức chính trị- xã hội", ["đoàn thể"]),                    # hyphen spacing
    ("", "các tổ chức chính trị – xã hội", ["đoàn thể"]),                   # en dash
    ("", "công tác dân\nvận", ["dân vận"]),                                 # across a line break
    ("", "công tác dân  vận", ["dân vận"]),                                 # two spaces
    ("", "dân vậnx", []),                                                   # whole words
    ("", "xdân vận", []),
    ("", "mttqvn", []),
    ("", "(MTTQ) tỉnh", ["mttq"]),                                          # after punctuation
    ("", "Ủy ban MTTQ", ["mttq"]),
    ("", "chăm lo cho nhân dân. Vận động đoàn viên", []),                    # no term across a full stop
    ("", "nhân dân, vận động", []),                                         # nor across a comma
    ("", "tiếp xúc,đối thoại với cử tri", ["đối thoại"]),                   # a term with a comma
    ("", "tiếp xúc , đối thoại", ["đối thoại"]),
    ("", "người dân vận chuyển hàng hóa", []),                              # excluded phrase
    ("", "Ban Dân vận chuyển giao mô hình", ["dân vận"]),                   # the term is longer than it
    ("", "người dân vận hành máy", []),                                     # excluded phrase starts earlier
    ("", "người dân vận hành máy; Ban Dân vận: người dân vận hành", ["dân vận"]),
    ("", "NGƯỜI DÂN VẬN HÀNH; nguoi dan van hanh", []),                       # exclusions match alike
    ("", "đoàn thể thao Việt Nam", []),
    ("", "đoàn thể thao và các đoàn thể", ["đoàn thể"]),
    ("", "Xây dựng nông thôn mới", ["nong thon moi"]),                     # unaccented term, accented text
    ("", "NÔNG THÔN MỚI", ["nong thon moi"]),
    ("", "", []),
    (None, None, []),
]


@pytest.mark.parametrize("title,text,expected", CASES)
def test_tagging(title, text, expected):
    assert SMALL.tag(title, text) == sorted(expected, key=lambda n: SMALL_ORDER.index(n))


# sorted alphabetically ignoring case and diacritics ("đ" with "d")
SMALL_ORDER = ["dân tộc", "dân vận", "Dân vận khéo", "đoàn thể", "đối thoại", "mttq", "người có uy tín",
               "nong thon moi", "thủy lợi", "Ủy ban"]


def test_order_is_alphabetical_ignoring_case_and_diacritics():
    text = ("dân tộc dân vận khéo đoàn thể tiếp xúc, đối thoại mttq trưởng bản nông thôn mới "
            "công trình thủy lợi ủy ban mặt trận")
    assert SMALL.tag("", text) == SMALL_ORDER


def test_tone_unification_is_hash_forms():
    """matching_form unifies tone marks exactly as textnorm does (through its `folded`)."""
    text = open(os.path.join(os.path.dirname(BUILTIN_FILE), "..", "sample_portals", "data", "stories.txt"),
                encoding="utf-8").read()
    text = unicodedata.normalize("NFC", text.casefold())
    for old, new in [("hòa", "hoà"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"), ("ủy", "uỷ"), ("quý", "qúy")]:
        text = text.replace(old, new)
    assert matching_form(text) == re.sub("[-\u2010-\u2015\u2212\"'`\u00b4\u2018-\u201f\u00ab\u00bb\n]", " ",
                                         _unify_tone_placement(text))


def test_builtin_set():
    topics = load_topics()
    assert topics.source == "built-in"
    assert len(topics) >= 12
    for name in ("dân vận", "Dân vận khéo", "quy chế dân chủ ở cơ sở", "Mặt trận Tổ quốc", "đoàn thể",
                 "tôn giáo", "dân tộc thiểu số", "người có uy tín", "đối thoại với Nhân dân",
                 "xây dựng Đảng", "nông thôn mới"):
        assert name in topics.names
    title = "Giao ban công tác dân vận 6 tháng đầu năm 2021"
    text = ("Đến nay, Đảng đoàn Hội Nông dân, Hội Liên hiệp Phụ nữ, Hội Cựu chiến binh tỉnh đăng ký "
            "gần 2.000 mô hình “Dân vận khéo”; nâng cao hiệu quả thực hiện Quy chế dân chủ ở cơ sở, "
            "công tác tôn giáo, vùng đồng bào dân tộc thiểu số; Ủy ban MTTQ tỉnh phối hợp.")
    assert topics.tag(title, text) == ["dân tộc thiểu số", "dân vận", "Dân vận khéo", "đoàn thể",
                                       "Mặt trận Tổ quốc", "quy chế dân chủ ở cơ sở", "tôn giáo"]
    assert topics.tag("Đoàn thể thao tỉnh giành 3 huy chương", "Người dân vận chuyển hàng.") == []


def test_a_3000_word_article_is_tagged_in_about_a_millisecond():
    """The whole built-in set over a 3,000-word article dense with its vocabulary."""
    topics = load_topics()
    text = open(os.path.join(os.path.dirname(BUILTIN_FILE), "..", "sample_portals", "data", "stories.txt"),
                encoding="utf-8").read()
    words = [w for w in text.split() if not w.startswith(("#", "title:", "date:", "tags:", "author:"))][:3000]
    article = "\n".join(" ".join(words[i:i + 100]) for i in range(0, 3000, 100))
    assert len(article.split()) == 3000
    assert len(topics.tag("", article)) >= 5
    best = min(timeit.repeat(lambda: topics.tag("Tiêu đề", article), number=20, repeat=5,
                             timer=time.thread_time)) / 20  # CPU time: how busy the machine is does not count
    print(f"tag: {best * 1000:.2f} ms for 3,000 words, {len(topics)} topics")
    assert best < 0.005  # about 1 ms


def test_with_topics_places_the_field_in_record_order():
    record = {"url": "u", "title": "Dân vận khéo", "text": "", "language": "vi", "word_count": 0,
              "crawled_at": "t", "reason": "too-short"}
    tagged = with_topics(record, SMALL)
    assert tagged["topics"] == ["dân vận", "Dân vận khéo"]
    order = [k for k in RECORD_ORDER if k in tagged]
    assert list(tagged)[: len(order)] == order and list(tagged)[-1] == "reason"
    assert RECORD_ORDER.index("topics") == RECORD_ORDER.index("language") + 1


# --- files ----------------------------------------------------------------------------

def test_a_user_file_replaces_the_builtin_set(tmp_path):
    path = tmp_path / "topics.toml"
    path.write_text(
        '[topics]\n"nông thôn mới" = ["nông thôn mới", "ntm"]\n\n'
        '[topics."đoàn thể"]\nterms = ["đoàn thể"]\nexclude = ["đoàn thể thao"]\n', encoding="utf-8")
    topics = load_topics(str(path))
    assert topics.names == ["nông thôn mới", "đoàn thể"] and topics.source == str(path)
    assert topics.tag("", "Xây dựng NTM; đoàn thể thao; công tác dân vận") == ["nông thôn mới"]
    assert topics.tag("", "các đoàn thể") == ["đoàn thể"]


BAD_FILES = {
    "toml syntax": ('[topics\n"a" = ["b"]\n', "line 1"),
    "no topics table": ('title = "x"\n', "unexpected 'title'"),
    "empty": ("", "no [topics] table"),
    "empty table": ("[topics]\n", "empty"),
    "not a list": ('[topics]\n"a" = "b"\n', "topic 'a'"),
    "not strings": ('[topics]\n"a" = ["b", 3]\n', "list of strings"),
    "no terms": ('[topics]\n"a" = []\n', "has no terms"),
    "term without letters": ('[topics]\n"a" = ["b", " - "]\n', "has no letters"),
    "unknown key": ('[topics.a]\nterms = ["b"]\nexcluded = ["c"]\n', "unknown key 'excluded'"),
    "table without terms": ('[topics.a]\nexclude = ["c"]\n', "has no terms"),
    "twice": ('[topics]\n"Dân vận" = ["a"]\n"dân vận" = ["b"]\n', "given twice"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_give_one_line_naming_the_file(tmp_path, name):
    content, fragment = BAD_FILES[name]
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TopicsError) as info:
        load_topics(str(path))
    message = str(info.value)
    assert "\n" not in message and str(path) in message and fragment in message, message


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(TopicsError, match="no such topics file"):
        load_topics(str(tmp_path / "nope.toml"))
    (tmp_path / "latin1.toml").write_bytes('[topics]\n"a" = ["dân"]\n'.encode("cp1258", "replace") + b"\xff")
    with pytest.raises(TopicsError, match="not UTF-8|latin1"):
        load_topics(str(tmp_path / "latin1.toml"))
    with pytest.raises(TopicsError, match="cannot read"):
        load_topics(str(tmp_path))


# --- the command line -----------------------------------------------------------------

def crawler(*args):
    return run_cli(*args, timeout=120)


def test_extract_prints_topics(tmp_path):
    page = sorted(glob.glob(os.path.join(HERE, "fixtures", "seed_pages", "*.html")))[0]
    result = crawler("extract", page, "--url", "https://tinhuyquangbinh.vn/a.html")
    record = json.loads(result.stdout)
    assert record["topics"] == load_topics().tag(record["title"], record["text"])
    assert "dân vận" in record["topics"]
    path = tmp_path / "t.toml"
    path.write_text('[topics]\n"giao ban" = ["giao ban"]\n', encoding="utf-8")
    record = json.loads(crawler("extract", page, "--url", "https://x.vn/a.html", "--topics", str(path)).stdout)
    assert record["topics"] == ["giao ban"]
    keys = [k for k in RECORD_ORDER if k in record]
    assert list(record)[: len(keys)] == keys


@pytest.fixture(scope="module")
def portal():
    with serve_portals(names=["qbtv"]) as portals:
        yield portals[0], expected_articles(portals)


@pytest.mark.parametrize("content", [None, '[topics]\n"a" = 1\n'])
def test_bad_topics_file_exits_2_before_any_request(portal, tmp_path, content):
    running, _ = portal
    path = tmp_path / "topics.toml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    before = len(running.requests)
    result = crawler("crawl", running.base_url, "--out", str(tmp_path / "out"), "--topics", str(path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr, result.stderr
    assert len(running.requests) == before
    assert not (tmp_path / "out").exists()


TOPICS_FILE = """
[topics]
# no diacritics: matches "nông thôn mới" however it is accented
"nông thôn mới" = ["nong thon moi"]
"cựu chiến binh" = ["Hội Cựu chiến binh"]
"""


def _expected_topics(story) -> list[str]:
    """Independently of crawler.analysis.topics: plain regexes over the story's title and paragraphs."""
    variant = story.variant(story.urls[0])
    text = unicodedata.normalize("NFC", variant.title + "\n" + "\n".join(variant.paragraphs)).casefold()
    found = []
    if re.search(r"(?<!\w)hội cựu chiến binh(?!\w)", text):
        found.append("cựu chiến binh")
    if re.search(r"(?<!\w)nông thôn mới(?!\w)", text):
        found.append("nông thôn mới")
    return found


def test_only_topics_writes_exactly_the_articles_with_a_topic(portal, tmp_path):
    running, expected = portal
    path = tmp_path / "topics.toml"
    path.write_text(TOPICS_FILE, encoding="utf-8")
    out = tmp_path / "out"
    result = crawler("crawl", running.base_url, "--out", str(out), "--topics", str(path), "--only-topics",
                     *fast(LOG_LEVEL=None))  # the default log level, which logs "no topic: URL"
    assert result.returncode == 0, result.stderr[-3000:]

    want = {story.urls[0]: _expected_topics(story) for story in expected}
    kept = {url: topics for url, topics in want.items() if topics}
    dropped = [url for url, topics in want.items() if not topics]
    assert kept and dropped, "the topics file must split the portal's articles"

    records = read_records(out)
    assert {r["url"]: r["topics"] for r in records} == kept
    for url in dropped:
        assert f"no topic: {url}" in result.stderr
    assert result.stderr.count("no topic: ") == len(dropped)
    summary = read_summary(out)
    assert summary["sites"][running.host]["skipped"]["no_topic"] == len(dropped)
    assert summary["sites"][running.host]["articles_written"] == len(kept)
