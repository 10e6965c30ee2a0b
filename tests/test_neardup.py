"""Near-duplicates are one article: the similarity and its threshold (crawler/analysis/neardup.py), the
stores that remember signatures (SQLite, and Redis with a real redis-server), and the dedup
pipeline with a real state folder, across two runs.

The edited copies are made from every story of the sample corpus (105 to 917 words), so
the short stories, where a cut lead changes the most shingles, are among them.
"""

from __future__ import annotations

import itertools
import json
import os
import unicodedata
from collections import defaultdict

import numpy as np
import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.analysis import neardup
from crawler.output.records import finish_record
from crawler.state.redisstore import RedisSeenStore
from crawler.sample_portals.bigsite import big_placements
from crawler.sample_portals.corpus import load_corpus
from crawler.sample_portals.model import plain
from crawler.state.seenstore import SeenStore
from crawler.extraction.textnorm import content_hash
from neardup_texts import EDITS, QUOTE, SAME_EVENT_A, SAME_EVENT_B, SAME_EVENT_PAIRS, SHORT_QUOTE, TEMPLATE_PAIRS, \
    corpus_texts, monthly_notice, source_line, trimmed_lead, trimmed_lead_and_source
from crawler.crawlrun import CrawlRun
from pipelines.dedup import DedupPipeline, MarkSeenPipeline
from pipelines.jsonl import JsonlWriterPipeline

THRESHOLD = neardup.NEAR_DUP_THRESHOLD
TEXTS = corpus_texts()
SIGNATURES = {key: neardup.signature(text) for key, text in TEXTS.items()}


def similarity(a: str, b: str) -> float:
    return neardup.similarity(neardup.signature(a).digest, neardup.signature(b).digest)


def copies(a: str, b: str) -> bool:
    """Whether b is taken for a copy of a (similarity and numbers), as the stores decide."""
    sig = neardup.signature(a)
    return neardup.best_match(neardup.signature(b), [("a", sig.digest, sig.numbers)], THRESHOLD) is not None


# --- the similarity and the threshold -------------------------------------------------------

def test_the_crawl_uses_the_documented_threshold():
    import settings
    assert settings.NEAR_DUP_THRESHOLD == THRESHOLD == 0.5
    assert neardup.threshold_of(get_crawler(settings_dict={}).settings) == 0.5
    assert neardup.threshold_of(get_crawler(settings_dict={"NEAR_DUP_THRESHOLD": "0"}).settings) == 0


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_every_edited_copy_of_every_story_is_a_duplicate(edit):
    scores = {}
    for key, text in TEXTS.items():
        copy = EDITS[edit](text)
        assert copy != text
        sig = neardup.signature(copy)
        scores[key] = neardup.similarity(SIGNATURES[key].digest, sig.digest)
        # the LSH bands bring the original up as a candidate: the store looks at nothing else
        assert set(sig.bands) & set(SIGNATURES[key].bands), (edit, key)
        assert copies(text, copy), (edit, key)  # its numbers are among the original's, or the reverse
    worst = min(scores, key=scores.get)
    assert scores[worst] >= THRESHOLD, f"{edit}: {worst} ({len(TEXTS[worst].split())} words) at {scores[worst]:.3f}"


def test_tone_style_and_nfd_twins_have_one_signature():
    import unicodedata
    a = "Ban Thường vụ Tỉnh ủy chỉ đạo hòa giải ở cơ sở, chăm lo sức khỏe cho Nhân dân. " * 8
    b = unicodedata.normalize("NFD", a.replace("ủy", "uỷ").replace("hòa", "hoà").replace("khỏe", "khoẻ"))
    assert a != b
    assert neardup.signature(a) == neardup.signature(b)


@pytest.mark.parametrize("name", sorted(SAME_EVENT_PAIRS))
def test_two_articles_about_one_event_are_not_duplicates(name):
    a, b = SAME_EVENT_PAIRS[name]
    quote = QUOTE if QUOTE in a else SHORT_QUOTE
    assert quote in a and quote in b  # the pair does share a quoted statement
    assert similarity(a, b) < THRESHOLD - 0.25  # measured: 0.12 and 0.16


@pytest.mark.parametrize("name", sorted(TEMPLATE_PAIRS))
def test_two_notices_of_one_template_are_two_articles(name):
    """Alike in words, so over the threshold, but each has dates or figures the other lacks."""
    a, b = TEMPLATE_PAIRS[name]
    assert similarity(a, b) >= THRESHOLD  # measured: 0.78 and 0.82
    assert not copies(a, b) and not copies(b, a)
    assert copies(a, "Chia sẻ bài viết\n" + source_line(a))  # a copy of one still is one


