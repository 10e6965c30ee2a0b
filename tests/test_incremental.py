"""Repeat runs fetch only what is new: measured on a portal of 1,000 articles.

Run 1 writes every article; run 2 on the unchanged site writes nothing and makes a
handful of requests (conditional GETs of feeds and sitemaps answer 304); after N new
articles are published, run 3 writes exactly those N with about N plus a few requests.
Also: one crawl per state folder (a killed holder does not leave it locked), and --since.
"""

import json
import os
import signal
import subprocess
import sys

import pytest

from crawler.demo import written_records as records
from crawler.sample_portals import expected_articles, serve_portals

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]
NEW = 7


def crawl(url, out, *extra):
    return subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", url, "--out", str(out), *FAST, *extra],
                          capture_output=True, text=True, timeout=900)


def summary(out):
    return json.load(open(os.path.join(out, "last-summary.json"), encoding="utf-8"))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("incremental")
    with serve_portals(names=["big"], big_articles=1000) as [portal]:
        results = []
        for run in range(3):
            if run == 2:
                new_urls = [portal.add_article(
                    f"Bài mới số {i}: khối dân vận huyện giao ban quý IV năm 2026",
                    [f"Sáng 20/11, Ban Dân vận Huyện ủy tổ chức hội nghị giao ban khối dân vận lần thứ {i}, "
                     "đánh giá kết quả thực hiện phong trào thi đua Dân vận khéo và Quy chế dân chủ ở cơ sở, "
                     "đề ra nhiệm vụ trọng tâm thời gian tới với nhiều giải pháp cụ thể, thiết thực.",
                     f"Hội nghị thống nhất {i + 3} nhóm giải pháp, trong đó chú trọng nắm bắt tình hình Nhân dân, "
                     "giải quyết kịp thời kiến nghị chính đáng của người dân ngay từ cơ sở."],
                    author="Minh Anh") for i in range(NEW)]
            before_records, before_requests = len(records(out)), len(portal.requests)
            result = crawl(portal.base_url, out)
            results.append(dict(result=result, summary=summary(out),
                                requests=[p for _, p, _ in portal.requests[before_requests:]],
                                written=records(out)[before_records:]))
        expected = expected_articles([portal])
        yield dict(out=out, runs=results, expected=expected, new_urls=new_urls, portal=portal)


def test_first_run_writes_every_article(runs):
    first = runs["runs"][0]
    assert first["result"].returncode == 0, first["result"].stderr[-2000:]
    assert len(runs["expected"]) == 1000 + NEW
    assert len(first["written"]) == 1000
    assert len({r["url"] for r in first["written"]}) == 1000


def test_second_run_on_unchanged_site_is_cheap(runs):
    second = runs["runs"][1]
    assert second["result"].returncode == 0
    assert second["written"] == []
    # robots.txt (Scrapy's middleware and ours), home page, sitemap.xml and the news
    # sitemap it lists; the feed and sitemaps answer 304 to their conditional requests
    assert len(second["requests"]) <= 6, second["requests"]
    assert second["summary"]["totals"]["not_modified"] >= 2


def test_third_run_writes_exactly_the_new_articles(runs):
    third = runs["runs"][2]
    assert third["result"].returncode == 0
    assert sorted(r["url"] for r in third["written"]) == sorted(runs["new_urls"])
    assert {r["author"] for r in third["written"]} == {"Minh Anh"}
    print(f"\nrequests per run: {[len(r['requests']) for r in runs['runs']]}; "
          f"records per run: {[len(r['written']) for r in runs['runs']]}; third run: {third['requests']}")
    # the new articles, plus robots.txt, home, sitemaps and feed, and the listings that show them
    assert len(third["requests"]) <= NEW + 20, third["requests"]


def test_a_second_crawl_on_the_same_state_stops_at_start(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from crawler.statelock import StateLock; "
        "StateLock(sys.argv[1]).acquire(); print('locked', flush=True); time.sleep(60)"),
        str(tmp_path / ".state")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with serve_portals(names=["qbtv"]) as [portal]:
            blocked = crawl(portal.base_url, tmp_path)
            assert blocked.returncode == 3
            assert "another crawl" in blocked.stderr and f"pid {holder.pid}" in blocked.stderr
            assert portal.requests == []  # stopped before any request
            holder.send_signal(signal.SIGKILL)  # a killed holder must not leave the state locked
            holder.wait(timeout=10)
            after = crawl(portal.base_url, tmp_path)
            assert after.returncode == 0, after.stderr[-2000:]
            assert records(tmp_path)
    finally:
        holder.kill()


def test_since_limits_articles_and_stops_listings(tmp_path):
    with serve_portals(names=["big"], big_articles=300) as [portal]:
        expected = expected_articles([portal])
        dates = sorted(e.published[:10] for e in expected)
        since = dates[len(dates) * 3 // 4]  # the newest quarter
        result = crawl(portal.base_url, tmp_path, "--since", since)
        assert result.returncode == 0, result.stderr[-2000:]
        written = records(tmp_path)
        want = {url for e in expected if e.published[:10] >= since for url in e.urls[:1]}
        assert {r["url"] for r in written} == want
        assert all(r["published"][:10] >= since for r in written)
        assert len(portal.requests) < len(expected)  # listings stopped past the date
