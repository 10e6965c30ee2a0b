"""End to end: the real `crawler crawl` on the sample portals served on 127.0.0.x.

Five portals of five CMS families (crawler/sample_portals), with menus, counters, polls,
paginated listings, print and mobile copies, syndicated copies across portals, an NFD page,
a windows-1258 page, a calendar trap, pagination that repeats past its end, soft 404s and a
robots.txt-disallowed section. Checks the JSONL record by record against the stories the
portals publish.
"""

import glob
import os
import unicodedata

import pytest

from conftest import FAST, read_duplicates, read_records, read_summary, run_cli
from crawler.extraction.boilerplate import leaks
from crawler.sample_portals import expected_articles, serve_portals


def _norm(text):
    return " ".join(unicodedata.normalize("NFC", text).split())


def _crawl(urls, out, *extra):
    return run_cli("crawl", *urls, "--out", out, *FAST, *extra)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    with serve_portals() as portals:
        result = _crawl([p.base_url for p in portals], out)
        expected = expected_articles(portals)
        requests = {p.name: list(p.requests) for p in portals}
        records = read_records(out)
        first_summary = read_summary(out)
        second = _crawl([p.base_url for p in portals], out)  # same state: "crawled again tomorrow"
        second_requests = {p.name: p.requests[len(requests[p.name]):] for p in portals}
        in_process_out = tmp_path_factory.mktemp("in-process")  # extraction on the reactor thread
        in_process = _crawl([p.base_url for p in portals], in_process_out, "-s", "EXTRACT_WORKERS=0")
    return dict(out=out, result=result, portals=portals, expected=expected, requests=requests,
                records=records, second=second, first_summary=first_summary, second_requests=second_requests,
                in_process=in_process, in_process_records=read_records(in_process_out))


def test_crawl_exits_zero_and_writes_a_summary(crawl):
    assert crawl["result"].returncode == 0, crawl["result"].stderr[-3000:]
    assert "Crawl summary" in crawl["result"].stderr
    summaries = glob.glob(os.path.join(crawl["out"], "*", "summary-*.json"))
    assert summaries
    report = crawl["first_summary"]
    assert set(report["sites"]) == {p.host for p in crawl["portals"]}
    for site, entry in report["sites"].items():
        assert entry["pages_fetched"] > 0, site
        assert entry["articles_written"] > 0, site


def test_every_story_exactly_once(crawl):
    by_url = {}
    for record in crawl["records"]:
        by_url.setdefault(record["url"], []).append(record)
    expected = crawl["expected"]
    url_to_story = {url: story for story in expected for url in story.urls}
    unexpected = [r["url"] for r in crawl["records"] if r["url"] not in url_to_story]
    assert not unexpected, f"records that are not articles: {unexpected[:10]}"
    written = {}
    for record in crawl["records"]:
        written.setdefault(url_to_story[record["url"]].key, []).append(record["url"])
    missing = [s.key for s in expected if s.key not in written]
    doubled = {k: v for k, v in written.items() if len(v) > 1}
    assert not missing, f"{len(missing)} stories not written: {missing[:10]}"
    assert not doubled, f"stories written more than once: {doubled}"
    assert len(crawl["records"]) == len(expected)


def test_fields_match_the_pages(crawl):
    url_to_story = {url: story for story in crawl["expected"] for url in story.urls}
    problems = []
    for record in crawl["records"]:
        story = url_to_story[record["url"]]
        want = story.variants[record["url"]]
        for field in ("title", "published", "author", "source"):
            if record[field] != getattr(want, field):
                problems.append((record["url"], field, record[field], getattr(want, field)))
        text = _norm(record["text"])
        for paragraph in want.paragraphs:
            if _norm(paragraph) not in text:
                problems.append((record["url"], "paragraph missing", paragraph[:60], None))
    assert not problems, "\n".join(map(str, problems[:30]))


def test_records_are_clean_nfc_and_complete(crawl):
    for record in crawl["records"]:
        assert unicodedata.is_normalized("NFC", record["text"])
        assert unicodedata.is_normalized("NFC", record["title"])
        assert leaks(record["text"]) == [], record["url"]
        assert record["site"] in record["url"]
        assert record["language"] == "vi"
        assert record["word_count"] >= 40
        assert len(record["content_hash"]) == 40
        assert record["crawled_at"].endswith("+07:00")


def test_no_request_to_disallowed_paths(crawl):
    for portal in crawl["portals"]:
        assert portal.disallowed_prefixes
        for method, path, agent in crawl["requests"][portal.name]:
            assert not any(path.startswith(prefix) for prefix in portal.disallowed_prefixes), (portal.name, path)


def test_traps_stay_bounded(crawl):
    for portal in crawl["portals"]:
        paths = [path for _, path, _ in crawl["requests"][portal.name]]
        calendar = [p for p in paths if "/lich/" in p]
        assert len(calendar) < 70, (portal.name, len(calendar))
        assert len(paths) < 600, (portal.name, len(paths))


def test_duplicates_are_logged_not_written(crawl):
    entries = read_duplicates(crawl["out"])
    assert entries
    written_urls = {r["url"] for r in crawl["records"]}
    syndicated = [s for s in crawl["expected"] if len(s.urls) > 1]
    assert syndicated
    for story in syndicated:  # the copy that was not written is in the log, pointing at the one that was
        logged = [e for e in entries if e["url"] in story.urls and e["duplicate_of"] in written_urls]
        assert logged, story.key


def test_second_run_writes_nothing_new(crawl):
    assert crawl["second"].returncode == 0, crawl["second"].stderr[-2000:]
    # the second run's records went to the same dated files; nothing was added
    assert len(read_records(crawl["out"])) == len(crawl["records"])
    report = read_summary(crawl["out"])
    assert report["totals"]["articles_written"] == 0
    # known articles are not fetched again: a handful of requests per unchanged site
    for name, requests in crawl["second_requests"].items():
        assert len(requests) <= 8, (name, str([r[1] for r in requests]))


def test_records_from_the_worker_pool_equal_records_extracted_in_process(crawl):
    """Which of two syndicated copies is written first depends on timing, in either mode; every
    page both runs wrote must be the same record, and the article set the same."""
    assert crawl["in_process"].returncode == 0, crawl["in_process"].stderr[-3000:]
    pooled = {r["url"]: {k: v for k, v in r.items() if k != "crawled_at"} for r in crawl["records"]}
    local = {r["url"]: {k: v for k, v in r.items() if k != "crawled_at"} for r in crawl["in_process_records"]}
    assert {r["content_hash"] for r in pooled.values()} == {r["content_hash"] for r in local.values()}
    common = set(pooled) & set(local)
    assert len(common) >= len(crawl["expected"]) - 4  # all but, at most, the four syndicated pairs
    for url in common:
        assert pooled[url] == local[url], url