def test_distinct_corpus_stories_are_far_below_the_threshold():
    worst = max(neardup.similarity(SIGNATURES[x].digest, SIGNATURES[y].digest)
                for x, y in itertools.combinations(SIGNATURES, 2))
    assert worst < 0.1  # measured: 0.035


def test_the_generated_portals_articles_are_never_merged():
    """The 1,000-article portal of tests/test_incremental.py and tests/test_resume.py recombines
    shared corpus sentences, so some of its articles share much more than real ones do (0.33 at
    most, true Jaccard): none may reach the threshold."""
    _, stories = big_placements(load_corpus(), 1000)
    sigs = {key: neardup.signature("\n".join(plain(v) for kind, v in s.blocks if kind == "p"))
            for key, s in stories.items()}
    by_band = defaultdict(list)
    for key, sig in sigs.items():
        for band in sig.bands:
            by_band[band].append(key)
    pairs = {pair for keys in by_band.values() for pair in itertools.combinations(keys, 2)}
    assert pairs  # some do share a band, and are compared
    worst = max(neardup.similarity(sigs[x].digest, sigs[y].digest) for x, y in pairs)
    assert worst < THRESHOLD - 0.1


def test_signatures_do_not_change_between_versions():
    """Signatures are stored and compared across runs: a change of shingling, hashing or of
    datasketch's permutations would make every stored one useless without a word."""
    sig = neardup.signature("Sáng 12/7, tại thành phố Đồng Hới, Ban Dân vận Tỉnh ủy Quảng Bình "
                            "tổ chức hội nghị sơ kết công tác dân vận")
    assert list(np.frombuffer(sig.digest, "<u2")[:6]) == [50054, 33458, 10937, 1935, 27918, 58412]
    assert sig.bands[:2] == (61185484722084779, 85695695209631262)
    assert len(sig.digest) == neardup.SIGNATURE_BYTES and len(sig.bands) == neardup.BANDS
    assert list(np.frombuffer(sig.numbers, "<u2")) == [17613, 19074]  # "12/7" is two numbers, 12 and 7


# --- the SQLite store -----------------------------------------------------------------------

def write(store, url: str, text: str) -> tuple[str, object]:
    """Claim, near-claim and mark as the pipelines do; returns (hash, near_claim's answer)."""
    h = content_hash(text)
    assert store.claim(h, url) is None
    near = store.near_claim(h, url, neardup.signature(text), THRESHOLD)
    if near is None:
        store.mark(h, [url], "site", "2024-07-12T10:00:00+07:00")
    return h, near


def test_sqlite_store_finds_a_copy_of_an_article_written_in_an_earlier_run(tmp_path):
    original = TEXTS["qb-giao-ban-dan-van-6-thang-2021"]
    store = SeenStore(str(tmp_path / "seen.sqlite"))
    h, near = write(store, "http://a/1", original)
    assert near is None
    store.close()

    store = SeenStore(str(tmp_path / "seen.sqlite"))  # the next scheduled run
    copy = trimmed_lead_and_source(original)
    copy_hash = content_hash(copy)
    assert store.claim(copy_hash, "http://b/1") is None  # not an exact copy
    url, matched, score = store.near_claim(copy_hash, "http://b/1", neardup.signature(copy), THRESHOLD)
    assert (url, matched) == ("http://a/1", h) and THRESHOLD <= score < 1
    assert copy_hash not in store.claims  # given up: it will not be written
    assert write(store, "http://c/1", SAME_EVENT_A)[1] is None
    assert write(store, "http://d/1", SAME_EVENT_B)[1] is None
    assert store.db.execute("SELECT COUNT(*) FROM signatures").fetchone()[0] == 3
    assert store.db.execute("SELECT COUNT(*) FROM bands").fetchone()[0] == 3 * neardup.BANDS


def test_sqlite_store_sees_a_record_being_written(tmp_path):
    """Claimed and near-claimed but not yet marked (between the dedup and the writer)."""
    store = SeenStore(str(tmp_path / "seen.sqlite"))
    original = TEXTS["st-ket-luan-114-2022"]
    h = content_hash(original)
    store.claim(h, "http://a/1")
    assert store.near_claim(h, "http://a/1", neardup.signature(original), THRESHOLD) is None
    copy = source_line(original)
    store.claim(content_hash(copy), "http://b/1")
    assert store.near_claim(content_hash(copy), "http://b/1", neardup.signature(copy), THRESHOLD)[:2] == ("http://a/1", h)


def test_a_record_recovered_at_start_gets_its_signature(tmp_path):
    """A kill between the write and the mark: recovery marks the last record, with its text."""
    from crawler.output.recovery import OutputLedger, recover
    original = TEXTS["qb-phu-nu-tinh-nguyen-2024"]
    os.makedirs(tmp_path / "out" / "2024-07-12")
    written = tmp_path / "out" / "2024-07-12" / "a.jsonl"
    ledger = OutputLedger(str(tmp_path / "state"), str(tmp_path / "out"))
    ledger.record(str(written))  # the crawler records a file before it first writes it
    with open(written, "w", encoding="utf-8") as f:
        f.write(json.dumps({"url": "http://a/1", "site": "a", "text": original,
                            "content_hash": content_hash(original), "crawled_at": "x"}) + "\n")
    store = SeenStore(str(tmp_path / "seen.sqlite"))
    assert recover(str(tmp_path / "out"), store, __import__("logging").getLogger(), ledger)["records_marked"] == 1
    copy = trimmed_lead(original)
    store.claim(content_hash(copy), "http://b/1")
    assert store.near_claim(content_hash(copy), "http://b/1", neardup.signature(copy), THRESHOLD)[0] == "http://a/1"


# --- the pipeline, with a real state folder, two runs ---------------------------------------

def record(url: str, text: str, title: str) -> dict:
    site = url.split("/")[2]
    return finish_record({"url": url, "canonical_url": url, "site": site, "title": title, "text": text,
                          "published": "2024-07-12", "author": None, "source": None, "images": [],
                          "language": "vi", "crawled_at": "2024-07-12T10:00:00+07:00"})


class Run:
    """The three dedup/writer pipelines of one crawl, as Scrapy chains them."""

    def __init__(self, out, **settings):
        self.crawler = get_crawler(settings_dict={"OUTPUT_DIR": str(out), "EXTENSIONS": {CrawlRun: 0}, **settings})
        self.pipes = [DedupPipeline.from_crawler(self.crawler), JsonlWriterPipeline.from_crawler(self.crawler),
                      MarkSeenPipeline.from_crawler(self.crawler)]
        for pipe in self.pipes:
            pipe.open_spider() if hasattr(pipe, "open_spider") else None

    def feed(self, item: dict) -> bool:
        """True when the item went through (written), False when dropped."""
        try:
            for pipe in self.pipes:
                item = pipe.process_item(item)
        except DropItem:
            return False
        return True

    def close(self):
        for pipe in self.pipes:
            pipe.close_spider() if hasattr(pipe, "close_spider") else None
        self.crawler.get_extension(CrawlRun).engine_stopped()  # the store committed and closed, as at a crawl's end


def output(out) -> tuple[list[dict], list[dict]]:
    records, dupes = [], []
    for folder in sorted(os.listdir(out)):
        if folder.startswith("."):
            continue
        for name in sorted(os.listdir(os.path.join(out, folder))):
            lines = [json.loads(line) for line in open(os.path.join(out, folder, name), encoding="utf-8")]
            (dupes if name == "duplicates.jsonl" else records).extend(lines)
    return records, dupes


def test_pipeline_logs_an_edited_copy_instead_of_writing_it_and_remembers_it_next_run(tmp_path):
    out = tmp_path / "out"
    original = TEXTS["thuong-truc-tinh-uy-giao-ban-quy-4-2018"]
    first = Run(out)
    assert first.feed(record("http://baoquangbinh.vn/a/1.html", original, "Thường trực Tỉnh ủy giao ban"))
    # syndicated the same day: another title, lead cut, a source line
    copy = record("http://qbtv.vn/b/2.html", trimmed_lead_and_source(original), "Giao ban dân vận quý IV")
    assert not first.feed(copy)
    assert first.feed(record("http://tinhuy.vn/c/3.html", SAME_EVENT_A, "Sơ kết công tác dân vận"))
    first.close()

    records, dupes = output(out)
    assert [r["url"] for r in records] == ["http://baoquangbinh.vn/a/1.html", "http://tinhuy.vn/c/3.html"]
    [logged] = dupes
    assert logged["url"] == "http://qbtv.vn/b/2.html" and logged["match"] == "near"
    assert logged["duplicate_of"] == "http://baoquangbinh.vn/a/1.html"
    assert logged["duplicate_of_hash"] == records[0]["content_hash"] != logged["content_hash"]
    assert THRESHOLD <= logged["similarity"] < 1
    assert first.crawler.stats.get_value("dedup/near_duplicates") == 1
    assert first.crawler.stats.get_value("site/qbtv.vn/duplicates") == 1

    second = Run(out)  # a later run on the same state folder
    assert not second.feed(record("http://btgtu.vn/d/4.html", source_line(original), "Giao ban"))
    assert not second.feed(record("http://qbtv.vn/b/2.html", trimmed_lead_and_source(original), "Giao ban"))
    assert not second.feed(record("http://tinhuy.vn/c/3.html", SAME_EVENT_A, "Sơ kết"))  # exact
    assert second.feed(record("http://qbtv.vn/e/5.html", SAME_EVENT_B, "Hội nghị dân vận"))  # same event, kept
    second.close()
    records, dupes = output(out)
    assert sorted(r["url"] for r in records) == ["http://baoquangbinh.vn/a/1.html", "http://qbtv.vn/e/5.html",
                                                 "http://tinhuy.vn/c/3.html"]
    assert [(d["url"], d["match"], d["duplicate_of"]) for d in dupes[1:]] == [
        ("http://btgtu.vn/d/4.html", "near", "http://baoquangbinh.vn/a/1.html"),
        ("http://qbtv.vn/b/2.html", "near", "http://baoquangbinh.vn/a/1.html"),
        ("http://tinhuy.vn/c/3.html", "exact", "http://tinhuy.vn/c/3.html"),
    ]
    assert dupes[3]["similarity"] == 1.0


def test_pipeline_writes_each_notice_of_one_template(tmp_path):
    run = Run(tmp_path / "out")
    assert run.feed(record("http://tinhuy.vn/tb/6.html", monthly_notice(14, 6), "Lịch tiếp công dân tháng 6"))
    assert run.feed(record("http://tinhuy.vn/tb/7.html", monthly_notice(15, 7), "Lịch tiếp công dân tháng 7"))
    assert not run.feed(record("http://qbtv.vn/tb/7.html", source_line(monthly_notice(15, 7)), "Lịch tháng 7"))
    run.close()
    records, dupes = output(tmp_path / "out")
    assert len(records) == 2
    assert [(d["duplicate_of"], d["match"]) for d in dupes] == [("http://tinhuy.vn/tb/7.html", "near")]


def test_pipeline_with_the_threshold_at_zero_keeps_only_exact_dedup(tmp_path):
    out = tmp_path / "out"
    original = TEXTS["thuong-truc-tinh-uy-giao-ban-quy-4-2018"]
    run = Run(out, NEAR_DUP_THRESHOLD=0)
    assert run.feed(record("http://a.vn/1", original, "A"))
    assert run.feed(record("http://b.vn/2", source_line(original), "B"))
    assert not run.feed(record("http://c.vn/3", original, "C"))
    run.close()
    assert len(output(out)[0]) == 2


# --- Redis: two workers --------------------------------------------------------------------

def test_redis_workers_see_each_others_articles(redis_url):
    one, two = RedisSeenStore(redis_url), RedisSeenStore(redis_url)
    original = TEXTS["khoi-dan-van-giao-ban-quy-1-2021"]
    h, near = write(one, "http://a/1", original)
    assert near is None
    copy = trimmed_lead(original)
    assert two.claim(content_hash(copy), "http://b/1") is None
    url, matched, score = two.near_claim(content_hash(copy), "http://b/1", neardup.signature(copy), THRESHOLD)
    assert (url, matched) == ("http://a/1", h) and score >= THRESHOLD
    assert two.redis.get(two.claim_prefix + content_hash(copy)) is None  # claim given up
    assert not two.redis.hexists(two.signatures, content_hash(copy)[:16])  # and unpublished
    keys, fields = two._band_places(neardup.signature(copy))
    assert all(content_hash(copy)[:16] not in (two.redis.hget(k, f) or "") for k, f in zip(keys, fields))
    assert all(h[:16] in (two.redis.hget(k, f) or "") for k, f in zip(*two._band_places(SIGNATURES["khoi-dan-van-giao-ban-quy-1-2021"])))
    assert write(two, "http://c/1", SAME_EVENT_A)[1] is None
    assert write(one, "http://d/1", SAME_EVENT_B)[1] is None


def test_redis_two_copies_at_the_same_moment_one_is_kept(redis_url):
    """Both workers publish before either has looked: the one published first keeps its
    record, the other sees it and gives way, whatever order they look in."""
    one, two = RedisSeenStore(redis_url), RedisSeenStore(redis_url)
    a = TEXTS["bst-ok-om-bok-2017"]
    b = a + "\n(qbtv.vn)"
    ha, hb = content_hash(a), content_hash(b)
    sa, sb = neardup.signature(a), neardup.signature(b)
    assert one.claim(ha, "http://a/1") is None and two.claim(hb, "http://b/1") is None
    seq_a = one._publish(ha, sa)
    seq_b = two._publish(hb, sb)
    assert seq_a < seq_b
    assert two._check(hb, sb, seq_b, THRESHOLD)[:2] == ("http://a/1", ha)  # b looks first: gives way
    assert one._check(ha, sa, seq_a, THRESHOLD) is None  # a looks next: b came after it


def test_redis_a_worker_that_died_does_not_block_a_copy(redis_url):
    one, two = RedisSeenStore(redis_url), RedisSeenStore(redis_url)
    original = TEXTS["st-ket-luan-114-2022"]
    h = content_hash(original)
    one._publish(h, neardup.signature(original))  # published, never claimed or written
    copy = source_line(original)
    assert two.claim(content_hash(copy), "http://b/1") is None
    assert two.near_claim(content_hash(copy), "http://b/1", neardup.signature(copy), THRESHOLD) is None


def test_redis_pipelines_of_two_workers(redis_url, tmp_path):
    """Each worker writes to its own folder; the copy extracted by the second is logged there
    as a duplicate of the first worker's record."""
    settings = {"REDIS_URL": redis_url, "SEEN_STORE": "crawler.state.redisstore.RedisSeenStore"}
    original = TEXTS["dan-van-kheo-dia-ban-tinh-2020"]
    one, two = Run(tmp_path / "w1", **settings), Run(tmp_path / "w2", **settings)
    assert one.feed(record("http://baosoctrang.vn/a/1.html", original, "Dân vận khéo"))
    assert not two.feed(record("http://btgdv.vn/b/2.html", "Chia sẻ bài viết\n" + source_line(original), "Khác"))
    assert two.feed(record("http://btgdv.vn/c/3.html", SAME_EVENT_A, "Sơ kết"))
    assert not one.feed(record("http://baosoctrang.vn/d/4.html", trimmed_lead(SAME_EVENT_A), "Sơ kết"))
    one.close(), two.close()
    (w1, d1), (w2, d2) = output(tmp_path / "w1"), output(tmp_path / "w2")
    assert [r["url"] for r in w1] == ["http://baosoctrang.vn/a/1.html"]
    assert [r["url"] for r in w2] == ["http://btgdv.vn/c/3.html"]
    assert [(d["url"], d["duplicate_of"], d["match"]) for d in d2] == [
        ("http://btgdv.vn/b/2.html", "http://baosoctrang.vn/a/1.html", "near")]
    assert [(d["url"], d["duplicate_of"], d["match"]) for d in d1] == [
        ("http://baosoctrang.vn/d/4.html", "http://btgdv.vn/c/3.html", "near")]
    assert d1[0]["similarity"] >= THRESHOLD and d2[0]["similarity"] >= THRESHOLD


def test_signatures_are_datasketchs_minhash():
    """crawler.analysis.neardup computes datasketch's affine32 MinHash with numpy alone (importing
    datasketch costs the crawling process 60 MB of scipy): the values must be the same."""
    from datasketch import MinHash

    for text in ("Sáng 12/7, Ban Dân vận Tỉnh ủy Quảng Bình tổ chức hội nghị sơ kết công tác dân vận",
                 " ".join(f"từ{i}" for i in range(700)), "ngắn", ""):
        hashes = neardup.shingle_hashes(text)
        reference = MinHash(num_perm=neardup.NUM_PERM, seed=neardup.SEED, hashfunc=lambda v: v, scheme="affine32")
        reference.update_batch(hashes.tolist())
        assert np.array_equal(neardup.minhash_values(hashes), reference.hashvalues)


def test_the_crawling_process_does_not_import_scipy():
    import subprocess
    import sys

    code = "import sys, crawler.analysis.neardup, pipelines.dedup; print('scipy' in sys.modules, 'datasketch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_signature_of_a_normalised_text_skips_no_step():
    from crawler.extraction.textnorm import normalize_text

    raw = unicodedata.normalize("NFD", "Tỉnh uỷ Quảng Bình:  hoà giải,\u00a0năm 2024 -- 125 hộ dân.\n\nXuân Trí")
    plain = neardup.signature(raw)
    finished = neardup.signature(normalize_text(raw), normalized=True)
    assert finished.digest == plain.digest and finished.numbers == plain.numbers and finished.bands == plain.bands
    assert plain.numbers  # "2024" and "125" were read
